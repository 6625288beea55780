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

    [Fact]
    public void LoadFirst_reads_only_the_floats_it_is_given()
    {
        var source = new float[32];
        for (int k = 0; k < source.Length; k++)
            source[k] = float.NaN;
        for (int count = 0; count <= 16; count++)
        {
            for (int k = 0; k < count; k++)
                source[k] = k + 1;
            var wide = Lanes512.LoadFirst(ref source[0], count);
            var middle = Lanes256.LoadFirst(ref source[0], count);
            var narrow = Lanes128.LoadFirst(ref source[0], count);
            for (int k = 0; k < 16; k++)
            {
                float expected = k < count ? k + 1 : 0f;
                Assert.Equal(expected, wide[k]);
                if (k < 8) Assert.Equal(expected, middle[k]);
                if (k < 4) Assert.Equal(expected, narrow[k]);
            }
            Assert.Equal(count > 0 ? 1f : 0f, LanesScalar.LoadFirst(ref source[0], count));
        }
    }

    [Fact]
    public void MaxAcross_finds_the_largest_lane_wherever_it_is()
    {
        for (int at = 0; at < 16; at++)
        {
            var lanes = new float[16];
            for (int k = 0; k < 16; k++)
                lanes[k] = -k;
            lanes[at] = 5f;
            Assert.Equal(5f, Lanes512.MaxAcross(Vector512.Create(lanes)));
            if (at < 8) Assert.Equal(5f, Lanes256.MaxAcross(Vector256.Create(lanes)));
            if (at < 4) Assert.Equal(5f, Lanes128.MaxAcross(Vector128.Create(lanes)));
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
