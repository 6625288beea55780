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

// The catalogue (issue 3): the same networks as the second half of make_golden.py's CASES.

[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Sgd, LearningRate = 0.05f, Momentum = 0.9f, Nesterov = true, BatchSize = 5)]
[Input(3)]
[Dense(6, Activation.Elu, Alpha = 0.7f)]
[Dense(5, Activation.Selu)]
[Dense(4, Activation.Gelu)]
[Dense(3, Activation.Identity)]
public partial class EluSeluGeluNesterov { }

[Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.RmsProp, LearningRate = 0.01f, Alpha = 0.9f, Momentum = 0.5f, Centered = true, BatchSize = 5)]
[Input(3)]
[Dense(6, Activation.GeluTanh)]
[Dense(5, Activation.Softplus)]
[Dense(4, Activation.Mish)]
[Dense(2, Activation.HardSigmoid)]
public partial class SmoothActivationsRmsProp { }

[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.AdamW, LearningRate = 0.01f, WeightDecay = 0.05f, BatchSize = 5)]
[Input(4)]
[Dense(6, Activation.PRelu)]
[Dense(5, Activation.PRelu, PerUnit = true, Slope = 0.1f)]
[Dense(4, Activation.Swish, Beta = 1.5f, LearnableBeta = true)]
[Dense(4, Activation.Swish)]
[Dense(3, Activation.Identity)]
public partial class LearnableActivationsAdamW { }

[Network(Loss = Loss.Huber, HuberDelta = 0.5f, Optimizer = Optimizer.AdaGrad, LearningRate = 0.1f, BatchSize = 5)]
[Input(4)]
[Dense(5, Activation.CRelu)]
[Dense(4, Activation.Maxout, Pieces = 3)]
[Dense(3, Activation.LeakyRelu, Slope = 0.2f)]
[Dense(2, Activation.Identity)]
public partial class CReluMaxoutAdaGradHuber { }

[Network(Loss = Loss.BinaryCrossEntropyWithLogits, Optimizer = Optimizer.Adam, LearningRate = 0.05f,
    Schedule = LearningRateSchedule.Step, ScheduleStepSize = 2, ScheduleGamma = 0.5f, BatchSize = 5)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(2, Activation.Identity)]
public partial class LogitsAdamStepSchedule { }

[Network(Loss = Loss.Focal, FocalGamma = 2f, FocalAlpha = 0.25f, Optimizer = Optimizer.Sgd, LearningRate = 0.5f,
    Schedule = LearningRateSchedule.Exponential, ScheduleGamma = 0.9f, BatchSize = 5)]
[Input(3)]
[Dense(5, Activation.Relu)]
[Dense(2, Activation.Identity)]
public partial class FocalExponentialSchedule { }

[Network(Loss = Loss.KullbackLeibler, Optimizer = Optimizer.Adam, LearningRate = 0.05f,
    Schedule = LearningRateSchedule.Cosine, ScheduleSteps = 4, MinLearningRate = 0.001f, BatchSize = 5)]
[Input(4)]
[Dense(6, Activation.Tanh)]
[Dense(3, Activation.Softmax)]
public partial class KullbackLeiblerCosine { }

[Network(Loss = Loss.CrossEntropy, ClassWeights = new[] { 1f, 2f, 0.5f }, Optimizer = Optimizer.Sgd, LearningRate = 0.2f, Momentum = 0.9f, BatchSize = 5)]
[Input(4)]
[Dense(6, Activation.Relu)]
[Dense(3, Activation.Identity)]
public partial class WeightedCrossEntropyLabels { }

[Network(Loss = Loss.MeanAbsoluteError, Optimizer = Optimizer.Sgd, LearningRate = 0.1f, WeightDecay = 0.01f, L1 = 0.001f, RegularizeBias = false, BatchSize = 5)]
[GradientClipping(MaxNorm = 0.05f, PerLayer = true)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(4, Activation.Relu)]
[Dense(2, Activation.Identity)]
public partial class MaePenaltiesPerLayerClip { }

[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Newton, LearningRate = 1f, Damping = 1e-3f, BatchSize = 5)]
[Input(2)]
[Dense(3, Activation.Tanh)]
[Dense(1, Activation.Identity)]
public partial class NewtonTiny { }

// Global-norm clipping and no penalty: the clip factor is applied inside the optimizer's pass (no in-place scaling).
[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.05f, BatchSize = 5)]
[GradientClipping(MaxNorm = 0.2f)]
[Input(4)]
[Dense(6, Activation.Tanh)]
[Dense(3, Activation.Identity)]
public partial class AdamClipNormFused { }

[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Sgd, LearningRate = 0.1f, Momentum = 0.9f, BatchSize = 5)]
[GradientClipping(MaxNorm = 0.1f)]
[Input(3)]
[Dense(5, Activation.Relu)]
[Dense(2, Activation.Identity)]
public partial class MomentumClipNormFused { }

[Network(Loss = Loss.MeanSquaredError, LearningRate = 0.1f, BatchSize = 5)]
[Input(3)]
[Dense(6, Activation.RRelu)]
[Dense(2, Activation.Identity)]
public partial class RReluPredict { }

// Not golden: networks for the catalogue's behaviour tests (CatalogueTests).

// Never trained: BinaryStep and the 0-1 loss are allowed only here.
[Network(Trainable = false, Loss = Loss.ZeroOne, BatchSize = 4)]
[Input(2)]
[Dense(3, Activation.Relu)]
[Dense(1, Activation.BinaryStep)]
public partial class StepPerceptron { }

// One large layer per initializer, to measure their statistics.
[Network(Seed = 3)]
[Input(256)]
[Dense(256, Activation.Tanh, Init = Init.Uniform, InitLow = -0.5f, InitHigh = 0.25f, BiasInit = Init.Uniform)]
[Dense(256, Activation.Tanh, Init = Init.Normal, InitMean = 0.3f, InitStd = 0.2f, BiasInit = Init.Constant, BiasValue = 0.1f)]
[Dense(256, Activation.Tanh, Init = Init.XavierNormal)]
[Dense(256, Activation.Relu, Init = Init.HeNormal)]
[Dense(256, Activation.Selu)]
[Dense(128, Activation.Tanh, Init = Init.Orthogonal)]
[Dense(256, Activation.Tanh, Init = Init.Orthogonal)]
public partial class InitializerStatistics { }

// Fine-tuning (issue 7): a frozen first layer (requires_grad_(False)) under a bias-free one; the global
// clip norm counts only trainable gradients, and decay (every trainable tensor, PyTorch's default) spares the frozen.
[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.05f, WeightDecay = 0.01f, BatchSize = 5)]
[GradientClipping(MaxNorm = 0.4f)]
[Input(4)]
[Dense(6, Activation.Tanh, Trainable = false)]
[Dense(5, Activation.Relu, Bias = false)]
[Dense(3, Activation.Identity)]
public partial class FrozenBiasFreeAdam { }

// A frozen PRelu layer in the middle: backward passes through it (slope included) to the trainable layer below.
// RegularizeBias = false decays the trainable matrices only.
[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Sgd, LearningRate = 0.1f, Momentum = 0.9f, WeightDecay = 0.01f, RegularizeBias = false, BatchSize = 5)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(4, Activation.PRelu, Bias = false, Trainable = false)]
[Dense(2, Activation.Identity, Bias = false)]
public partial class FrozenMiddleMomentum { }

// Bias-free layers small enough to predict in registers.
[Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.5f, BatchSize = 5)]
[Input(3)]
[Dense(4, Activation.Sigmoid, Bias = false)]
[Dense(1, Activation.Sigmoid, Bias = false)]
public partial class BiasFreeSgd { }
