using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>
/// <see cref="LaneKernels"/>, prediction with the rows in the lanes, on every vector width: the transpositions in and
/// out exactly (and nothing written past the last row), each layer's sums bit for bit against the row kernels' (in input
/// order; even and odd inputs for a layer stored by unit of up to four units) and within 1e-5 of a double-precision sum.
/// Units 1 to 21 take every block size (16, 8, 4, 2, 1), weights by input and by unit, with and without bias, the sizes
/// as arguments and as a shape's constants.
/// </summary>
public class LaneKernelsTests
{
    [Fact]
    public void Rows_go_into_lanes_and_back_exactly_on_every_width()
    {
        Transpositions<Lanes512, Vector512<float>>();
        Transpositions<Lanes256, Vector256<float>>();
        Transpositions<Lanes128, Vector128<float>>();
    }

    [Fact]
    public void A_layer_in_lanes_sums_as_the_row_kernels_on_every_width()
    {
        // The widths the generated code dispatches to: emulated, a vector's multiply-add is not fused as the scalar one.
        if (Vector512.IsHardwareAccelerated) Layers<Lanes512, Vector512<float>, Tanh>();
        if (Vector256.IsHardwareAccelerated) Layers<Lanes256, Vector256<float>, Tanh>();
        if (Vector128.IsHardwareAccelerated) Layers<Lanes128, Vector128<float>, Tanh>();
    }

    private static void Transpositions<L, V>() where L : struct, ILanes<V> where V : struct
    {
        int n = L.Count;
        foreach (int inputs in new[] { 1, 2, 3, 4, 5, 7, 16, 20, 37 })
            foreach (int extra in new[] { 0, 3 })
            {
                int stride = inputs + extra;
                // The rows exactly as long as the block (a span's end right after the last row: nothing past it is read).
                var x = new float[n * stride];
                for (int i = 0; i < x.Length; i++) x[i] = i + 0.5f;
                var xt = new float[inputs * n];
                LaneKernels.RowsToLanes<L, V>(ref x[0], stride, inputs, ref xt[0]);
                for (int i = 0; i < inputs; i++)
                    for (int r = 0; r < n; r++)
                        Assert.Equal(x[r * stride + i], xt[i * n + r]);
            }
        foreach (int units in new[] { 1, 2, 3, 4, 5, 6, 10 })
        {
            var yt = new float[units * n];
            for (int i = 0; i < yt.Length; i++) yt[i] = i + 0.25f;
            var y = new float[n * units + 8];
            Array.Fill(y, float.NaN);
            LaneKernels.LanesToRows<L, V>(ref yt[0], units, ref y[0]);
            for (int r = 0; r < n; r++)
                for (int u = 0; u < units; u++)
                    Assert.Equal(yt[u * n + r], y[r * units + u]);
            for (int i = n * units; i < y.Length; i++)
                Assert.True(float.IsNaN(y[i]), $"width {n}, {units} units: wrote past the last row at {i}");
        }
    }

    private static void Layers<L, V, A>() where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V>
    {
        foreach (int inputs in new[] { 1, 3, 4, 7, 16, 21 })
            foreach (int units in new[] { 1, 2, 3, 4, 5, 6, 8, 11, 16, 21 })
                foreach (bool byUnit in new[] { false, true })
                    foreach (bool bias in new[] { true, false })
                        Layer<L, V, A, ArgumentShape>(inputs, units, byUnit, bias);
        Layer<L, V, A, IrisHidden>(16, 16, byUnit: false, bias: true);
        Layer<L, V, A, IrisLogits>(16, 3, byUnit: true, bias: true);
    }

    private static void Layer<L, V, A, S>(int inputs, int units, bool byUnit, bool bias) where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where S : struct, IDenseShape
    {
        int n = L.Count, stride = (Math.Max(inputs, units) + 15) / 16 * 16;
        string what = $"width {n}, {inputs} inputs, {units} units, by {(byUnit ? "unit" : "input")}, bias {bias}";
        var random = new Random(inputs * 100 + units * 2 + (byUnit ? 1 : 0));
        var xt = new float[inputs * n];
        for (int i = 0; i < xt.Length; i++) xt[i] = (i * 7) % 11 == 3 ? -0f : (float)(random.NextDouble() * 2 - 1);
        var w = new float[stride * stride];
        var b = new float[stride];
        for (int i = 0; i < w.Length; i++) w[i] = (float)(random.NextDouble() * 2 - 1);
        for (int i = 0; i < b.Length; i++) b[i] = (float)(random.NextDouble() - 0.5);
        float Weight(int u, int i) => byUnit ? w[u * stride + i] : w[i * stride + u];

        var yt = new float[units * n + n];
        Array.Fill(yt, float.NaN);
        ref float bias0 = ref bias ? ref b[0] : ref Unsafe.NullRef<float>();
        if (byUnit)
            LaneKernels.LinearByUnit<L, V, A, S>(ref xt[0], ref w[0], stride, ref bias0, ref yt[0], inputs, units);
        else
            LaneKernels.Linear<L, V, A, S>(ref xt[0], ref w[0], stride, ref bias0, ref yt[0], inputs, units);

        // The row kernels' sums: in input order, or (a layer stored by unit, up to four units) even and odd inputs in
        // two chains added at the end; multiply-adds fused where the CPU has FMA, as the vectors'.
        bool twoChains = byUnit && units <= 4;
        for (int u = 0; u < units; u++)
            for (int r = 0; r < n; r++)
            {
                double exact = bias ? b[u] : 0;
                float even = bias ? b[u] : 0f, odd = 0f;
                for (int i = 0; i < inputs; i++)
                {
                    exact += (double)Weight(u, i) * xt[i * n + r];
                    if (twoChains && i % 2 == 1)
                        odd = float.MultiplyAddEstimate(xt[i * n + r], Weight(u, i), odd);
                    else
                        even = float.MultiplyAddEstimate(xt[i * n + r], Weight(u, i), even);
                }
                float expected = MathF.Tanh(twoChains ? even + odd : even), actual = yt[u * n + r];
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"{what}: unit {u}, row {r}: {actual:R}, the row kernels' sum gives {expected:R}");
                Assert.True(Math.Abs(actual - Math.Tanh(exact)) <= 1e-5, $"{what}: unit {u}, row {r}: {actual:R}, exactly {Math.Tanh(exact):R}");
            }
        for (int i = units * n; i < yt.Length; i++)
            Assert.True(float.IsNaN(yt[i]), $"{what}: wrote past the last unit at {i}");
    }

    /// <summary>Tanh on every width, as a generated activation applies it (the runtime's vector Tanh; MathF on floats).</summary>
    private readonly struct Tanh : IActivation<Vector512<float>>, IActivation<Vector256<float>>, IActivation<Vector128<float>>
    {
        public static bool StoresY => true;
        public static Vector512<float> Apply(Vector512<float> z) => Vector512.Create(MathF.Tanh(z[0]), MathF.Tanh(z[1]), MathF.Tanh(z[2]), MathF.Tanh(z[3]), MathF.Tanh(z[4]), MathF.Tanh(z[5]), MathF.Tanh(z[6]), MathF.Tanh(z[7]),
            MathF.Tanh(z[8]), MathF.Tanh(z[9]), MathF.Tanh(z[10]), MathF.Tanh(z[11]), MathF.Tanh(z[12]), MathF.Tanh(z[13]), MathF.Tanh(z[14]), MathF.Tanh(z[15]));
        public static Vector256<float> Apply(Vector256<float> z) => Vector256.Create(MathF.Tanh(z[0]), MathF.Tanh(z[1]), MathF.Tanh(z[2]), MathF.Tanh(z[3]), MathF.Tanh(z[4]), MathF.Tanh(z[5]), MathF.Tanh(z[6]), MathF.Tanh(z[7]));
        public static Vector128<float> Apply(Vector128<float> z) => Vector128.Create(MathF.Tanh(z[0]), MathF.Tanh(z[1]), MathF.Tanh(z[2]), MathF.Tanh(z[3]));
    }

    /// <summary>Iris's hidden 16 → 16 layer and its 16 → 3 logits as a shape's constants, as the generated lanes pass passes them.</summary>
    private readonly struct IrisHidden : IDenseShape { public static int XStride => 16; public static int WStride => 16; public static int ZStride => 16; public static int Inputs => 16; public static int Units => 16; }
    private readonly struct IrisLogits : IDenseShape { public static int XStride => 16; public static int WStride => 16; public static int ZStride => 16; public static int Inputs => 16; public static int Units => 3; }
}
