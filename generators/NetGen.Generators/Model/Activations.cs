using System;
using System.Collections.Generic;

namespace NetGen.Generators.Model;

/// <summary>How an activation maps a layer's linear outputs z to its outputs y.</summary>
internal enum ActivationShape
{
    /// <summary><c>y_o = f(z_o)</c>.</summary>
    Elementwise,
    /// <summary>Normalizes each row (Softmax).</summary>
    Softmax,
    /// <summary><c>y = [f(z), f(-z)]</c>: twice as many outputs as units (CRelu).</summary>
    Concatenated,
    /// <summary><c>y_o = max_j z_(o·k + j)</c>: k linear units per output (Maxout).</summary>
    Maxout,
}

/// <summary>
/// The names an activation's formulas are printed with, on one SIMD width: <see cref="Z"/>,
/// <see cref="Y"/>, <see cref="Dy"/> are vector expressions; <see cref="Parameter"/> the layer's
/// learnable parameter at those columns (PRelu's slope, Swish's β), or null.
/// </summary>
internal sealed record ActivationTerms(SimdWidth W, DenseSpec Layer, string Z, string Y = "y", string Dy = "dy", string? Parameter = null)
{
    public string Constant(float value) => W.Constant(value);
}

/// <summary>
/// Everything NetGen knows about one activation, in one place: its formula, derivative and PyTorch
/// counterpart for the docs, its traits for validation and analyzers, and how the emitter spells
/// its forward pass, its backward pass and its parameter's gradient on every SIMD width.
/// </summary>
internal sealed class ActivationInfo
{
    public required Activation Kind { get; init; }
    public required string Formula { get; init; }
    public required string Derivative { get; init; }
    public required string PyTorch { get; init; }
    public ActivationShape Shape { get; init; }
    /// <summary>ReLU-like: He initialization suits it.</summary>
    public bool IsReluFamily { get; init; }
    /// <summary>Bounded and flat at both ends (Sigmoid, Tanh, HardSigmoid): Xavier initialization suits it, deep stacks of it vanish.</summary>
    public bool IsSaturating { get; init; }
    /// <summary>The output always lies in [0, 1] (a probability for BinaryCrossEntropy).</summary>
    public bool OutputsProbability { get; init; }
    /// <summary>The derivative is zero almost everywhere: nothing can be learned through it.</summary>
    public bool HasZeroDerivative { get; init; }
    /// <summary>Training draws random numbers (RRelu's slopes); predicting does not.</summary>
    public bool IsStochastic { get; init; }
    /// <summary>
    /// <see cref="Backward"/> reads y and dy, never z (Sigmoid, Tanh, ReLU): a hidden layer need not keep z
    /// (<see cref="KernelBlocking.StoresZ"/>; z's place then holds y, so a marked formula that read z would read y).
    /// </summary>
    public bool DerivativeOfY { get; init; }
    /// <summary><c>y</c> from <c>z</c> (and the parameter); Softmax, CRelu and Maxout finish in a row pass.</summary>
    public required Func<ActivationTerms, string> Forward { get; init; }
    /// <summary><c>dz</c> from <c>(dy, z, y, parameter)</c>; null when <c>dz = dy</c> or the shape handles it.</summary>
    public Func<ActivationTerms, string>? Backward { get; init; }
    /// <summary>One element's contribution to the gradient of the learnable parameter, when there is one.</summary>
    public Func<ActivationTerms, string>? ParameterGradient { get; init; }
}

/// <summary>The activation table.</summary>
internal static class Activations
{
    private static readonly Dictionary<Activation, ActivationInfo> Table = new()
    {
        [Activation.Identity] = new ActivationInfo
        {
            Kind = Activation.Identity, Formula = "y = z", Derivative = "1", PyTorch = "(none)",
            Forward = t => t.Z,
        },
        [Activation.Sigmoid] = new ActivationInfo
        {
            Kind = Activation.Sigmoid, Formula = "y = 1 / (1 + e^-z)", Derivative = "y (1 - y)", PyTorch = "torch.nn.Sigmoid",
            OutputsProbability = true, IsSaturating = true, DerivativeOfY = true,
            Forward = t => $"VectorMath.Sigmoid({t.Z})",
            Backward = t => $"{t.Dy} * {t.Y} * ({t.W.One} - {t.Y})",
        },
        [Activation.Tanh] = new ActivationInfo
        {
            Kind = Activation.Tanh, Formula = "y = tanh z", Derivative = "1 - y²", PyTorch = "torch.nn.Tanh",
            IsSaturating = true, DerivativeOfY = true,
            Forward = t => $"VectorMath.Tanh({t.Z})",
            Backward = t => $"{t.Dy} * ({t.W.One} - {t.Y} * {t.Y})",
        },
        [Activation.Relu] = new ActivationInfo
        {
            Kind = Activation.Relu, Formula = "y = max(z, 0)", Derivative = "1 if z > 0, else 0", PyTorch = "torch.nn.ReLU",
            IsReluFamily = true, DerivativeOfY = true,
            Forward = t => t.W.MaxWithZero(t.Z),
            // y > 0 exactly where z > 0 (a NaN z gives a NaN y: false for both), so y alone decides.
            Backward = t => t.W.WherePositive(t.Y, t.Dy, t.W.Zero),
        },
        [Activation.LeakyRelu] = new ActivationInfo
        {
            Kind = Activation.LeakyRelu, Formula = "y = z if z > 0, else s z (s = Slope, 0.01)", Derivative = "1 if z > 0, else s", PyTorch = "torch.nn.LeakyReLU(s)",
            IsReluFamily = true,
            Forward = t => t.W.WherePositive(t.Z, t.Z, $"{t.Z} * {t.Constant(t.Layer.Options.Slope)}"),
            Backward = t => t.W.WherePositive(t.Z, t.Dy, $"{t.Dy} * {t.Constant(t.Layer.Options.Slope)}"),
        },
        [Activation.PRelu] = new ActivationInfo
        {
            Kind = Activation.PRelu, Formula = "y = z if z > 0, else a z; a learnable, per layer or per unit, starting at 0.25",
            Derivative = "dy/dz = 1 if z > 0, else a; dy/da = 0 if z > 0, else z", PyTorch = "torch.nn.PReLU(num_parameters)",
            IsReluFamily = true,
            Forward = t => t.W.WherePositive(t.Z, t.Z, $"{t.Z} * {t.Parameter}"),
            Backward = t => t.W.WherePositive(t.Z, t.Dy, $"{t.Dy} * {t.Parameter}"),
            ParameterGradient = t => t.W.WherePositive(t.Z, t.W.Zero, $"{t.Dy} * {t.Z}"),
        },
        [Activation.RRelu] = new ActivationInfo
        {
            Kind = Activation.RRelu, Formula = "y = z if z > 0, else a z; a ~ U(1/8, 1/3) per element while training, a = 11/48 when predicting",
            Derivative = "1 if z > 0, else the drawn a", PyTorch = "torch.nn.RReLU()",
            IsReluFamily = true, IsStochastic = true,
            Forward = t => t.W.WherePositive(t.Z, t.Z, $"{t.Z} * {t.Constant(RReluMeanSlope)}"),
            // The slopes drawn by the training forward pass are the parameter here.
            Backward = t => t.W.WherePositive(t.Z, t.Dy, $"{t.Dy} * {t.Parameter}"),
        },
        [Activation.Elu] = new ActivationInfo
        {
            Kind = Activation.Elu, Formula = "y = z if z > 0, else α (e^z - 1) (α = Alpha, 1)", Derivative = "1 if z > 0, else y + α", PyTorch = "torch.nn.ELU(α)",
            Forward = t => t.W.WherePositive(t.Z, t.Z, $"{t.Constant(t.Layer.Options.Alpha)} * ({t.W.Exp(t.Z)} - {t.W.One})"),
            Backward = t => t.W.WherePositive(t.Z, t.Dy, $"{t.Dy} * ({t.Y} + {t.Constant(t.Layer.Options.Alpha)})"),
        },
        [Activation.Selu] = new ActivationInfo
        {
            Kind = Activation.Selu, Formula = "y = λ z if z > 0, else λ α (e^z - 1); λ ≈ 1.0507, α ≈ 1.6733", Derivative = "λ if z > 0, else y + λ α", PyTorch = "torch.nn.SELU",
            Forward = t => $"{t.Constant(NetworkDefaults.SeluScale)} * ({t.W.WherePositive(t.Z, t.Z, $"{t.Constant(NetworkDefaults.SeluAlpha)} * ({t.W.Exp(t.Z)} - {t.W.One})")})",
            Backward = t => t.W.WherePositive(t.Z, $"{t.Dy} * {t.Constant(NetworkDefaults.SeluScale)}", $"{t.Dy} * ({t.Y} + {t.Constant(NetworkDefaults.SeluScale * NetworkDefaults.SeluAlpha)})"),
        },
        [Activation.CRelu] = new ActivationInfo
        {
            Kind = Activation.CRelu, Formula = "y = [max(z, 0), max(-z, 0)] (2 × units outputs)", Derivative = "dz = dy₁ [z > 0] - dy₂ [z < 0]",
            PyTorch = "torch.cat((relu(z), relu(-z)), 1)",
            Shape = ActivationShape.Concatenated, IsReluFamily = true,
            Forward = t => t.W.MaxWithZero(t.Z),
        },
        [Activation.Maxout] = new ActivationInfo
        {
            Kind = Activation.Maxout, Formula = "y_o = max_j z_(o·k + j), k = Pieces", Derivative = "dz = dy at each unit's largest piece (the first on ties), else 0",
            PyTorch = "z.view(-1, units, k).max(-1).values",
            Shape = ActivationShape.Maxout, IsReluFamily = true,
            Forward = t => t.Z,
        },
        [Activation.Swish] = new ActivationInfo
        {
            Kind = Activation.Swish, Formula = "y = z σ(β z) (β = Beta, 1: SiLU; optionally learnable)", Derivative = "dy/dz = s + β y (1 - s), s = σ(β z); dy/dβ = z y (1 - s)",
            PyTorch = "torch.nn.SiLU (β = 1)",
            Forward = t => $"{t.Z} * VectorMath.Sigmoid({Beta(t)} * {t.Z})",
            Backward = t => $"{t.Dy} * {SwishSlope(t)}",
            ParameterGradient = t => $"{t.Dy} * {t.Z} * {t.Y} * ({t.W.One} - VectorMath.Sigmoid({Beta(t)} * {t.Z}))",
        },
        [Activation.BinaryStep] = new ActivationInfo
        {
            Kind = Activation.BinaryStep, Formula = "y = 1 if z ≥ 0, else 0", Derivative = "0 (nothing to learn: Trainable = false only)", PyTorch = "torch.heaviside(z, 1)",
            OutputsProbability = true, HasZeroDerivative = true,
            Forward = t => t.W.WhereNonNegative(t.Z, t.W.One, t.W.Zero),
            Backward = t => t.W.Zero,
        },
        [Activation.Gelu] = new ActivationInfo
        {
            Kind = Activation.Gelu, Formula = "y = z Φ(z) = z (1 + erf(z / √2)) / 2", Derivative = "Φ(z) + z φ(z)", PyTorch = "torch.nn.GELU()",
            Forward = t => $"VectorMath.Gelu({t.Z})",
            Backward = t => $"{t.Dy} * VectorMath.GeluDerivative({t.Z})",
        },
        [Activation.GeluTanh] = new ActivationInfo
        {
            Kind = Activation.GeluTanh, Formula = "y = z (1 + tanh(√(2/π) (z + 0.044715 z³))) / 2", Derivative = "(1 + t) / 2 + z (1 - t²) √(2/π) (1 + 0.134145 z²) / 2", PyTorch = "torch.nn.GELU(approximate=\"tanh\")",
            Forward = t => $"VectorMath.GeluTanh({t.Z})",
            Backward = t => $"{t.Dy} * VectorMath.GeluTanhDerivative({t.Z})",
        },
        [Activation.Softplus] = new ActivationInfo
        {
            Kind = Activation.Softplus, Formula = "y = log(1 + e^z); y = z above 20", Derivative = "σ(z); 1 above 20", PyTorch = "torch.nn.Softplus()",
            Forward = t => $"VectorMath.Softplus({t.Z})",
            Backward = t => $"{t.Dy} * VectorMath.Sigmoid({t.Z})",
        },
        [Activation.HardSigmoid] = new ActivationInfo
        {
            Kind = Activation.HardSigmoid, Formula = "y = min(max(z + 3, 0), 6) / 6", Derivative = "1/6 for -3 < z < 3, else 0", PyTorch = "torch.nn.Hardsigmoid",
            OutputsProbability = true, IsSaturating = true,
            Forward = t => $"{t.W.Min(t.W.Max($"{t.Z} + {t.Constant(3f)}", t.W.Zero), t.Constant(6f))} * {t.Constant(1f / 6f)}",
            Backward = t => t.W.WhereAbsLess(t.Z, 3f, $"{t.Dy} * {t.Constant(1f / 6f)}", t.W.Zero),
        },
        [Activation.Mish] = new ActivationInfo
        {
            Kind = Activation.Mish, Formula = "y = z tanh(softplus(z))", Derivative = "t + z (1 - t²) σ(z), t = tanh(softplus(z))", PyTorch = "torch.nn.Mish",
            Forward = t => $"VectorMath.Mish({t.Z})",
            Backward = t => $"{t.Dy} * VectorMath.MishDerivative({t.Z})",
        },
        [Activation.Softmax] = new ActivationInfo
        {
            Kind = Activation.Softmax, Formula = "y_i = e^z_i / Σ_j e^z_j", Derivative = "dz = y ⊙ (dy - (dy · y))", PyTorch = "torch.nn.Softmax(dim=1)",
            Shape = ActivationShape.Softmax, OutputsProbability = true,
            Forward = t => t.Z,
        },
    };

    /// <summary>RRelu's slope when predicting: the mean of U(1/8, 1/3).</summary>
    public const float RReluMeanSlope = (NetworkDefaults.RReluLower + NetworkDefaults.RReluUpper) / 2f;

    private static string Beta(ActivationTerms t) => t.Parameter ?? t.Constant(t.Layer.Options.Beta);

    private static string SwishSlope(ActivationTerms t)
    {
        string s = $"VectorMath.Sigmoid({Beta(t)} * {t.Z})";
        return $"({s} + {Beta(t)} * {t.Y} * ({t.W.One} - {s}))";
    }

    public static bool IsDefined(Activation activation) => Table.ContainsKey(activation);

    public static ActivationInfo Get(Activation activation) => Table[activation];

    /// <summary>The weight initialization a layer gets when it declares none: LeCun normal for Selu, He for the ReLU family, Xavier otherwise.</summary>
    public static Init DefaultInit(Activation activation) =>
        activation == Activation.Selu ? Init.LeCunNormal
        : IsDefined(activation) && Get(activation).IsReluFamily ? Init.HeUniform
        : Init.XavierUniform;

    /// <summary>
    /// The initialization <paramref name="activation"/> wants instead of <paramref name="declared"/>,
    /// or null when it suits (or is not a fan-scaled one: Zero, Constant, Uniform, Normal and
    /// Orthogonal have rules of their own). He doubles Xavier's variance because a ReLU passes
    /// half its inputs; a saturating unit given He's variance starts in its flat tails (LeCun's 1/fan_in was made for tanh and suits it); Selu
    /// normalizes itself only from LeCun normal's variance 1/fan_in.
    /// </summary>
    public static Init? BetterInit(Activation activation, Init declared)
    {
        if (activation == Activation.Selu)
            return declared is Init.XavierUniform or Init.XavierNormal or Init.HeUniform or Init.HeNormal ? Init.LeCunNormal : null;
        if (!IsDefined(activation))
            return null;
        var info = Get(activation);
        if (info.IsReluFamily)
        {
            return declared switch
            {
                Init.XavierUniform => Init.HeUniform,
                Init.XavierNormal or Init.LeCunNormal => Init.HeNormal,
                _ => null,
            };
        }
        if (info.IsSaturating)
        {
            return declared switch
            {
                Init.HeUniform => Init.XavierUniform,
                Init.HeNormal => Init.XavierNormal,
                _ => null,
            };
        }
        return null;
    }
}
