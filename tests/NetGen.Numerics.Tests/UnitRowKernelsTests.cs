using System;
using System.Runtime.Intrinsics;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>
/// The kernels of a layer stored by unit on every width against their sums in double: rows around the lanes' blocks,
/// inputs within one square, across squares, past the width of a row (gathered), and past the inputs that go into
/// lanes (dot products); one to six units (a group of four and a partial one). Input rows carry NaN past the inputs
/// and the weight rows zeros, as in a network, so a kernel that lets an input's padding into a sum fails; one shape
/// has unpadded input rows, whose last square is gathered.
/// </summary>
public class UnitRowKernelsTests
{
    private static readonly int[] RowCounts = [1, 5, 16, 19, 33];
    private static readonly int[] InputCounts = [3, 16, 20, 70];
    private static readonly int[] UnitCounts = [1, 3, 4, 6];

    [Fact]
    public void The_kernels_match_the_sums_on_every_width()
    {
        Check<Lanes512, Vector512<float>>();
        Check<Lanes256, Vector256<float>>();
        Check<Lanes128, Vector128<float>>();
        Check<LanesScalar, float>();
    }

    private static void Check<L, V>() where L : struct, ILanes<V> where V : struct
    {
        foreach (int rows in RowCounts)
            foreach (int inputs in InputCounts)
                foreach (int units in UnitCounts)
                {
                    string what = $"width {L.Count}, {rows} rows, {inputs} inputs, {units} units";
                    // 20 inputs in unpadded rows: their last square does not fit a row and is gathered.
                    int padded = (inputs + 15) / 16 * 16, xStride = inputs == 20 ? 20 : padded, wStride = padded, zStride = (units + 15) / 16 * 16;
                    var random = new Random(rows * 1000 + inputs * 10 + units);
                    var x = new float[rows * xStride];
                    Array.Fill(x, float.NaN);
                    var w = new float[units * wStride];
                    var b = new float[16];
                    var d = new float[rows * zStride];
                    for (int r = 0; r < rows; r++)
                        for (int i = 0; i < inputs; i++)
                            x[r * xStride + i] = (float)(random.NextDouble() * 2 - 1);
                    for (int o = 0; o < units; o++)
                    {
                        b[o] = (float)(random.NextDouble() - 0.5);
                        for (int i = 0; i < inputs; i++)
                            w[o * wStride + i] = (float)(random.NextDouble() * 2 - 1);
                        for (int r = 0; r < rows; r++)
                            d[r * zStride + o] = (float)(random.NextDouble() * 2 - 1);
                    }

                    var z = new float[rows * zStride];
                    UnitRowKernels.Linear<L, V, ZOnly<V>>(ref x[0], xStride, ref w[0], wStride, ref b[0], ref z[0], ref z[0], zStride, rows, inputs, units);
                    var gw = new float[units * wStride];
                    Array.Fill(gw, float.NaN);
                    UnitRowKernels.WeightGradient<L, V>(ref x[0], xStride, ref d[0], zStride, ref gw[0], wStride, rows, inputs, units);
                    var dx = new float[rows * padded];
                    UnitRowKernels.InputGradient<L, V>(ref w[0], wStride, ref d[0], zStride, ref dx[0], padded, rows, inputs, units);

                    for (int r = 0; r < rows; r++)
                        for (int o = 0; o < units; o++)
                        {
                            double sum = b[o];
                            for (int i = 0; i < inputs; i++)
                                sum += (double)w[o * wStride + i] * x[r * xStride + i];
                            AssertClose(sum, z[r * zStride + o], inputs, $"{what}: z[{r}, {o}]");
                        }
                    for (int o = 0; o < units; o++)
                        for (int i = 0; i < (inputs + L.Count - 1) / L.Count * L.Count; i++)
                        {
                            double sum = 0;
                            for (int r = 0; r < rows && i < inputs; r++)
                                sum += (double)d[r * zStride + o] * x[r * xStride + i];
                            AssertClose(sum, gw[o * wStride + i], rows, $"{what}: dW[{o}, {i}]"); // zeros past the inputs
                        }
                    for (int r = 0; r < rows; r++)
                        for (int i = 0; i < inputs; i++)
                        {
                            double sum = 0;
                            for (int o = 0; o < units; o++)
                                sum += (double)d[r * zStride + o] * w[o * wStride + i];
                            AssertClose(sum, dx[r * padded + i], units, $"{what}: dx[{r}, {i}]");
                        }
                }
    }

    private static void AssertClose(double expected, float actual, int terms, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-6 * terms + 1e-6 * Math.Abs(expected), $"{what}: {actual} vs {expected}");

    [Fact]
    public void The_loss_from_the_logits_registers_is_the_stored_logits_loss_bit_for_bit()
    {
        CheckLossFromRegisters<Lanes512, Vector512<float>>();
        CheckLossFromRegisters<Lanes256, Vector256<float>>();
        CheckLossFromRegisters<Lanes128, Vector128<float>>();
        CheckLossFromRegisters<LanesScalar, float>();
    }

    /// <summary>
    /// TryLinearWithSoftmaxCrossEntropyOfLabels against Linear then the loss kernel on one-hot rows (the labels' bits, as
    /// LossKernelsTests shows): the same delta and loss, bit for bit, where every row is in a whole block; elsewhere (a
    /// partial block, more than 4 units, inputs beyond the lanes' limit, the scalar path) false with nothing written.
    /// </summary>
    private static void CheckLossFromRegisters<L, V>() where L : struct, ILanes<V> where V : struct
    {
        foreach (int rows in new[] { 1, 16, 19, 32, 48 })
            foreach (int inputs in new[] { 3, 16, 20, 64, 70 })
                foreach (int units in new[] { 1, 2, 3, 4, 5 })
                    foreach (bool bias in new[] { true, false })
                    {
                        string what = $"width {L.Count}, {rows} rows, {inputs} inputs, {units} units, bias {bias}";
                        int padded = (inputs + 15) / 16 * 16, xStride = inputs == 20 ? 20 : padded, wStride = padded, stride = 16;
                        var random = new Random(rows * 1000 + inputs * 10 + units + (bias ? 7 : 0));
                        var x = new float[rows * xStride];
                        Array.Fill(x, float.NaN); // an input row's padding must not reach a sum
                        var w = new float[units * wStride];
                        var b = new float[16];
                        var labels = new int[rows];
                        var oneHot = new float[rows * units];
                        for (int r = 0; r < rows; r++)
                        {
                            for (int i = 0; i < inputs; i++)
                                x[r * xStride + i] = (float)(random.NextDouble() * 4 - 2);
                            labels[r] = random.Next(units);
                            oneHot[r * units + labels[r]] = 1f;
                        }
                        for (int o = 0; o < units; o++)
                        {
                            b[o] = bias ? (float)(random.NextDouble() - 0.5) : 0f;
                            for (int i = 0; i < inputs; i++)
                                w[o * wStride + i] = (float)(random.NextDouble() * 2 - 1);
                        }
                        float scale = 1f / rows;
                        var fused = new float[rows * stride];
                        Array.Fill(fused, -7f);
                        ref float biasRef = ref bias ? ref b[0] : ref System.Runtime.CompilerServices.Unsafe.NullRef<float>();
                        bool applied = UnitRowKernels.TryLinearWithSoftmaxCrossEntropyOfLabels<L, V>(ref x[0], xStride, ref w[0], wStride, ref biasRef,
                            ref labels[0], ref fused[0], stride, rows, inputs, units, scale, out float loss);
                        bool applies = L.Count > 1 && rows % L.Count == 0 && inputs <= UnitRowKernels.InputsInLanesLimit && units <= 4;
                        Assert.True(applies == applied, what);
                        if (!applied)
                        {
                            Assert.Equal(0f, loss);
                            Assert.All(fused, value => Assert.Equal(-7f, value)); // nothing written
                            continue;
                        }
                        var z = new float[rows * stride];
                        UnitRowKernels.Linear<L, V, ZOnly<V>>(ref x[0], xStride, ref w[0], wStride, ref biasRef, ref z[0], ref z[0], stride, rows, inputs, units);
                        var stored = new float[rows * stride];
                        Array.Fill(stored, -7f);
                        float expected = LossKernels.SoftmaxCrossEntropyAcrossRows<L, V>(ref z[0], stride, ref oneHot[0], units, ref stored[0], rows, scale, true, true, out int done);
                        Assert.Equal(rows, done);
                        Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(loss), $"{what}: loss {loss} against {expected}");
                        for (int k = 0; k < stored.Length; k++)
                            Assert.True(BitConverter.SingleToInt32Bits(stored[k]) == BitConverter.SingleToInt32Bits(fused[k]), $"{what}: delta[{k / stride}, {k % stride}] {fused[k]} against {stored[k]}");
                    }
    }
}
