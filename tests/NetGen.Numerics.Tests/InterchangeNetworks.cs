using NetGen;

namespace NetGen.Numerics.Tests;

// Fixtures/make_torch_fixture.py's nn.Sequential(Linear(4, 6), PReLU(), Linear(6, 5), Tanh(), Linear(5, 3)):
// state_dict "0.weight", "0.bias", "1.weight", "2.weight", "2.bias", "4.weight", "4.bias".
[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.02f, BatchSize = 16)]
[Input(4)]
[Dense(6, Activation.PRelu)]
[Dense(5, Activation.Tanh)]
[Dense(3, Activation.Identity)]
public partial class TorchIrisNet { }

// Same tensor names as TorchIrisNet except the PReLU: a file of one must not load into the other.
[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.02f, BatchSize = 16)]
[Input(4)]
[Dense(6, Activation.Relu)]
[Dense(5, Activation.Tanh)]
[Dense(3, Activation.Identity)]
public partial class TorchIrisReluNet { }

// XorNet trained by the XOR sample's loop, embedded at compile time from Fixtures/xor.ngw (an AdditionalFiles item).
[Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.5f, Weights = "Fixtures/xor.ngw")]
[Input(2)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class EmbeddedXorNet { }
