// This file is compiled into the runtime and into the generator: one list of names and values.
namespace NetGen;

/// <summary>
/// The non-linearity a <see cref="DenseAttribute"/> layer applies to <c>z = W·x + b</c>.
/// Each behaves as its PyTorch counterpart; docs/catalogue.md gives every formula.
/// </summary>
#if NETGEN_COMPILER
internal
#else
public
#endif
enum Activation
{
    /// <summary><c>y = z</c>. On a CrossEntropy output these are the logits.</summary>
    Identity = 0,
    /// <summary><c>y = 1 / (1 + e^-z)</c>; <c>y' = y (1 - y)</c>, at most 1/4 (torch.nn.Sigmoid).</summary>
    Sigmoid = 1,
    /// <summary><c>y = tanh z</c>; <c>y' = 1 - y²</c> (torch.nn.Tanh).</summary>
    Tanh = 2,
    /// <summary><c>y = max(z, 0)</c>; <c>y' = 1</c> for <c>z &gt; 0</c>, else 0 (torch.nn.ReLU).</summary>
    Relu = 3,
    /// <summary><c>y = z</c> for <c>z &gt; 0</c>, else <c>Slope · z</c>, Slope 0.01 by default (torch.nn.LeakyReLU).</summary>
    LeakyRelu = 4,
    /// <summary><c>y_i = e^z_i / Σ e^z_j</c>. Last layer only; with CrossEntropy the softmax is fused into the loss.</summary>
    Softmax = 5,
    /// <summary>LeakyRelu with a learnable slope, one per layer or one per unit (<c>PerUnit</c>), starting at <c>Slope</c> = 0.25 (torch.nn.PReLU).</summary>
    PRelu = 6,
    /// <summary>Randomized leaky ReLU: while training each negative element gets a slope drawn from U(1/8, 1/3); predicting uses the mean slope 11/48 (torch.nn.RReLU).</summary>
    RRelu = 7,
    /// <summary><c>y = z</c> for <c>z &gt; 0</c>, else <c>Alpha (e^z - 1)</c>, Alpha 1 by default (torch.nn.ELU).</summary>
    Elu = 8,
    /// <summary><c>y = λ z</c> for <c>z &gt; 0</c>, else <c>λ α (e^z - 1)</c> with PyTorch's λ ≈ 1.0507 and α ≈ 1.6733 (torch.nn.SELU). Pairs with LeCunNormal.</summary>
    Selu = 9,
    /// <summary>Concatenated ReLU: <c>y = [relu(z), relu(-z)]</c>; the layer outputs twice its units.</summary>
    CRelu = 10,
    /// <summary><c>Pieces</c> linear pieces per unit, <c>y_o = max_j z_(o·k + j)</c>: the layer's W has units × Pieces rows.</summary>
    Maxout = 11,
    /// <summary><c>y = z · σ(Beta z)</c>, Beta 1 by default (then it is torch.nn.SiLU); <c>LearnableBeta</c> trains one Beta per layer.</summary>
    Swish = 12,
    /// <summary><c>y = 1</c> for <c>z ≥ 0</c>, else 0. Its derivative is zero: only for networks declared <c>Trainable = false</c>.</summary>
    BinaryStep = 13,
    /// <summary><c>y = z Φ(z) = z (1 + erf(z / √2)) / 2</c>, the exact form (torch.nn.GELU()).</summary>
    Gelu = 14,
    /// <summary><c>y = z (1 + tanh(√(2/π) (z + 0.044715 z³))) / 2</c> (torch.nn.GELU(approximate="tanh")).</summary>
    GeluTanh = 15,
    /// <summary><c>y = log(1 + e^z)</c>, and <c>y = z</c> above 20 as PyTorch (torch.nn.Softplus).</summary>
    Softplus = 16,
    /// <summary><c>y = relu6(z + 3) / 6</c> (torch.nn.Hardsigmoid).</summary>
    HardSigmoid = 17,
    /// <summary><c>y = z · tanh(softplus(z))</c> (torch.nn.Mish).</summary>
    Mish = 18,
}
