// This file is compiled into the runtime and into the generator: one list of names and values.
namespace NetGen;

/// <summary>How a layer's weights (<c>Init</c>) or biases (<c>BiasInit</c>) start. Bounds and gains as torch.nn.init.</summary>
#if NETGEN_COMPILER
internal
#else
public
#endif
enum Init
{
    /// <summary>Weights: LeCun normal for Selu, He for the ReLU family, Xavier otherwise. Biases: zero.</summary>
    Default = 0,
    /// <summary>All 0. For weights every unit of the layer then gets the same gradient (NG1002).</summary>
    Zero = 1,
    /// <summary>All <c>InitValue</c> (weights) or <c>BiasValue</c> (biases). Same symmetry problem as <see cref="Zero"/> for weights (NG1002).</summary>
    Constant = 2,
    /// <summary><c>U(-a, a)</c> with <c>a = sqrt(6 / (fan_in + fan_out))</c> (torch.nn.init.xavier_uniform_).</summary>
    XavierUniform = 3,
    /// <summary><c>U(-a, a)</c> with <c>a = sqrt(6 / fan_in)</c> (torch.nn.init.kaiming_uniform_, nonlinearity="relu").</summary>
    HeUniform = 4,
    /// <summary>Weights: <c>U(InitLow, InitHigh)</c>, default U(0, 1) (torch.nn.init.uniform_). Biases: <c>U(-1/√fan_in, 1/√fan_in)</c>, nn.Linear's default.</summary>
    Uniform = 5,
    /// <summary><c>N(InitMean, InitStd²)</c>, default N(0, 1) (torch.nn.init.normal_).</summary>
    Normal = 6,
    /// <summary><c>N(0, 2 / (fan_in + fan_out))</c> (torch.nn.init.xavier_normal_).</summary>
    XavierNormal = 7,
    /// <summary><c>N(0, 2 / fan_in)</c> (torch.nn.init.kaiming_normal_, nonlinearity="relu").</summary>
    HeNormal = 8,
    /// <summary><c>N(0, 1 / fan_in)</c> (kaiming_normal_ with nonlinearity="linear"); the default for Selu.</summary>
    LeCunNormal = 9,
    /// <summary>A (semi-)orthogonal matrix from the QR decomposition of a normal one (torch.nn.init.orthogonal_, gain 1).</summary>
    Orthogonal = 10,
}
