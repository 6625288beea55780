using NetGen;

namespace Samples.PyTorchInterop;

/// <summary>
/// roundtrip.py's nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3)), trained with
/// F.cross_entropy and Adam: state_dict "0.weight", "0.bias", "2.weight", "2.bias".
/// </summary>
[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.01f, BatchSize = 150, Seed = 1)]
[Input(4)]
[Dense(8, Activation.Tanh)]
[Dense(3, Activation.Identity)]
public partial class IrisTorchNet { }
