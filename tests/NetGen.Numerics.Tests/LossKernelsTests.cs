using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NetGen.Numerics.Tests.Support;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>
/// The runtime's softmax cross-entropy kernels on every width, against the formula in double precision. The logits'
/// padding lanes hold NaN (a real network's hold f(0), not 0) and the targets end right before an unreadable page, so a
/// kernel that lets padding into its sums or reads past the targets fails.
/// </summary>
public class LossKernelsTests
{
    /// <summary>(outputs, rows): one output; rows in whole blocks and with rows left over; outputs past the across-rows limit and past a vector.</summary>
    public static TheoryData<int, int> Shapes() => new()
    {
        { 1, 1 }, { 3, 16 }, { 3, 17 }, { 4, 9 }, { 5, 37 }, { 8, 19 }, { 9, 16 }, { 10, 7 }, { 10, 32 }, { 12, 24 }, { 13, 8 }, { 16, 33 }, { 17, 5 }, { 40, 2 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SoftmaxCrossEntropy_matches_the_formula_on_every_width(int outputs, int rows)
    {
        var (logits, stride, targetValues) = Data(outputs, rows);
        using var guarded = GuardedFloats.Supported ? new GuardedFloats(targetValues.Length) : null;
        var targetSpan = guarded is null ? targetValues.AsSpan() : guarded.Span;
        targetValues.CopyTo(targetSpan);
        ref float targets = ref MemoryMarshal.GetReference(targetSpan);
        float scale = 1f / rows;
        var (expectedLoss, expectedDelta) = Reference(logits, stride, targetValues, outputs, rows, scale);

        foreach (var (lanes, kernel) in ByRow())
        {
            var delta = Fresh(rows * stride);
            float loss = kernel(logits, stride, ref targets, outputs, delta, rows, scale, true, true);
            AssertClose(expectedLoss, loss, $"by row, width {lanes}: loss");
            // Whole vectors of the width are written (zeros in their padding lanes); the row's lanes past them are not.
            AssertDelta(delta, expectedDelta, stride, (outputs + lanes - 1) / lanes * lanes, $"by row, width {lanes}");
            AssertFlags(kernel, logits, stride, ref targets, outputs, rows, scale, loss, delta, $"by row, width {lanes}");
        }
        foreach (var (lanes, kernel) in AcrossRows())
        {
            var delta = Fresh(rows * stride);
            float loss = kernel(logits, stride, ref targets, outputs, delta, rows, scale, true, true, out int done);
            Assert.Equal(outputs <= LossKernels.AcrossRowsLimit ? rows / lanes * lanes : 0, done);
            double expectedDone = 0;
            for (int r = 0; r < done; r++)
                expectedDone += RowReference(logits, stride, targetValues, outputs, r).Loss;
            AssertClose(expectedDone, loss, $"across rows, width {lanes}: loss");
            // The rows done get quads (up to 4 outputs) or whole vectors of the width (squares transposed back), zeros past the outputs.
            int written = outputs <= 4 ? 4 : (outputs + lanes - 1) / lanes * lanes;
            AssertDelta(delta.AsSpan(0, done * stride).ToArray(), expectedDelta, stride, written, $"across rows, width {lanes}");
            Assert.All(delta.AsSpan(done * stride).ToArray(), value => Assert.True(float.IsNaN(value)));
        }
        {
            var delta = new float[rows * stride]; // zeros, as the network's buffer starts: the padding stays zero
            float loss = LossKernels.SoftmaxCrossEntropy(ref logits[0], stride, ref targets, outputs, ref delta[0], rows, scale, true, true);
            AssertClose(expectedLoss, loss, "front: loss");
            AssertDelta(delta, expectedDelta, stride, stride, "front");
        }
    }

    /// <summary>Rows narrower than a whole square of the width (here unpadded) take the delta one float at a time, only the outputs'.</summary>
    [Fact]
    public void SoftmaxCrossEntropyAcrossRows_writes_unpadded_rows_by_columns()
    {
        const int outputs = 3, rows = 16;
        var (padded, paddedStride, targets) = Data(outputs, rows);
        var logits = new float[rows * outputs];
        for (int r = 0; r < rows; r++)
            padded.AsSpan(r * paddedStride, outputs).CopyTo(logits.AsSpan(r * outputs));
        var (expectedLoss, expectedDelta) = Reference(logits, outputs, targets, outputs, rows, 1f);
        foreach (var (lanes, kernel) in AcrossRows())
        {
            var delta = new float[rows * outputs + 16];
            Array.Fill(delta, float.NaN, rows * outputs, 16); // past the last row: must stay untouched
            float loss = kernel(logits, outputs, ref targets[0], outputs, delta, rows, 1f, true, true, out int done);
            Assert.Equal(rows, done);
            AssertClose(expectedLoss, loss, $"width {lanes}: loss");
            AssertDelta(delta.AsSpan(0, rows * outputs).ToArray(), expectedDelta, outputs, outputs, $"width {lanes}");
            Assert.All(delta.AsSpan(rows * outputs).ToArray(), value => Assert.True(float.IsNaN(value)));
        }
    }

    /// <summary>
    /// The one-register gradient of the in-register training path is the by-row kernel's delta on the same width, bit for
    /// bit, with zeros in the padding lanes (NaN in the logits here), and its loss the by-row kernel's value of the row,
    /// for one-hot and soft targets.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(10)]
    [InlineData(16)]
    public void SoftmaxCrossEntropyGradient_is_the_by_row_delta(int outputs)
    {
        var (logits, stride, targets) = Data(outputs, 2);
        if (outputs <= 4)
            AssertRegisterGradient<Lanes128, Vector128<float>>(logits, stride, targets, outputs);
        if (outputs <= 8)
            AssertRegisterGradient<Lanes256, Vector256<float>>(logits, stride, targets, outputs);
        AssertRegisterGradient<Lanes512, Vector512<float>>(logits, stride, targets, outputs);
    }

    private static void AssertRegisterGradient<L, V>(float[] logits, int stride, float[] targets, int outputs) where L : struct, ILanes<V> where V : struct
    {
        for (int r = 0; r < 2; r++)
        {
            var expected = new float[stride];
            LossKernels.SoftmaxCrossEntropyByRow<L, V>(ref logits[r * stride], stride, ref targets[r * outputs], outputs, ref expected[0], 1, 0.25f, true, false);
            float value = LossKernels.SoftmaxCrossEntropyByRow<L, V>(ref logits[r * stride], stride, ref targets[r * outputs], outputs, ref expected[0], 1, 0.25f, false, true);
            var actual = new float[stride];
            L.Store(LossKernels.SoftmaxCrossEntropyGradient<L, V>(L.Load(ref logits[r * stride], 0), ref targets[r * outputs], outputs, 0.25f, out float loss), ref actual[0], 0);
            Assert.True(BitConverter.SingleToInt32Bits(value) == BitConverter.SingleToInt32Bits(0f + loss), $"width {L.Count}, row {r}: loss {loss} vs the by-row kernel's {value}");
            for (int k = 0; k < L.Count; k++)
                Assert.True(BitConverter.SingleToInt32Bits(expected[k]) == BitConverter.SingleToInt32Bits(actual[k]),
                    $"width {L.Count}, row {r}, lane {k}: {actual[k]} vs the by-row kernel's {expected[k]}");
        }
    }

    /// <summary>
    /// The rows-in-lanes kernel for 5 to 16 outputs takes the same arithmetic in every lane on every width: Vector512's
    /// delta (16 × 16 squares) is Vector256's (8 × 8) bit for bit, from soft and one-hot target rows and from class labels
    /// (the entry point, on the widest vectors); the loss differs only by the order of the final sum across lanes.
    /// </summary>
    [Theory]
    [InlineData(5, 32)]
    [InlineData(10, 32)]
    [InlineData(10, 48)]
    [InlineData(16, 16)]
    public void Rows_in_lanes_give_the_same_delta_on_every_width(int outputs, int rows)
    {
        if (!Vector512.IsHardwareAccelerated)
            return; // emulated, a Vector512 multiply-add need not fuse as the hardware Vector256 one does
        var (logits, stride, targets) = Data(outputs, rows);
        var labels = new int[rows];
        var oneHot = new float[rows * outputs];
        for (int r = 0; r < rows; r++)
        {
            labels[r] = (r * 5 + 3) % outputs;
            oneHot[r * outputs + labels[r]] = 1f;
        }
        float scale = 1f / rows;
        foreach (var (what, rowTargets) in new[] { ("soft and one-hot rows", targets), ("one-hot rows", oneHot) })
        {
            var expected = Fresh(rows * stride);
            var actual = Fresh(rows * stride);
            float expectedLoss = LossKernels.SoftmaxCrossEntropyAcrossRows<Lanes256, Vector256<float>>(ref logits[0], stride, ref rowTargets[0], outputs, ref expected[0], rows, scale, true, true, out int expectedDone);
            float loss = LossKernels.SoftmaxCrossEntropyAcrossRows<Lanes512, Vector512<float>>(ref logits[0], stride, ref rowTargets[0], outputs, ref actual[0], rows, scale, true, true, out int done);
            Assert.Equal(rows, expectedDone);
            Assert.Equal(rows, done);
            AssertSameBits(expected, actual, stride, outputs, $"{outputs} outputs, {what}");
            Assert.True(Math.Abs(loss - expectedLoss) <= 1e-6f * Math.Abs(expectedLoss), $"{what}: loss {loss} vs {expectedLoss}");
            if (rowTargets != oneHot)
                continue;
            var byLabels = Fresh(rows * stride);
            float labelLoss = LossKernels.SoftmaxCrossEntropyOfLabels(ref logits[0], stride, ref labels[0], outputs, ref byLabels[0], rows, scale, true, true);
            AssertSameBits(expected, byLabels, stride, outputs, $"{outputs} outputs, labels");
            Assert.True(Math.Abs(labelLoss - expectedLoss) <= 1e-6f * Math.Abs(expectedLoss), $"labels: loss {labelLoss} vs {expectedLoss}");
        }

        // The outputs' columns; past them, Vector512's block writes zeros up to 16 columns, Vector256's up to 8 (whole vectors).
        static void AssertSameBits(float[] expected, float[] actual, int stride, int outputs, string what)
        {
            for (int k = 0; k < expected.Length; k++)
                if (k % stride < outputs)
                    Assert.True(BitConverter.SingleToInt32Bits(expected[k]) == BitConverter.SingleToInt32Bits(actual[k]), $"{what}: delta[{k}] {actual[k]} vs {expected[k]}");
                else
                    Assert.True(actual[k] == 0f, $"{what}: delta[{k}] {actual[k]} past the outputs");
        }
    }

    /// <summary>(y - t) · factor in the outputs' lanes and zero in the padding lanes, whatever they held; the targets are read only that far.</summary>
    [Fact]
    public void DifferenceGradient_zeroes_the_padding_lanes()
    {
        using var guarded = GuardedFloats.Supported ? new GuardedFloats(3) : null;
        var targets = guarded is null ? new float[3].AsSpan() : guarded.Span;
        targets[0] = 0.5f; targets[1] = 3f; targets[2] = -1f;
        ref float t = ref MemoryMarshal.GetReference(targets);
        var narrow = LossKernels.DifferenceGradient<Lanes128, Vector128<float>>(Vector128.Create(1f, 2f, 0f, float.NaN), ref t, 2, 0.5f);
        Assert.Equal(Vector128.Create(0.25f, -0.5f, 0f, 0f), narrow);
        var wide = LossKernels.DifferenceGradient<Lanes512, Vector512<float>>(Vector512.Create(float.NaN).WithElement(0, 1f).WithElement(1, 2f).WithElement(2, 4f), ref t, 3, 2f);
        Assert.Equal(Vector512<float>.Zero.WithElement(0, 1f).WithElement(1, -2f).WithElement(2, 10f), wide);
    }

    /// <summary>Without the gradient the delta is untouched and the loss the same; without the value the delta is the same.</summary>
    private static void AssertFlags(Kernel kernel, float[] logits, int stride, ref float targets, int outputs, int rows, float scale, float loss, float[] delta, string what)
    {
        var untouched = Fresh(delta.Length);
        Assert.Equal(loss, kernel(logits, stride, ref targets, outputs, untouched, rows, scale, false, true));
        Assert.All(untouched, value => Assert.True(float.IsNaN(value), $"{what}: written without withGradient"));
        var withoutValue = Fresh(delta.Length);
        kernel(logits, stride, ref targets, outputs, withoutValue, rows, scale, true, false);
        for (int k = 0; k < delta.Length; k++)
            Assert.True(delta[k].Equals(withoutValue[k]), $"{what}: delta[{k}] differs without withValue");
    }

    private static (float[] Logits, int Stride, float[] Targets) Data(int outputs, int rows)
    {
        int stride = (outputs + 15) / 16 * 16;
        var random = new Random(outputs * 100 + rows);
        var logits = new float[rows * stride];
        Array.Fill(logits, float.NaN);
        var targets = new float[rows * outputs];
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < outputs; o++)
                logits[r * stride + o] = (float)(random.NextDouble() * 20 - 10);
            // Soft targets on odd rows (their sum is not 1), one-hot on even rows.
            for (int o = 0; o < outputs; o++)
                targets[r * outputs + o] = r % 2 == 1 ? (float)random.NextDouble() : o == r % outputs ? 1f : 0f;
        }
        return (logits, stride, targets);
    }

    private static float[] Fresh(int length)
    {
        var values = new float[length];
        Array.Fill(values, float.NaN);
        return values;
    }

    /// <summary>
    /// One output's binary cross-entropy against the formula in double precision, logs clamped at -100 as
    /// torch.nn.BCELoss's: targets 0, 1 and between, outputs at and near both ends (0 and 1 reach the clamp).
    /// </summary>
    [Fact]
    public void BinaryCrossEntropy_matches_the_clamped_formula()
    {
        float[] outputs = [0f, 1e-30f, 1e-7f, 0.01f, 0.25f, 0.5f, 0.8f, 0.9999f, 1f - 6e-8f, 1f];
        float[] targets = [0f, 1f, 0.3f, 0.75f];
        foreach (float y in outputs)
            foreach (float t in targets)
            {
                double logY = Math.Max(Math.Log(y), -100), logNotY = Math.Max(Math.Log(1.0 - y), -100);
                double expected = -(t * logY + (1 - t) * logNotY);
                AssertClose(expected, LossKernels.BinaryCrossEntropy(y, t), $"y {y}, t {t}");
            }
        Assert.True(float.IsNaN(LossKernels.BinaryCrossEntropy(float.NaN, 1f)));
    }

    private static void AssertClose(double expected, float actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"{what} {actual} vs {expected}");

    private static void AssertDelta(float[] delta, double[] expected, int stride, int written, string what)
    {
        for (int k = 0; k < delta.Length; k++)
            if (k % stride < written)
                Assert.True(Math.Abs(delta[k] - expected[k]) <= 1e-6 * Math.Max(1, Math.Abs(expected[k])), $"{what}: delta[{k}] {delta[k]} vs {expected[k]}");
            else
                Assert.True(float.IsNaN(delta[k]), $"{what}: delta[{k}] written");
    }

    private delegate float Kernel(float[] logits, int stride, ref float targets, int outputs, float[] delta, int rows, float scale, bool withGradient, bool withValue);

    private delegate float BlockKernel(float[] logits, int stride, ref float targets, int outputs, float[] delta, int rows, float scale, bool withGradient, bool withValue, out int done);

    private static (int Lanes, Kernel Kernel)[] ByRow() =>
    [
        (16, (float[] y, int s, ref float t, int o, float[] d, int r, float k, bool g, bool v) => LossKernels.SoftmaxCrossEntropyByRow<Lanes512, Vector512<float>>(ref y[0], s, ref t, o, ref d[0], r, k, g, v)),
        (8, (float[] y, int s, ref float t, int o, float[] d, int r, float k, bool g, bool v) => LossKernels.SoftmaxCrossEntropyByRow<Lanes256, Vector256<float>>(ref y[0], s, ref t, o, ref d[0], r, k, g, v)),
        (4, (float[] y, int s, ref float t, int o, float[] d, int r, float k, bool g, bool v) => LossKernels.SoftmaxCrossEntropyByRow<Lanes128, Vector128<float>>(ref y[0], s, ref t, o, ref d[0], r, k, g, v)),
        (1, (float[] y, int s, ref float t, int o, float[] d, int r, float k, bool g, bool v) => LossKernels.SoftmaxCrossEntropyByRow<LanesScalar, float>(ref y[0], s, ref t, o, ref d[0], r, k, g, v)),
    ];

    private static (int Lanes, BlockKernel Kernel)[] AcrossRows() =>
    [
        (16, (float[] y, int s, ref float t, int o, float[] d, int r, float k, bool g, bool v, out int done) => LossKernels.SoftmaxCrossEntropyAcrossRows<Lanes512, Vector512<float>>(ref y[0], s, ref t, o, ref d[0], r, k, g, v, out done)),
        (8, (float[] y, int s, ref float t, int o, float[] d, int r, float k, bool g, bool v, out int done) => LossKernels.SoftmaxCrossEntropyAcrossRows<Lanes256, Vector256<float>>(ref y[0], s, ref t, o, ref d[0], r, k, g, v, out done)),
        (4, (float[] y, int s, ref float t, int o, float[] d, int r, float k, bool g, bool v, out int done) => LossKernels.SoftmaxCrossEntropyAcrossRows<Lanes128, Vector128<float>>(ref y[0], s, ref t, o, ref d[0], r, k, g, v, out done)),
        (1, (float[] y, int s, ref float t, int o, float[] d, int r, float k, bool g, bool v, out int done) => LossKernels.SoftmaxCrossEntropyAcrossRows<LanesScalar, float>(ref y[0], s, ref t, o, ref d[0], r, k, g, v, out done)),
    ];

    /// <summary>Σ_r Σt·logsumexp - Σ t·y, and (softmax·Σt - t)·scale with zeros in the padding lanes; the width kernels' sum is not scaled.</summary>
    private static (double Loss, double[] Delta) Reference(float[] logits, int stride, float[] targets, int outputs, int rows, float scale)
    {
        double loss = 0;
        var delta = new double[rows * stride];
        for (int r = 0; r < rows; r++)
        {
            var (rowLoss, softmax, targetSum) = RowReference(logits, stride, targets, outputs, r);
            loss += rowLoss;
            for (int o = 0; o < outputs; o++)
                delta[r * stride + o] = (softmax[o] * targetSum - targets[r * outputs + o]) * scale;
        }
        return (loss, delta);
    }

    /// <summary>Row r's Σt·logsumexp - Σ t·y, its softmax and Σt, in double.</summary>
    private static (double Loss, double[] Softmax, double TargetSum) RowReference(float[] logits, int stride, float[] targets, int outputs, int r)
    {
        double max = double.NegativeInfinity, sum = 0, targetSum = 0, dot = 0;
        for (int o = 0; o < outputs; o++)
            max = Math.Max(max, logits[r * stride + o]);
        var softmax = new double[outputs];
        for (int o = 0; o < outputs; o++)
        {
            softmax[o] = Math.Exp(logits[r * stride + o] - max);
            sum += softmax[o];
            targetSum += targets[r * outputs + o];
            dot += targets[r * outputs + o] * logits[r * stride + o];
        }
        for (int o = 0; o < outputs; o++)
            softmax[o] /= sum;
        return (targetSum * (max + Math.Log(sum)) - dot, softmax, targetSum);
    }
    /// <summary>
    /// A NaN or ±∞ logit in any column: the kernels take the max with the CPU's own instruction (which may drop a NaN, so
    /// the logit's own exponential must carry it), and class labels skip the one-hot rows' sum of targets. Whatever the
    /// column, every width's kernels (rows in lanes, whole blocks; a row at a time) give a NaN loss and a NaN gradient row
    /// for NaN and +∞, a loss that is not finite for -∞ (NaN from 0·∞ outside the target's column, +∞ in it: the step is
    /// refused either way), and the labels' entry point gives bit for bit what the same rows as one-hot targets give, in
    /// whole blocks and in the rows left over (17 rows).
    /// </summary>
    [Theory]
    [InlineData(3, 16)]
    [InlineData(3, 17)]
    [InlineData(10, 32)]
    [InlineData(10, 17)]
    [InlineData(16, 16)]
    public void A_non_finite_logit_reaches_the_loss_from_any_column(int outputs, int rows)
    {
        const int stride = 16, row = 5;
        var labels = new int[rows];
        var oneHot = new float[rows * outputs];
        for (int r = 0; r < rows; r++)
        {
            labels[r] = (r * 7 + 1) % outputs;
            oneHot[r * outputs + labels[r]] = 1f;
        }
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
            for (int column = 0; column < outputs; column++)
            {
                var logits = new float[rows * stride];
                var random = new Random(column);
                for (int k = 0; k < logits.Length; k++)
                    logits[k] = (float)(random.NextDouble() * 4 - 2);
                logits[row * stride + column] = bad;
                string what = $"{bad} at row {row}, column {column} (label {labels[row]}), {rows} rows";
                float scale = 1f / rows;
                foreach (var (lanes, kernel) in ByRow())
                {
                    var delta = new float[rows * stride];
                    float loss = kernel(logits, stride, ref oneHot[0], outputs, delta, rows, scale, true, true);
                    AssertNonFinite(bad, loss, delta[row * stride + labels[row]], $"by row, width {lanes}: {what}");
                }
                foreach (var (lanes, kernel) in AcrossRows())
                {
                    var delta = new float[rows * stride];
                    float loss = kernel(logits, stride, ref oneHot[0], outputs, delta, rows, scale, true, true, out int done);
                    if (row < done) // else the row is left to the by-row kernel
                        AssertNonFinite(bad, loss, delta[row * stride + labels[row]], $"across rows, width {lanes}: {what}");
                }
                var byLabels = new float[rows * stride];
                var byRows = new float[rows * stride];
                float labelLoss = LossKernels.SoftmaxCrossEntropyOfLabels(ref logits[0], stride, ref labels[0], outputs, ref byLabels[0], rows, scale, true, true);
                float rowLoss = LossKernels.SoftmaxCrossEntropy(ref logits[0], stride, ref oneHot[0], outputs, ref byRows[0], rows, scale, true, true);
                AssertNonFinite(bad, labelLoss, byLabels[row * stride + labels[row]], $"labels: {what}");
                Assert.Equal(BitConverter.SingleToInt32Bits(rowLoss), BitConverter.SingleToInt32Bits(labelLoss));
                for (int k = 0; k < byRows.Length; k++)
                    Assert.True(byRows[k].Equals(byLabels[k]), $"labels: {what}: delta[{k}] {byLabels[k]}, one-hot rows {byRows[k]}");
            }

        static void AssertNonFinite(float bad, float loss, float labelDelta, string what)
        {
            Assert.False(float.IsFinite(loss), $"{what}: loss {loss}");
            if (!float.IsNegativeInfinity(bad))
            {
                Assert.True(float.IsNaN(loss), $"{what}: loss {loss}");
                Assert.True(float.IsNaN(labelDelta), $"{what}: the label's gradient {labelDelta}");
            }
        }
    }
}
