using NetGen;

namespace NetGen.Benchmarks.Workloads;

// The five networks of ../shared/WORKLOADS.md (docs/benchmarks.md), declared as a user would.
// CrossEntropy on an Identity output is PyTorch's F.cross_entropy on logits; Predict returns the logits.

[Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.5f, BatchSize = 1, Seed = 0)]
[Input(2)]
[Dense(4, Activation.Tanh, Init = Init.XavierUniform)]
[Dense(1, Activation.Sigmoid, Init = Init.XavierUniform)]
public sealed partial class XorWorkload { }

[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.01f, BatchSize = 16, Seed = 0)]
[Input(4)]
[Dense(16, Activation.Relu, Init = Init.HeUniform)]
[Dense(16, Activation.Relu, Init = Init.HeUniform)]
[Dense(3, Init = Init.XavierUniform)]
public sealed partial class IrisWorkload { }

[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 1e-3f, BatchSize = 32, Seed = 0)]
[Input(64)]
[Dense(64, Activation.Relu, Init = Init.HeUniform)]
[Dense(32, Activation.Relu, Init = Init.HeUniform)]
[Dense(10, Init = Init.XavierUniform)]
public sealed partial class DigitsWorkload { }

[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Sgd, Momentum = 0.9f, LearningRate = 0.01f, BatchSize = 64, Seed = 0)]
[Input(784)]
[Dense(128, Activation.Relu, Init = Init.HeUniform)]
[Dense(10, Init = Init.XavierUniform)]
public sealed partial class MnistWorkload { }

[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 1e-3f, BatchSize = 64, Seed = 0)]
[GradientClipping(MaxNorm = 1f)]
[Input(256)]
[Dense(256, Activation.Relu, Init = Init.HeUniform)]
[Dense(256, Activation.Relu, Init = Init.HeUniform)]
[Dense(256, Activation.Relu, Init = Init.HeUniform)]
[Dense(256, Activation.Relu, Init = Init.HeUniform)]
[Dense(256, Activation.Relu, Init = Init.HeUniform)]
[Dense(256, Activation.Relu, Init = Init.HeUniform)]
[Dense(10, Init = Init.XavierUniform)]
public sealed partial class DeepWorkload { }
