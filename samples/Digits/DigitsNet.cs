using NetGen;

namespace Samples.Digits;

/// <summary>8×8 pixels (0..16, scaled to 0..1) → 64 ReLU units → 10 digit logits; the softmax is inside the loss.</summary>
[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.003f, BatchSize = 32, Seed = 1)]
[Input(64)]
[Dense(64, Activation.Relu)]
[Dense(10, Activation.Identity)]
public partial class DigitsNet { }
