// This file is compiled into the runtime and into the generator: one list of names and values.
namespace NetGen;

/// <summary>The non-linearity a <see cref="DenseAttribute"/> layer applies to <c>z = W·x + b</c>.</summary>
#if NETGEN_COMPILER
internal
#else
public
#endif
enum Activation
{
    /// <summary><c>y = z</c>. On a CrossEntropy output these are the logits.</summary>
    Identity = 0,
    /// <summary><c>y = 1 / (1 + e^-z)</c>; <c>y' = y (1 - y)</c>, at most 1/4.</summary>
    Sigmoid = 1,
    /// <summary><c>y = tanh z</c>; <c>y' = 1 - y²</c>.</summary>
    Tanh = 2,
    /// <summary><c>y = max(z, 0)</c>; <c>y' = 1</c> for <c>z &gt; 0</c>, else 0.</summary>
    Relu = 3,
    /// <summary><c>y = z</c> for <c>z &gt; 0</c>, else <c>0.01 z</c> (torch.nn.LeakyReLU's default slope).</summary>
    LeakyRelu = 4,
    /// <summary><c>y_i = e^z_i / Σ e^z_j</c>. Last layer only; with CrossEntropy the softmax is fused into the loss.</summary>
    Softmax = 5,
}
