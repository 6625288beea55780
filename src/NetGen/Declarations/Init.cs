// This file is compiled into the runtime and into the generator: one list of names and values.
namespace NetGen;

/// <summary>How a layer's weights start. Biases always start at zero.</summary>
#if NETGEN_COMPILER
internal
#else
public
#endif
enum Init
{
    /// <summary>He for the ReLU family, Xavier otherwise.</summary>
    Default = 0,
    /// <summary>All weights 0. Every unit of the layer then gets the same gradient (NG1002).</summary>
    Zero = 1,
    /// <summary>All weights <c>InitValue</c>. Same symmetry problem as <see cref="Zero"/> (NG1002).</summary>
    Constant = 2,
    /// <summary><c>U(-a, a)</c> with <c>a = sqrt(6 / (fan_in + fan_out))</c> (torch.nn.init.xavier_uniform_).</summary>
    XavierUniform = 3,
    /// <summary><c>U(-a, a)</c> with <c>a = sqrt(6 / fan_in)</c> (torch.nn.init.kaiming_uniform_, nonlinearity="relu").</summary>
    HeUniform = 4,
}
