using System;
using System.Collections.Generic;

namespace NetGen.Generators.Model;

/// <summary>
/// Everything NetGen knows about one activation, in one place: its formula and derivative for
/// the docs, its traits for validation and analyzers, and how the emitter spells its forward
/// pass and its backward pass on every SIMD width.
/// </summary>
internal sealed class ActivationInfo
{
    public required Activation Kind { get; init; }
    public required string Formula { get; init; }
    public required string Derivative { get; init; }
    /// <summary>ReLU-like: He initialization suits it.</summary>
    public bool IsReluFamily { get; init; }
    /// <summary>The output always lies in [0, 1] (a probability for BinaryCrossEntropy).</summary>
    public bool OutputsProbability { get; init; }
    /// <summary><c>y</c> from <c>z</c>, on a width; Softmax's row normalization is emitted separately.</summary>
    public required Func<SimdWidth, string, string> Forward { get; init; }
    /// <summary><c>dz</c> from <c>(dy, z, y)</c>, on a width; null when <c>dz = dy</c>.</summary>
    public Func<SimdWidth, string, string, string, string>? Backward { get; init; }
}

/// <summary>The activation table.</summary>
internal static class Activations
{
    private static readonly Dictionary<Activation, ActivationInfo> Table = new()
    {
        [Activation.Identity] = new ActivationInfo
        {
            Kind = Activation.Identity,
            Formula = "y = z",
            Derivative = "1",
            Forward = (w, z) => z,
        },
        [Activation.Sigmoid] = new ActivationInfo
        {
            Kind = Activation.Sigmoid,
            Formula = "y = 1 / (1 + e^-z)",
            Derivative = "y (1 - y)",
            OutputsProbability = true,
            Forward = (w, z) => $"VectorMath.Sigmoid({z})",
            Backward = (w, dy, z, y) => $"{dy} * {y} * ({w.One} - {y})",
        },
        [Activation.Tanh] = new ActivationInfo
        {
            Kind = Activation.Tanh,
            Formula = "y = tanh z",
            Derivative = "1 - y²",
            Forward = (w, z) => $"VectorMath.Tanh({z})",
            Backward = (w, dy, z, y) => $"{dy} * ({w.One} - {y} * {y})",
        },
        [Activation.Relu] = new ActivationInfo
        {
            Kind = Activation.Relu,
            Formula = "y = max(z, 0)",
            Derivative = "1 if z > 0, else 0",
            IsReluFamily = true,
            Forward = (w, z) => w.Max(z, w.Zero),
            Backward = (w, dy, z, y) => w.WherePositive(z, dy, w.Zero),
        },
        [Activation.LeakyRelu] = new ActivationInfo
        {
            Kind = Activation.LeakyRelu,
            Formula = "y = z if z > 0, else 0.01 z",
            Derivative = "1 if z > 0, else 0.01",
            IsReluFamily = true,
            Forward = (w, z) => w.WherePositive(z, z, $"{z} * {w.Constant(NetworkDefaults.LeakyReluSlope)}"),
            Backward = (w, dy, z, y) => w.WherePositive(z, dy, $"{dy} * {w.Constant(NetworkDefaults.LeakyReluSlope)}"),
        },
        [Activation.Softmax] = new ActivationInfo
        {
            Kind = Activation.Softmax,
            Formula = "y_i = e^z_i / Σ_j e^z_j",
            Derivative = "dz = y ⊙ (dy - (dy · y))",
            OutputsProbability = true,
            Forward = (w, z) => z,
        },
    };

    public static bool IsDefined(Activation activation) => Table.ContainsKey(activation);

    public static ActivationInfo Get(Activation activation) => Table[activation];

    /// <summary>The initialization a layer gets when it declares none: He for the ReLU family, Xavier otherwise.</summary>
    public static Init DefaultInit(Activation activation) =>
        IsDefined(activation) && Get(activation).IsReluFamily ? Init.HeUniform : Init.XavierUniform;
}
