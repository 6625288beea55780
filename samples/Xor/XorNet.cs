using NetGen;

namespace Samples.Xor;

/// <summary>The classic XOR problem: two inputs, one hidden layer of four tanh units, a sigmoid output.</summary>
[Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.5f, BatchSize = 4, Seed = 7)]
[Input(2)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class XorNet { }
