using NetGen;

namespace Samples.Iris;

/// <summary>4 measurements → 8 tanh units → 3 class logits; the softmax is inside the cross-entropy loss.</summary>
[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.01f, BatchSize = 16, Seed = 1)]
[Input(4)]
[Dense(8, Activation.Tanh)]
[Dense(3, Activation.Identity)]
public partial class IrisNet { }
