using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>
/// The Dense kernels on every width against their sums in double, over the shapes where their blocks change: rows
/// around the 4-, 8- and 16-row blocks, inputs around the 4- and 8-input blocks and the 16-input transposition squares,
/// one to five vectors of columns (the one-row kernels' split chains, the one-vector blocks).
/// </summary>
public class DenseKernelsTests
{
    private static readonly int[] RowCounts = [1, 7, 8, 9, 12, 13, 16, 17, 25, 32];
    private static readonly int[] InputCounts = [1, 7, 8, 9, 15, 16, 17, 33];
    private static readonly int[] VectorCounts = [1, 2, 3, 4, 5, 9];
    /// <summary>LinearOneRow's bodies: chains for 1-4 vectors, an accumulator a vector for 5-8, Linear itself past 8.</summary>
    private static readonly int[] OneRowVectorCounts = [1, 2, 3, 4, 5, 6, 7, 8, 9];

    [Fact]
    public void Linear_matches_the_sums_on_every_width()
    {
        Linear<Lanes512, Vector512<float>>();
        Linear<Lanes256, Vector256<float>>();
        Linear<Lanes128, Vector128<float>>();
        Linear<LanesScalar, float>();
    }

    [Fact]
    public void LinearOneRow_gives_Linear_s_row_bit_for_bit_on_every_vector_width()
    {
        LinearOneRow<Lanes512, Vector512<float>>();
        LinearOneRow<Lanes256, Vector256<float>>();
        LinearOneRow<Lanes128, Vector128<float>>();
    }

    /// <summary>
    /// The inlined one-row body (ForwardOneRow's) against <see cref="DenseKernels.Linear"/> on one row: the same sums in the
    /// same order, so Predict gives what PredictBatch gives a row; 9 vectors take Linear itself.
    /// </summary>
    private static void LinearOneRow<L, V>() where L : struct, ILanes<V> where V : struct
    {
        foreach (int inputs in InputCounts)
            foreach (int vectors in OneRowVectorCounts)
            {
                int columns = vectors * L.Count, stride = columns + 16;
                var (x, w, _) = Operands(1, inputs, columns, stride, seed: inputs * 10 + vectors);
                var b = Random(columns, seed: 11);
                float[] z = new float[stride], expected = new float[stride];
                DenseKernels.LinearOneRow<L, V, ZOnly<V>>(ref x[0], ref w[0], stride, ref b[0], ref z[0], ref z[0], inputs, vectors);
                DenseKernels.Linear<L, V, ZOnly<V>>(ref x[0], inputs, ref w[0], stride, ref b[0], ref expected[0], ref expected[0], stride, 1, inputs, columns);
                Assert.True(z.AsSpan().SequenceEqual(expected), $"LinearOneRow {L.Count} lanes, {inputs} inputs, {vectors} vectors");
            }
    }

    [Fact]
    public void WeightGradient_matches_the_sums_on_every_width()
    {
        WeightGradient<Lanes512, Vector512<float>>();
        WeightGradient<Lanes256, Vector256<float>>();
        WeightGradient<Lanes128, Vector128<float>>();
        WeightGradient<LanesScalar, float>();
    }

    /// <summary>
    /// A layer whose shape says it has fewer units than columns (a classifier's 10 logits padded to 16) takes its weight
    /// gradient by units on the narrower widths: the same bits as the kernel that does not know the units, padding
    /// columns (zeros) included, for an even and an odd number of units and any rows.
    /// </summary>
    [Fact]
    public void WeightGradient_by_units_gives_the_bits_of_the_padded_columns()
    {
        foreach (int rows in RowCounts)
        {
            ByUnits<Lanes256, Vector256<float>, TenOfSixteen>(rows);
            ByUnits<Lanes256, Vector256<float>, FiveOfEight>(rows);
            ByUnits<Lanes128, Vector128<float>, TenOfSixteen>(rows);
            ByUnits<Lanes128, Vector128<float>, FiveOfEight>(rows);
        }
    }

    private static void ByUnits<L, V, S>(int rows) where L : struct, ILanes<V> where V : struct where S : struct, IDenseShape
    {
        var (x, _, d) = Operands(rows, S.Inputs, S.WStride, S.ZStride, seed: rows * 7 + S.Units);
        for (int r = 0; r < rows; r++)
            Array.Clear(d, r * S.ZStride + S.Units, S.ZStride - S.Units); // dz's padding columns, as the loss leaves them
        var byUnits = new float[S.Inputs * S.WStride];
        var byColumns = new float[S.Inputs * S.WStride];
        Array.Fill(byUnits, float.NaN); // every float is written
        DenseKernels.WeightGradient<L, V, S>(ref x[0], S.XStride, ref d[0], S.ZStride, ref byUnits[0], S.WStride, rows, S.Inputs, S.WStride);
        DenseKernels.WeightGradient<L, V>(ref x[0], S.XStride, ref d[0], S.ZStride, ref byColumns[0], S.WStride, rows, S.Inputs, S.WStride);
        for (int k = 0; k < byUnits.Length; k++)
            Assert.True(BitConverter.SingleToInt32Bits(byUnits[k]) == BitConverter.SingleToInt32Bits(byColumns[k]),
                $"{L.Count} lanes, {typeof(S).Name}, {rows} rows: dW[{k / S.WStride}, {k % S.WStride}] {byUnits[k]} by units, {byColumns[k]} by columns");
    }

    private readonly struct TenOfSixteen : IDenseShape { public static int XStride => 32; public static int WStride => 16; public static int ZStride => 16; public static int Inputs => 32; public static int Units => 10; }
    private readonly struct FiveOfEight : IDenseShape { public static int XStride => 32; public static int WStride => 8; public static int ZStride => 8; public static int Inputs => 32; public static int Units => 5; }

    [Fact]
    public void InputGradient_matches_the_sums_on_every_width_by_dots_and_by_transposition()
    {
        InputGradient<Lanes512, Vector512<float>>();
        InputGradient<Lanes256, Vector256<float>>();
        InputGradient<Lanes128, Vector128<float>>();
        InputGradient<LanesScalar, float>();
    }

    [Fact]
    public void BiasGradient_matches_the_sums_on_every_width()
    {
        BiasGradient<Lanes512, Vector512<float>>();
        BiasGradient<Lanes256, Vector256<float>>();
        BiasGradient<Lanes128, Vector128<float>>();
        BiasGradient<LanesScalar, float>();
    }

    /// <summary>Rows below, at and past the 4 chains' first block and its multiples; one to three vectors of columns.</summary>
    private static void BiasGradient<L, V>() where L : struct, ILanes<V> where V : struct
    {
        foreach (int rows in new[] { 1, 3, 7, 8, 9, 12, 13, 16, 17, 37 })
            for (int vectors = 1; vectors <= 3; vectors++)
            {
                int columns = vectors * L.Count, stride = columns + 16;
                var d = Random(rows * stride, seed: rows * 10 + vectors);
                var gb = new float[columns];
                DenseKernels.BiasGradient<L, V>(ref d[0], stride, ref gb[0], rows, columns);
                for (int c = 0; c < columns; c++)
                {
                    double sum = 0;
                    for (int r = 0; r < rows; r++)
                        sum += d[r * stride + c];
                    Assert.True(Math.Abs(gb[c] - sum) <= 1e-5 * Math.Max(1, Math.Abs(sum)), $"width {L.Count}, {rows} rows, column {c}: {gb[c]} vs {sum}");
                }
            }
    }

    private static void Linear<L, V>() where L : struct, ILanes<V> where V : struct
    {
        foreach (int rows in RowCounts)
            foreach (int inputs in InputCounts)
                foreach (int vectors in VectorCounts)
                {
                    int columns = vectors * L.Count, stride = columns + 16;
                    var (x, w, _) = Operands(rows, inputs, columns, stride, seed: rows * 1000 + inputs * 10 + vectors);
                    var b = Random(columns, seed: 7);
                    var z = new float[rows * stride];
                    DenseKernels.Linear<L, V, ZOnly<V>>(ref x[0], inputs, ref w[0], stride, ref b[0], ref z[0], ref z[0], stride, rows, inputs, columns);
                    for (int r = 0; r < rows; r++)
                        for (int c = 0; c < columns; c++)
                        {
                            double sum = b[c], size = Math.Abs(b[c]);
                            for (int i = 0; i < inputs; i++)
                            {
                                sum += (double)x[r * inputs + i] * w[i * stride + c];
                                size += Math.Abs((double)x[r * inputs + i] * w[i * stride + c]);
                            }
                            AssertClose(sum, size, z[r * stride + c], $"Linear {L.Count} lanes, {rows}×{inputs}×{columns}: z[{r}, {c}]");
                        }
                }
    }

    private static void WeightGradient<L, V>() where L : struct, ILanes<V> where V : struct
    {
        foreach (int rows in RowCounts)
            foreach (int inputs in InputCounts)
                foreach (int vectors in VectorCounts)
                {
                    int columns = vectors * L.Count, stride = columns + 16;
                    var (x, _, d) = Operands(rows, inputs, columns, stride, seed: rows * 1000 + inputs * 10 + vectors);
                    var g = new float[inputs * stride];
                    DenseKernels.WeightGradient<L, V>(ref x[0], inputs, ref d[0], stride, ref g[0], stride, rows, inputs, columns);
                    for (int i = 0; i < inputs; i++)
                        for (int c = 0; c < columns; c++)
                        {
                            double sum = 0, size = 0;
                            for (int r = 0; r < rows; r++)
                            {
                                sum += (double)x[r * inputs + i] * d[r * stride + c];
                                size += Math.Abs((double)x[r * inputs + i] * d[r * stride + c]);
                            }
                            AssertClose(sum, size, g[i * stride + c], $"WeightGradient {L.Count} lanes, {rows}×{inputs}×{columns}: dW[{i}, {c}]");
                        }
                }
    }

    private static void InputGradient<L, V>() where L : struct, ILanes<V> where V : struct
    {
        foreach (int rows in RowCounts)
            foreach (int inputs in InputCounts)
                foreach (int vectors in VectorCounts)
                {
                    int columns = vectors * L.Count, stride = columns + 16, padded = (inputs + L.Count - 1) / L.Count * L.Count;
                    int dxStride = (inputs + 15) / 16 * 16;
                    var (_, weights, deltas) = Operands(rows, inputs, columns, stride, seed: rows * 1000 + inputs * 10 + vectors);
                    foreach (bool transposes in new[] { false, true })
                    {
                        bool transposed = transposes && columns < 2 * rows; // what the kernel does with these sizes
                        // The forward product sums over the units only: past them W and dz are padding (zeros in storage),
                        // here NaN in W where the product must not read it.
                        int units = transposes ? Math.Max(1, columns - 3) : columns;
                        float[] w = (float[])weights.Clone(), d = (float[])deltas.Clone();
                        for (int c = units; c < columns; c++)
                        {
                            for (int i = 0; i < inputs; i++)
                                w[i * stride + c] = transposed ? float.NaN : 0f;
                            for (int r = 0; r < rows; r++)
                                d[r * stride + c] = 0f;
                        }
                        var dx = new float[rows * dxStride];
                        Array.Fill(dx, float.NaN);
                        var scratch = new float[columns * padded];
                        Array.Fill(scratch, float.NaN); // another layer's weights: the kernel must overwrite what it reads
                        if (transposes)
                            DenseKernels.InputGradientByTranspose<L, V>(ref w[0], stride, ref d[0], stride, ref dx[0], dxStride, rows, inputs, columns, units, ref scratch[0]);
                        else
                            DenseKernels.InputGradient<L, V>(ref w[0], stride, ref d[0], stride, ref dx[0], dxStride, rows, inputs, columns);
                        string what = $"InputGradient{(transposes ? "ByTranspose" : "")} {L.Count} lanes, {rows}×{inputs}×{columns}";
                        for (int r = 0; r < rows; r++)
                        {
                            for (int i = 0; i < inputs; i++)
                            {
                                double sum = 0, size = 0;
                                for (int c = 0; c < units; c++)
                                {
                                    sum += (double)w[i * stride + c] * d[r * stride + c];
                                    size += Math.Abs((double)w[i * stride + c] * d[r * stride + c]);
                                }
                                AssertClose(sum, size, dx[r * dxStride + i], $"{what}: dx[{r}, {i}]");
                            }
                            // Transposed, the padding lanes up to the vector are stored as zeros; nothing past them is written.
                            for (int i = inputs; i < dxStride; i++)
                                if (transposed && i < padded)
                                    Assert.Equal(0f, dx[r * dxStride + i]);
                                else
                                    Assert.True(float.IsNaN(dx[r * dxStride + i]), $"{what}: dx[{r}, {i}] written");
                        }
                    }
                }
    }

    /// <summary>x [rows][inputs], W [inputs][stride] and dz [rows][stride], each in [-1, 1).</summary>
    private static (float[] X, float[] W, float[] D) Operands(int rows, int inputs, int columns, int stride, int seed) =>
        (Random(rows * inputs, seed), Random(inputs * stride, seed + 1), Random(rows * stride, seed + 2));

    private static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int k = 0; k < length; k++)
            values[k] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }

    /// <summary>Within float rounding of a sum whose terms add up to <paramref name="size"/> in magnitude.</summary>
    private static void AssertClose(double expected, double size, float actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-6 * Math.Max(1, size), $"{what}: {actual} vs {expected}");
}
