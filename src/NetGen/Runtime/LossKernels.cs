using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Losses written once for every vector width (<see cref="ILanes{V}"/>) and called by the generated <c>LossOfRows</c>:
/// a row's outputs are in lanes, as the output layer stores them, so its exps, sums and gradient are vector operations.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LossKernels
{
    /// <summary>
    /// Softmax cross-entropy of each row's logits against its target probabilities (<c>F.cross_entropy</c>),
    /// summed over <paramref name="rows"/> rows: <c>Σt · logsumexp(y) - Σ t·y</c> per row. With
    /// <paramref name="withGradient"/>, writes <c>dL/dy = (softmax(y) · Σt - t) · scale</c> into <paramref name="delta"/>,
    /// whole vectors (zeros in the padding lanes). Without <paramref name="withValue"/> the logs are skipped and the
    /// result is not the loss.
    /// </summary>
    /// <remarks>
    /// Logits and deltas are rows of <paramref name="stride"/> floats (padded to whole vectors); targets are rows of
    /// <paramref name="outputs"/> floats, unpadded: their last vector is read with <c>LoadFirst</c>. The softmax is
    /// <c>e^(y - max) / Σ e^(y - max)</c>: one exp per output, which <c>VectorMath.Exp</c> computes within 4 ulps.
    /// </remarks>
    public static float SoftmaxCrossEntropy<L, V>(ref float logits, int stride, ref float targets, int outputs, ref float delta, int rows,
        float scale, bool withGradient, bool withValue) where L : struct, ILanes<V> where V : struct
    {
        // Per chunk of rows, each row's max, Σe, Σt and Σt·y wait here for the chunk's logs, taken as one vector.
        Span<float> rowMax = stackalloc float[Chunk], expSum = stackalloc float[Chunk];
        Span<float> targetSum = stackalloc float[Chunk], targetDotLogits = stackalloc float[Chunk];
        float total = 0f;
        for (int start = 0; start < rows; start += Chunk)
        {
            int count = Math.Min(Chunk, rows - start);
            for (int k = 0; k < count; k++)
            {
                int r = start + k;
                ref float y = ref Unsafe.Add(ref logits, r * stride);
                ref float t = ref Unsafe.Add(ref targets, r * outputs);
                ref float d = ref Unsafe.Add(ref delta, r * stride);
                Row<L, V>(ref y, ref t, ref d, outputs, scale, withGradient, out rowMax[k], out expSum[k], out targetSum[k], out targetDotLogits[k]);
            }
            if (withValue)
                total += RowLosses(rowMax, expSum, targetSum, targetDotLogits, count);
        }
        return total;
    }

    /// <summary>Rows per chunk of <see cref="SoftmaxCrossEntropy{L, V}"/>: one Vector512 of logs.</summary>
    private const int Chunk = 16;

    /// <summary>One row: its statistics out, and with <paramref name="withGradient"/> its delta.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row<L, V>(ref float y, ref float t, ref float d, int outputs, float scale, bool withGradient,
        out float rowMax, out float expSum, out float rowTargetSum, out float rowTargetDotLogits) where L : struct, ILanes<V> where V : struct
    {
        // The padding lanes take no part: -∞ in the max, 0 in the sums.
        V max = L.Broadcast(float.NegativeInfinity);
        for (int c = 0; c < outputs; c += L.Count)
            max = L.Max(max, L.Select(L.FirstLanes(outputs - c), L.Load(ref y, (nuint)c), max));
        rowMax = L.MaxAcross(max);
        V shift = L.Broadcast(rowMax);
        V sum = L.Zero, targetSum = L.Zero, targetDotLogits = L.Zero;
        for (int c = 0; c < outputs; c += L.Count)
        {
            V mask = L.FirstLanes(outputs - c);
            V logit = L.Select(mask, L.Load(ref y, (nuint)c), L.Zero);
            V e = L.Select(mask, L.Exp(L.Subtract(logit, shift)), L.Zero);
            V target = L.LoadFirst(ref Unsafe.Add(ref t, c), outputs - c);
            sum = L.Add(sum, e);
            targetSum = L.Add(targetSum, target);
            targetDotLogits = L.MultiplyAdd(target, logit, targetDotLogits);
            if (withGradient)
                L.Store(e, ref d, (nuint)c); // e^(y - max), scaled below
        }
        expSum = L.Sum(sum);
        rowTargetSum = L.Sum(targetSum);
        rowTargetDotLogits = L.Sum(targetDotLogits);
        if (!withGradient)
            return;
        V probabilityScale = L.Broadcast(rowTargetSum / expSum), lossScale = L.Broadcast(scale);
        for (int c = 0; c < outputs; c += L.Count)
        {
            V target = L.LoadFirst(ref Unsafe.Add(ref t, c), outputs - c);
            L.Store(L.Multiply(L.Subtract(L.Multiply(L.Load(ref d, (nuint)c), probabilityScale), target), lossScale), ref d, (nuint)c);
        }
    }

    /// <summary>
    /// <c>Σ_k Σt · (max + log Σe) - Σt·y</c> over the first <paramref name="count"/> rows of a chunk: the logs as vectors
    /// (.NET's, within 2 ulps of MathF.Log) where the hardware has them, one call for 16 rows instead of 16.
    /// </summary>
    private static float RowLosses(Span<float> rowMax, Span<float> expSum, Span<float> targetSum, Span<float> targetDotLogits, int count)
    {
        float total = 0f;
        int k = 0;
        if (Vector128.IsHardwareAccelerated)
            for (; k + 4 <= count; k += 4)
            {
                var logSumExp = Vector128.Create(rowMax.Slice(k)) + Vector128.Log(Vector128.Create(expSum.Slice(k)));
                total += Vector128.Sum(Vector128.Create(targetSum.Slice(k)) * logSumExp - Vector128.Create(targetDotLogits.Slice(k)));
            }
        for (; k < count; k++)
            total += targetSum[k] * (rowMax[k] + MathF.Log(expSum[k])) - targetDotLogits[k]; // -Σ t (y - logsumexp)
        return total;
    }
}
