using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>
/// <see cref="UnitRowKernels.Linear{L, V, A, S}"/>, a layer stored by unit's forward with its rows in lanes (the inputs
/// read four columns at a time, the last one to three a column each), against a sum in double on every width: inputs
/// in whole quads and not, rows padded (NaN past the inputs) and unpadded, blocks of rows and the rows after the last
/// block, one to six units. And the logits with their loss in one pass
/// (<see cref="UnitRowKernels.TryLinearWithSoftmaxCrossEntropyOfLabels{S}"/> and its parts) against the layer then the
/// loss through memory, bit for bit.
/// </summary>
public class UnitRowForwardTests
{
    private static readonly int[] Inputs = { 1, 2, 3, 4, 5, 7, 16, 17, 20, 64 };

    [Fact]
    public void Rows_in_lanes_sum_every_input_once_on_every_width()
    {
        Check<Lanes512, Vector512<float>>();
        Check<Lanes256, Vector256<float>>();
        Check<Lanes128, Vector128<float>>();
    }

    private static void Check<L, V>() where L : struct, ILanes<V> where V : struct
    {
        foreach (int rows in new[] { L.Count, 2 * L.Count, 2 * L.Count + 3 })
            foreach (int inputs in Inputs)
                foreach (bool padded in new[] { true, false })
                    foreach (int units in new[] { 1, 2, 3, 4, 6 })
                        Compare<L, V>(rows, inputs, padded, units, $"width {L.Count}, {rows} rows, {inputs} inputs{(padded ? "" : " unpadded")}, {units} units");
    }

    private static void Compare<L, V>(int rows, int inputs, bool padded, int units, string what) where L : struct, ILanes<V> where V : struct
    {
        var (x, xStride, w, wStride, b) = Layer(rows, inputs, padded, units, seed: rows * 1000 + inputs * 10 + units);
        int zStride = (units + 15) / 16 * 16;
        var z = new float[rows * zStride];
        Array.Fill(z, float.NaN);
        UnitRowKernels.Linear<L, V, ZOnly<V>>(ref x[0], xStride, ref w[0], wStride, ref b[0], ref z[0], ref Unsafe.NullRef<float>(), zStride, rows, inputs, units);
        for (int r = 0; r < rows; r++)
            for (int o = 0; o < units; o++)
            {
                double sum = b[o], size = Math.Abs(b[o]);
                for (int i = 0; i < inputs; i++)
                {
                    sum += (double)w[o * wStride + i] * x[r * xStride + i];
                    size += Math.Abs((double)w[o * wStride + i] * x[r * xStride + i]);
                }
                float actual = z[r * zStride + o];
                Assert.True(Math.Abs(actual - sum) <= 1e-6 * size + 1e-30, $"{what}: z[{r}, {o}] = {actual:R}, the sum in double {sum:R}");
            }
    }

    [Fact]
    public void Logits_with_their_loss_give_the_bits_of_the_layer_then_the_loss()
    {
        if (!Vector128.IsHardwareAccelerated)
        {
            // Without vectors the fused pass declines, writing nothing, and the generated code takes the layer then the loss.
            var buffer = new float[64];
            var labels = new int[4];
            Assert.False(UnitRowKernels.TryLinearWithSoftmaxCrossEntropyOfLabels<ArgumentShape>(ref buffer[0], 4, ref buffer[0], 4, ref buffer[0], ref labels[0],
                ref buffer[32], 4, 4, 4, 2, 0.25f, out _));
            Assert.All(buffer, value => Assert.Equal(0f, value));
            return;
        }
        int lanes = Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : 4;
        foreach (int inputs in Inputs)
            foreach (int units in new[] { 1, 2, 3, 4 })
                foreach (int rows in new[] { lanes, 2 * lanes })
                {
                    string what = $"{rows} rows, {inputs} inputs, {units} units";
                    var (x, xStride, w, wStride, b) = Layer(rows, inputs, padded: inputs != 20, units, seed: inputs * 10 + units);
                    var labels = new int[rows];
                    for (int r = 0; r < rows; r++)
                        labels[r] = (r * 7 + inputs) % units;
                    const int stride = 16;
                    float scale = 1f / rows;

                    var z = new float[rows * stride];
                    var expectedDelta = new float[rows * stride];
                    Array.Fill(expectedDelta, float.NaN);
                    Linear(x, xStride, w, wStride, b, z, stride, rows, inputs, units);
                    float expectedLoss = LossKernels.SoftmaxCrossEntropyOfLabels(ref z[0], stride, ref labels[0], units, ref expectedDelta[0], rows, scale, true, true);

                    var delta = new float[rows * stride];
                    Array.Fill(delta, float.NaN);
                    Assert.True(UnitRowKernels.TryLinearWithSoftmaxCrossEntropyOfLabels<ArgumentShape>(ref x[0], xStride, ref w[0], wStride, ref b[0], ref labels[0],
                        ref delta[0], stride, rows, inputs, units, scale, out float loss), what);
                    AssertBits(expectedDelta, delta, what + ": delta");
                    Assert.True(BitConverter.SingleToInt32Bits(expectedLoss) == BitConverter.SingleToInt32Bits(loss), $"{what}: loss {loss:R}, through memory {expectedLoss:R}");

                    var parts = new float[3 * rows];
                    Array.Fill(delta, float.NaN);
                    Assert.True(UnitRowKernels.TryLinearWithSoftmaxCrossEntropyPartsOfLabels<ArgumentShape>(ref x[0], xStride, ref w[0], wStride, ref b[0], ref labels[0],
                        ref delta[0], stride, rows, inputs, units, scale, ref parts[0], out float bound), what);
                    Assert.True(bound < UnitRowKernels.PartsBound, what);
                    AssertBits(expectedDelta, delta, what + ": delta, parts");
                    float fromParts = UnitRowKernels.SoftmaxCrossEntropyOfParts(ref parts[0], rows);
                    Assert.True(BitConverter.SingleToInt32Bits(expectedLoss) == BitConverter.SingleToInt32Bits(fromParts), $"{what}: loss from parts {fromParts:R}, through memory {expectedLoss:R}");
                }
    }

    /// <summary>The machine's widest vectors, as the fused kernels choose them.</summary>
    private static void Linear(float[] x, int xStride, float[] w, int wStride, float[] b, float[] z, int zStride, int rows, int inputs, int units)
    {
        if (Vector512.IsHardwareAccelerated)
            UnitRowKernels.Linear<Lanes512, Vector512<float>, ZOnly<Vector512<float>>>(ref x[0], xStride, ref w[0], wStride, ref b[0], ref z[0], ref Unsafe.NullRef<float>(), zStride, rows, inputs, units);
        else if (Vector256.IsHardwareAccelerated)
            UnitRowKernels.Linear<Lanes256, Vector256<float>, ZOnly<Vector256<float>>>(ref x[0], xStride, ref w[0], wStride, ref b[0], ref z[0], ref Unsafe.NullRef<float>(), zStride, rows, inputs, units);
        else
            UnitRowKernels.Linear<Lanes128, Vector128<float>, ZOnly<Vector128<float>>>(ref x[0], xStride, ref w[0], wStride, ref b[0], ref z[0], ref Unsafe.NullRef<float>(), zStride, rows, inputs, units);
    }

    /// <summary>
    /// Input rows padded to 16 with NaN past the inputs (or unpadded: <c>xStride</c> the inputs), weight rows padded with
    /// zeros, a bias a unit; values of both signs and zeros of both signs among the inputs.
    /// </summary>
    private static (float[] X, int XStride, float[] W, int WStride, float[] B) Layer(int rows, int inputs, bool padded, int units, int seed)
    {
        var random = new Random(seed);
        int wStride = (inputs + 15) / 16 * 16, xStride = padded ? wStride : inputs;
        var x = new float[rows * xStride + 16];
        Array.Fill(x, float.NaN);
        var w = new float[units * wStride];
        var b = new float[16];
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < inputs; i++)
                x[r * xStride + i] = (r + i) % 7 == 3 ? ((r & 1) == 0 ? 0f : -0f) : (float)(random.NextDouble() * 2 - 1);
        for (int o = 0; o < units; o++)
        {
            b[o] = (float)(random.NextDouble() - 0.5);
            for (int i = 0; i < inputs; i++)
                w[o * wStride + i] = (float)(random.NextDouble() * 2 - 1);
        }
        return (x, xStride, w, wStride, b);
    }

    private static void AssertBits(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]), $"{what}[{i}]: {actual[i]:R} where through memory {expected[i]:R}");
    }
}
