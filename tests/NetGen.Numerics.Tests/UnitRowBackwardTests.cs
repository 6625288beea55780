using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>
/// <see cref="UnitRowKernels.Backward{L, V, A, S}"/>, a layer stored by unit's backward in one pass, against the kernels it
/// fuses (the bias gradient, <see cref="UnitRowKernels.WeightGradient{L, V}"/>, <see cref="UnitRowKernels.InputGradient{L, V, A, S}"/>)
/// bit for bit on every width: odd and even rows, inputs within a vector, across vectors and in unpadded rows, one to
/// four units, with and without a bias and the layer below's derivative, the sizes as arguments and as a shape's
/// constants (as generated code passes them). The layer below's y is the layer's input, as in a network, and zeros of
/// both signs are among the inputs and deltas. The outputs start as NaN, so a value written where the kernels write none,
/// or missing where they write one, fails too.
/// </summary>
public class UnitRowBackwardTests
{
    [Fact]
    public void One_pass_gives_the_separate_kernels_bits_on_every_width()
    {
        Check<Lanes512, Vector512<float>, BelowRelu>();
        Check<Lanes256, Vector256<float>, BelowRelu>();
        Check<Lanes128, Vector128<float>, BelowRelu>();
        Check<LanesScalar, float, BelowRelu>();
    }

    private static void Check<L, V, G>() where L : struct, ILanes<V> where V : struct where G : struct, IFusedActivationGradient<V>
    {
        foreach (int rows in new[] { 1, 2, 5, 16, 19, 33 })
            foreach (int inputs in new[] { 3, 16, 20, 70 })
                foreach (int units in new[] { 1, 2, 3, 4 })
                    foreach (bool bias in new[] { true, false })
                    {
                        string what = $"width {L.Count}, {rows} rows, {inputs} inputs, {units} units, bias {bias}";
                        Compare<L, V, ZOnly<V>, ArgumentShape>(rows, inputs, units, bias, what + ", dx");
                        Compare<L, V, StoreDerivative<L, V, G>, ArgumentShape>(rows, inputs, units, bias, what + ", relu' below");
                    }
        foreach (int rows in new[] { 1, 16, 17 })
            Compare<L, V, StoreDerivative<L, V, G>, IrisLogits>(rows, 16, 3, bias: true, $"width {L.Count}, {rows} rows, iris's logits as a shape");
    }

    [Fact]
    public void More_than_four_units_are_refused()
    {
        // No layer stored by unit has more; the pass holds four units' weights and sums.
        var buffer = new float[64];
        Assert.Throws<ArgumentOutOfRangeException>(() => UnitRowKernels.Backward<Lanes128, Vector128<float>, ZOnly<Vector128<float>>, ArgumentShape>(
            ref buffer[0], 8, ref buffer[0], 8, ref buffer[0], 8, ref buffer[0], ref Unsafe.NullRef<float>(), ref buffer[0], 8, 1, 4, 5, ref Unsafe.NullRef<float>()));
    }

    private static void Compare<L, V, A, S>(int rows, int inputs, int units, bool bias, string what)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where S : struct, IDenseShape
    {
        // As in a network: input rows padded (NaN past the inputs, or unpadded at 20: a network's input), weight rows
        // padded with zeros, delta rows 16 wide with zeros past the units; dx's rows are the layer below's, padded, and
        // its y (its z here: YFromZ is 0) holds the inputs.
        int padded = (inputs + 15) / 16 * 16, xStride = inputs == 20 ? 20 : padded, wStride = padded, dStride = 16, dxStride = padded;
        var random = new Random(rows * 1000 + inputs * 10 + units + (bias ? 5 : 0));
        var x = new float[rows * xStride + 16];
        Array.Fill(x, float.NaN);
        var w = new float[units * wStride];
        var d = new float[rows * dStride];
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < inputs; i++)
                x[r * xStride + i] = (r + i) % 7 == 3 ? -0f : MathF.Max(0f, (float)(random.NextDouble() * 2 - 0.7)); // relu outputs, zeros of both signs
            for (int o = 0; o < units; o++)
                d[r * dStride + o] = (r + o) % 5 == 2 ? ((r & 1) == 0 ? 0f : -0f) : (float)(random.NextDouble() * 2 - 1);
        }
        for (int o = 0; o < units; o++)
            for (int i = 0; i < inputs; i++)
                w[o * wStride + i] = (float)(random.NextDouble() * 2 - 1);

        var below = new float[rows * dxStride];
        for (int r = 0; r < rows; r++)
            Array.Copy(x, r * xStride, below, r * dxStride, inputs);
        var (gw, gb, dx) = Outputs(units * wStride, rows * dxStride);
        ref float belowZ = ref A.StoresDerivative ? ref below[0] : ref Unsafe.NullRef<float>();
        if (bias)
            DenseKernels.BiasGradient<L, V>(ref d[0], dStride, ref gb[0], rows, (units + L.Count - 1) / L.Count * L.Count);
        UnitRowKernels.WeightGradient<L, V, S>(ref x[0], xStride, ref d[0], dStride, ref gw[0], wStride, rows, inputs, units);
        UnitRowKernels.InputGradient<L, V, A, S>(ref w[0], wStride, ref d[0], dStride, ref dx[0], dxStride, rows, inputs, units, ref belowZ);

        var (gw2, gb2, dx2) = Outputs(units * wStride, rows * dxStride);
        UnitRowKernels.Backward<L, V, A, S>(ref x[0], xStride, ref d[0], dStride, ref w[0], wStride, ref gw2[0],
            ref bias ? ref gb2[0] : ref Unsafe.NullRef<float>(), ref dx2[0], dxStride, rows, inputs, units, ref belowZ);

        AssertBits(gw, gw2, what + ": dW");
        AssertBits(gb, gb2, what + ": db");
        AssertBits(dx, dx2, what + ": dx");
    }

    private static (float[] Gw, float[] Gb, float[] Dx) Outputs(int weights, int inputGradients)
    {
        var (gw, gb, dx) = (new float[weights], new float[16], new float[inputGradients]);
        Array.Fill(gw, float.NaN);
        Array.Fill(gb, float.NaN);
        Array.Fill(dx, float.NaN);
        return (gw, gb, dx);
    }

    private static void AssertBits(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]), $"{what}[{i}]: {actual[i]:R} where the kernels give {expected[i]:R}");
    }

    /// <summary>Iris's 16 → 3 logits layer's sizes as constants of a shape, as its generated backward passes them.</summary>
    private readonly struct IrisLogits : IDenseShape { public static int XStride => 16; public static int WStride => 16; public static int ZStride => 16; public static int Inputs => 16; public static int Units => 3; }

    /// <summary>The layer below's ReLU, its y where its z is (YFromZ 0), on every width.</summary>
    private readonly struct BelowRelu : IFusedActivationGradient<Vector512<float>>, IFusedActivationGradient<Vector256<float>>, IFusedActivationGradient<Vector128<float>>, IFusedActivationGradient<float>
    {
        public static int YFromZ => 0;
        public static Vector512<float> Derivative(Vector512<float> dy, Vector512<float> z, Vector512<float> y) => Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<float>.Zero), dy, Vector512<float>.Zero);
        public static Vector256<float> Derivative(Vector256<float> dy, Vector256<float> z, Vector256<float> y) => Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<float>.Zero), dy, Vector256<float>.Zero);
        public static Vector128<float> Derivative(Vector128<float> dy, Vector128<float> z, Vector128<float> y) => Vector128.ConditionalSelect(Vector128.GreaterThan(y, Vector128<float>.Zero), dy, Vector128<float>.Zero);
        public static float Derivative(float dy, float z, float y) => y > 0f ? dy : 0f;
    }
}
