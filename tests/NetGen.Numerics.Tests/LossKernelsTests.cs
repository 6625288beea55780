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
        foreach (var (lanes, kernel) in Widths())
        {
            var delta = new float[rows * stride];
            Array.Fill(delta, float.NaN);
            float loss = kernel(logits, stride, targets, outputs, delta, rows, scale);
            Assert.True(Math.Abs(loss - expectedLoss) <= 1e-5 * Math.Max(1, Math.Abs(expectedLoss)), $"width {lanes}: loss {loss} vs {expectedLoss}");
            // Whole vectors of the width are written (zeros in their padding lanes); the row's lanes past them are not.
            int written = (outputs + lanes - 1) / lanes * lanes;
            for (int k = 0; k < delta.Length; k++)
                if (k % stride < written)
                    Assert.True(Math.Abs(delta[k] - expectedDelta[k]) <= 1e-6, $"width {lanes}: delta[{k}] {delta[k]} vs {expectedDelta[k]}");
                else
                    Assert.True(float.IsNaN(delta[k]), $"width {lanes}: delta[{k}] written");
        }
    }

    private delegate float Kernel(float[] logits, int stride, float[] targets, int outputs, float[] delta, int rows, float scale);

    private static (int Lanes, Kernel Kernel)[] Widths() =>
    [
        (16, (y, s, t, o, d, r, k) => LossKernels.SoftmaxCrossEntropy<Lanes512, Vector512<float>>(ref y[0], s, ref t[0], o, ref d[0], r, k, true, true)),
        (8, (y, s, t, o, d, r, k) => LossKernels.SoftmaxCrossEntropy<Lanes256, Vector256<float>>(ref y[0], s, ref t[0], o, ref d[0], r, k, true, true)),
        (4, (y, s, t, o, d, r, k) => LossKernels.SoftmaxCrossEntropy<Lanes128, Vector128<float>>(ref y[0], s, ref t[0], o, ref d[0], r, k, true, true)),
        (1, (y, s, t, o, d, r, k) => LossKernels.SoftmaxCrossEntropy<LanesScalar, float>(ref y[0], s, ref t[0], o, ref d[0], r, k, true, true)),
    ];

    /// <summary>Σ_r Σt·logsumexp - Σ t·y, and (softmax·Σt - t)·scale with zeros in the padding lanes; the width kernels' sum is not scaled.</summary>
    private static (double Loss, double[] Delta) Reference(float[] logits, int stride, float[] targets, int outputs, int rows, float scale)
    {
        double loss = 0;
        var delta = new double[rows * stride];
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity, sum = 0, targetSum = 0, dot = 0;
            for (int o = 0; o < outputs; o++)
                max = Math.Max(max, logits[r * stride + o]);
            for (int o = 0; o < outputs; o++)
            {
                sum += Math.Exp(logits[r * stride + o] - max);
                targetSum += targets[r * outputs + o];
                dot += targets[r * outputs + o] * logits[r * stride + o];
            }
            loss += targetSum * (max + Math.Log(sum)) - dot;
            for (int o = 0; o < outputs; o++)
                delta[r * stride + o] = (Math.Exp(logits[r * stride + o] - max) / sum * targetSum - targets[r * outputs + o]) * scale;
        }
        return (loss, delta);
    }
}
