using NetGen;

namespace Samples.Mnist;

/// <summary>28×28 pixels (scaled to 0..1) → 128 ReLU units → 10 digit logits; the softmax is inside the loss.</summary>
[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.001f, BatchSize = 64, Seed = 1)]
[Input(784)]
[Dense(128, Activation.Relu)]
[Dense(10, Activation.Identity)]
public partial class MnistNet { }
