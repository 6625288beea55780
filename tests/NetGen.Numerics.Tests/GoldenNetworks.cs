using NetGen;

namespace NetGen.Numerics.Tests;

// The networks of Golden/make_golden.py, declared the NetGen way. BatchSize 5: the fixtures train on 5 rows.

[Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.5f, BatchSize = 5)]
[Input(2)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class XorSgd { }

[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Sgd, LearningRate = 0.1f, Momentum = 0.9f, WeightDecay = 0.01f, RegularizeBias = true, BatchSize = 5)]
[Input(3)]
[Dense(5, Activation.LeakyRelu)]
[Dense(2, Activation.Identity)]
public partial class SgdMomentumDecayMse { }

[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.01f, BatchSize = 5)]
[Input(4)]
[Dense(8, Activation.Relu)]
[Dense(3, Activation.Softmax)]
public partial class AdamSoftmaxCrossEntropy { }

[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.05f, WeightDecay = 0.001f, RegularizeBias = true, BatchSize = 5)]
[GradientClipping(MaxNorm = 0.2f)]
[Input(4)]
[Dense(6, Activation.Tanh)]
[Dense(5, Activation.Relu)]
[Dense(3, Activation.Identity)]
public partial class AdamClipNormSoftTargets { }

[Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 1f, BatchSize = 5)]
[GradientClipping(MaxValue = 0.02f)]
[Input(3)]
[Dense(6, Activation.Sigmoid)]
[Dense(4, Activation.Tanh)]
[Dense(2, Activation.Sigmoid)]
public partial class SgdClipValueBce { }

[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Adam, LearningRate = 0.02f, WeightDecay = 0.01f, RegularizeBias = true, BatchSize = 5)]
[GradientClipping(MaxNorm = 0.1f)]
[Input(3)]
[Dense(4, Activation.Relu)]
[Dense(3, Activation.Softmax)]
public partial class AdamMseSoftmaxDecayClip { }

[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.3f, Momentum = 0.5f, BatchSize = 5)]
[Input(3)]
[Dense(5, Activation.Relu)]
[Dense(3, Activation.Tanh)]
public partial class MomentumCrossEntropyOnTanh { }

// The README's network, exactly as the XOR sample declares it.
[Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.5f, Seed = 7)]
[Input(2)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class XorNet { }

// Same parameter count as XorNet, another architecture: its weights files must not load into XorNet.
[Network(Loss = Loss.BinaryCrossEntropy, LearningRate = 0.5f, Seed = 7)]
[Input(2)]
[Dense(4, Activation.Relu)]
[Dense(1, Activation.Sigmoid)]
public partial class XorReluNet { }
