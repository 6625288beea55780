using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NetGen.Runtime;

namespace NetGen.Benchmarks.Protocol;

/// <summary>
/// <c>ceiling</c>: what C# reaches when a kernel knows its sizes. Iris's 16 → 16 layer at batch 16 (the shapes of the
/// fast reference's <c>Mlp&lt;16, 4, 16, 16, 3&gt;</c>), each piece several ways: NetGen's shared runtime kernels with
/// the sizes only as arguments, the same kernels over the layer's <see cref="IDenseShape"/> (as the generated code calls
/// them), the same tile written by hand with every size a literal, and one tile generic over a shape struct
/// (the same <see cref="IDenseShape"/>). Timed as <c>pieces</c> times (best of 15 blocks of 1 000
/// calls, after the tiered JIT has gone quiet); pieces.cpp's "layer 1" lines are the C++ reference's same work. Random
/// data from a fixed seed; the outputs are compared first (weights and input gradients bit for bit).
/// </summary>
internal static class CeilingRun
{
    // One 16 × 16 block each: the layer below's z and y, its dz (written), this layer's dz, Wᵀ, the forward's z and y.
    private const int BelowZ = 0, BelowY = 256, BelowDelta = 512, Delta = 768, Transposed = 1024, Z = 1280, Y = 1536, Floats = 1792;

    public static void Run(int rounds, TextWriter output)
    {
        // One aligned buffer, as the generated code's: the blocks above, then W, b and the two gradients.
        var buffer = new AlignedBuffer(Floats + 256 + 16 + 256 + 16);
        var all = buffer.Span;
        Span<float> a = all[..Floats], w = all.Slice(Floats, 256), b = all.Slice(Floats + 256, 16), gw = all.Slice(Floats + 272, 256), gb = all.Slice(Floats + 528, 16);
        var random = new Random(7);
        for (int i = 0; i < Floats; i++)
            a[i] = (float)random.NextDouble() - 0.5f;
        for (int i = 0; i < 256; i++)
        {
            w[i] = (float)random.NextDouble() - 0.5f;
            a[BelowY + i] = MathF.Max(a[BelowZ + i], 0f);
        }
        for (int i = 0; i < 16; i++)
            b[i] = (float)random.NextDouble() - 0.5f;
        DenseKernels.TransposeForInputGradient<Lanes512, Vector512<float>>(ref w[0], 16, ref a[Transposed], 16, 16, 16);

        const int W = Floats, B = Floats + 256, GW = Floats + 272, GB = Floats + 528;
        ref float At(int offset) => ref Unsafe.Add(ref buffer.Start, offset);
        var pieces = new List<(string, Action)>
        {
            ("shared: transpose for the input gradient", () => DenseKernels.TransposeForInputGradient<Lanes512, Vector512<float>>(ref At(W), 16, ref At(Transposed), 16, 16, 16)),
            ("shared: bias gradient", () => DenseKernels.BiasGradient<Lanes512, Vector512<float>>(ref At(Delta), 16, ref At(GB), 16, 16)),
            ("shared: weight gradient", () => DenseKernels.WeightGradient<Lanes512, Vector512<float>>(ref At(BelowY), 16, ref At(Delta), 16, ref At(GW), 16, 16, 16, 16)),
            ("shared: input gradient", () => DenseKernels.InputGradientOfTransposed<Lanes512, Vector512<float>, StoreDerivative<Lanes512, Vector512<float>, BelowRelu>>(ref At(W), 16, ref At(Delta), 16, ref At(BelowDelta), 16, 16, 16, 16, 16, ref At(Transposed), ref At(BelowZ))),
            ("shared: forward", () => DenseKernels.Linear<Lanes512, Vector512<float>, Relu>(ref At(BelowY), 16, ref At(W), 16, ref At(B), ref At(Z), ref At(Y), 16, 16, 16, 16)),
            ("shared, shape struct: weight gradient", () => DenseKernels.WeightGradient<Lanes512, Vector512<float>, Iris16Dense>(ref At(BelowY), 16, ref At(Delta), 16, ref At(GW), 16, 16, 16, 16)),
            ("shared, shape struct: input gradient", () => DenseKernels.InputGradientOfTransposed<Lanes512, Vector512<float>, StoreDerivative<Lanes512, Vector512<float>, BelowRelu>, Iris16Dense>(ref At(W), 16, ref At(Delta), 16, ref At(BelowDelta), 16, 16, 16, 16, 16, ref At(Transposed), ref At(BelowZ))),
            ("shared, shape struct: forward", () => DenseKernels.Linear<Lanes512, Vector512<float>, Relu, Iris16Dense>(ref At(BelowY), 16, ref At(W), 16, ref At(B), ref At(Z), ref At(Y), 16, 16, 16, 16)),
            ("literal sizes: weight + bias gradient", () => CeilingKernels.WeightAndBiasGradient(ref At(BelowY), ref At(Delta), ref At(GW), ref At(GB))),
            ("literal sizes: input gradient", () => CeilingKernels.InputGradient(ref At(Delta), ref At(Transposed), ref At(BelowY), ref At(BelowDelta))),
            ("literal sizes: forward", () => CeilingKernels.Forward(ref At(BelowY), ref At(W), ref At(B), ref At(Z), ref At(Y))),
            ("shape struct: input gradient", () => CeilingKernels.Rows16<Iris16Dense, StoreDerivative<Lanes512, Vector512<float>, BelowRelu>>(ref At(Delta), ref At(Transposed), ref Unsafe.NullRef<float>(), ref At(BelowDelta), ref At(BelowZ))),
            ("shape struct: forward", () => CeilingKernels.Rows16<Iris16Dense, Relu>(ref At(BelowY), ref At(W), ref At(B), ref At(Z), ref At(Y))),
        };
        output.WriteLine($"ceiling check: {Check(pieces, buffer.Span)}");
        Action nothing = () => { };
        PiecesRun.WarmUp(pieces, nothing);
        for (int round = 0; round < rounds; round++)
            foreach (var (name, action) in pieces)
                output.WriteLine($"iris round {round} {name,-38} {PiecesRun.Best(action, nothing):F1} ns");
    }

    /// <summary>Each hand-written or shaped piece's output against the shared kernel's: the same sums, so the same bits.</summary>
    private static string Check(List<(string Name, Action Run)> pieces, Span<float> all)
    {
        var run = new Dictionary<string, Action>();
        foreach (var (name, action) in pieces)
            run[name] = action;
        bool same = true;
        foreach (var (shared, other, at) in new[]
        {
            ("shared: weight gradient", "literal sizes: weight + bias gradient", Floats + 272),
            ("shared: input gradient", "literal sizes: input gradient", BelowDelta),
            ("shared: input gradient", "shape struct: input gradient", BelowDelta),
            ("shared: forward", "literal sizes: forward", Y),
            ("shared: forward", "shape struct: forward", Y),
        })
        {
            run[shared]();
            float[] expected = all.Slice(at, 256).ToArray();
            run[other]();
            same &= all.Slice(at, 256).SequenceEqual(expected);
        }
        return same ? "every output bit for bit the shared kernels'" : throw new InvalidOperationException("a ceiling kernel's output differs from the shared kernel's");
    }

    /// <summary>The layer below's ReLU derivative, taken as the input gradient is stored (y 256 floats past z).</summary>
    private readonly struct BelowRelu : IFusedActivationGradient<Vector512<float>>
    {
        public static int YFromZ => BelowY - BelowZ;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Derivative(Vector512<float> dy, Vector512<float> z, Vector512<float> y) =>
            Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<float>.Zero), dy, Vector512<float>.Zero);
    }

    private readonly struct Relu : IActivation<Vector512<float>>
    {
        public static bool StoresY => true;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Apply(Vector512<float> z) => Vector512.Max(z, Vector512<float>.Zero);
    }
}
