using System;
using System.Runtime.Intrinsics;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>The runtime's softmax cross-entropy kernel on every width, against the formula in double precision.</summary>
public class LossKernelsTests
{
    public static TheoryData<int, int> Shapes() => new() { { 1, 1 }, { 3, 16 }, { 10, 7 }, { 16, 33 }, { 17, 5 }, { 40, 2 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SoftmaxCrossEntropy_matches_the_formula_on_every_width(int outputs, int rows)
    {
        int stride = (outputs + 15) / 16 * 16;
        var random = new Random(outputs * 100 + rows);
        var logits = new float[rows * stride];
        var targets = new float[rows * outputs];
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < outputs; o++)
                logits[r * stride + o] = (float)(random.NextDouble() * 20 - 10);
            // Soft targets on odd rows (their sum is not 1), one-hot on even rows.
            for (int o = 0; o < outputs; o++)
                targets[r * outputs + o] = r % 2 == 1 ? (float)random.NextDouble() : o == r % outputs ? 1f : 0f;
        }
        float scale = 1f / rows;
        var (expectedLoss, expectedDelta) = Reference(logits, stride, targets, outputs, rows, scale);
        foreach (var (lanes, kernel) in ByRow())
        {
            var delta = new float[rows * stride];
            Array.Fill(delta, float.NaN);
            float loss = kernel(logits, stride, targets, outputs, delta, rows, scale);
            Assert.True(Math.Abs(loss - expectedLoss) <= 1e-5 * Math.Max(1, Math.Abs(expectedLoss)), $"by row, width {lanes}: loss {loss} vs {expectedLoss}");
            // Whole vectors of the width are written (zeros in their padding lanes); the row's lanes past them are not.
            int written = (outputs + lanes - 1) / lanes * lanes;
            AssertDelta(delta, expectedDelta, stride, written, $"by row, width {lanes}");
        }
        foreach (var (lanes, kernel) in AcrossRows())
        {
            var delta = new float[rows * stride];
            Array.Fill(delta, float.NaN);
            float loss = kernel(logits, stride, targets, outputs, delta, rows, scale, out int done);
            Assert.Equal(outputs <= LossKernels.AcrossRowsLimit ? rows / lanes * lanes : 0, done);
            double expectedDone = 0;
            for (int r = 0; r < done; r++)
                expectedDone += RowLoss(logits, stride, targets, outputs, r);
            Assert.True(Math.Abs(loss - expectedDone) <= 1e-5 * Math.Max(1, Math.Abs(expectedDone)), $"across rows, width {lanes}: loss {loss} vs {expectedDone}");
            // Only the outputs' floats of the rows done are written.
            AssertDelta(delta.AsSpan(0, done * stride).ToArray(), expectedDelta, stride, outputs, $"across rows, width {lanes}");
            Assert.All(delta.AsSpan(done * stride).ToArray(), value => Assert.True(float.IsNaN(value)));
        }
        {
            var delta = new float[rows * stride]; // zeros: the padding stays zero
            float loss = LossKernels.SoftmaxCrossEntropy(ref logits[0], stride, ref targets[0], outputs, ref delta[0], rows, scale, true, true);
            Assert.True(Math.Abs(loss - expectedLoss) <= 1e-5 * Math.Max(1, Math.Abs(expectedLoss)), $"front: loss {loss} vs {expectedLoss}");
            AssertDelta(delta, expectedDelta, stride, stride, "front");
        }
    }

    private static void AssertDelta(float[] delta, double[] expected, int stride, int written, string what)
    {
        for (int k = 0; k < delta.Length; k++)
            if (k % stride < written)
                Assert.True(Math.Abs(delta[k] - expected[k]) <= 1e-6 * Math.Max(1, Math.Abs(expected[k])), $"{what}: delta[{k}] {delta[k]} vs {expected[k]}");
            else
                Assert.True(float.IsNaN(delta[k]), $"{what}: delta[{k}] written");
    }

    private static double RowLoss(float[] logits, int stride, float[] targets, int outputs, int r) =>
        RowReference(logits, stride, targets, outputs, r).Loss;

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

    private delegate float Kernel(float[] logits, int stride, float[] targets, int outputs, float[] delta, int rows, float scale);

    private delegate float BlockKernel(float[] logits, int stride, float[] targets, int outputs, float[] delta, int rows, float scale, out int done);

    private static (int Lanes, Kernel Kernel)[] ByRow() =>
    [
        (16, (y, s, t, o, d, r, k) => LossKernels.SoftmaxCrossEntropyByRow<Lanes512, Vector512<float>>(ref y[0], s, ref t[0], o, ref d[0], r, k, true, true)),
        (8, (y, s, t, o, d, r, k) => LossKernels.SoftmaxCrossEntropyByRow<Lanes256, Vector256<float>>(ref y[0], s, ref t[0], o, ref d[0], r, k, true, true)),
        (4, (y, s, t, o, d, r, k) => LossKernels.SoftmaxCrossEntropyByRow<Lanes128, Vector128<float>>(ref y[0], s, ref t[0], o, ref d[0], r, k, true, true)),
        (1, (y, s, t, o, d, r, k) => LossKernels.SoftmaxCrossEntropyByRow<LanesScalar, float>(ref y[0], s, ref t[0], o, ref d[0], r, k, true, true)),
    ];

    private static (int Lanes, BlockKernel Kernel)[] AcrossRows() =>
    [
        (16, (float[] y, int s, float[] t, int o, float[] d, int r, float k, out int done) => LossKernels.SoftmaxCrossEntropyAcrossRows<Lanes512, Vector512<float>>(ref y[0], s, ref t[0], o, ref d[0], r, k, true, true, out done)),
        (8, (float[] y, int s, float[] t, int o, float[] d, int r, float k, out int done) => LossKernels.SoftmaxCrossEntropyAcrossRows<Lanes256, Vector256<float>>(ref y[0], s, ref t[0], o, ref d[0], r, k, true, true, out done)),
        (4, (float[] y, int s, float[] t, int o, float[] d, int r, float k, out int done) => LossKernels.SoftmaxCrossEntropyAcrossRows<Lanes128, Vector128<float>>(ref y[0], s, ref t[0], o, ref d[0], r, k, true, true, out done)),
        (1, (float[] y, int s, float[] t, int o, float[] d, int r, float k, out int done) => LossKernels.SoftmaxCrossEntropyAcrossRows<LanesScalar, float>(ref y[0], s, ref t[0], o, ref d[0], r, k, true, true, out done)),
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
}
