using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Losses written once for every vector width (<see cref="ILanes{V}"/>) and called by the generated <c>LossOfRows</c>:
/// the rows or a row's outputs in lanes, so the exps, sums and gradient are vector operations.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipLocalsInit] // the stack blocks are written before they are read: no zeroing per call
public static class LossKernels
{
    /// <summary>
    /// Softmax cross-entropy of each row's logits against its target probabilities (<c>F.cross_entropy</c>), summed
    /// over <paramref name="rows"/> rows, on the widest vectors the CPU has: up to <see cref="AcrossRowsLimit"/> outputs,
    /// blocks of rows in lanes (<see cref="SoftmaxCrossEntropyAcrossRows{L, V}"/>), and the rows left one at a time with
    /// their outputs in lanes (<see cref="SoftmaxCrossEntropyByRow{L, V}"/>, on the narrowest vector that holds them).
    /// </summary>
    public static float SoftmaxCrossEntropy(ref float logits, int stride, ref float targets, int outputs, ref float delta, int rows,
        float scale, bool withGradient, bool withValue)
    {
        if (InWholeBlocksOfQuads(outputs, stride, rows))
            return ByQuadsOnWidest<TargetRows>(ref logits, stride, ref targets, ref Unsafe.NullRef<int>(), outputs, ref delta, rows, scale, withGradient, withValue);
        float total = AcrossRows<TargetRows>(ref logits, stride, ref targets, ref Unsafe.NullRef<int>(), outputs, ref delta, rows, scale, withGradient, withValue, out int done);
        if (done == rows)
            return total;
        return total + ByRow(ref Unsafe.Add(ref logits, done * stride), stride, ref Unsafe.Add(ref targets, done * outputs), outputs,
            ref Unsafe.Add(ref delta, done * stride), rows - done, scale, withGradient, withValue);
    }

    /// <summary>
    /// <see cref="SoftmaxCrossEntropy"/> with each row's target a class label in [0, <paramref name="outputs"/>): a block of
    /// rows in lanes takes its target columns from the labels (one compare each), so no one-hot rows are written or read;
    /// the rows left over go through one-hot rows on the stack. The same arithmetic as the one-hot targets', so the same bits.
    /// Up to <see cref="AcrossRowsLimit"/> outputs; the caller checks the labels.
    /// </summary>
    public static float SoftmaxCrossEntropyOfLabels(ref float logits, int stride, ref int labels, int outputs, ref float delta, int rows,
        float scale, bool withGradient, bool withValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(outputs, AcrossRowsLimit);
        if (InWholeBlocksOfQuads(outputs, stride, rows))
            return ByQuadsOnWidest<TargetLabels>(ref logits, stride, ref Unsafe.NullRef<float>(), ref labels, outputs, ref delta, rows, scale, withGradient, withValue);
        float total = AcrossRows<TargetLabels>(ref logits, stride, ref Unsafe.NullRef<float>(), ref labels, outputs, ref delta, rows, scale, withGradient, withValue, out int done);
        Span<float> oneHot = stackalloc float[Chunk * AcrossRowsLimit];
        for (int start = done; start < rows; start += Chunk)
        {
            int count = Math.Min(Chunk, rows - start);
            Span<float> block = oneHot.Slice(0, count * outputs);
            block.Clear();
            for (int r = 0; r < count; r++)
                block[r * outputs + Unsafe.Add(ref labels, start + r)] = 1f;
            total += ByRow(ref Unsafe.Add(ref logits, start * stride), stride, ref block[0], outputs,
                ref Unsafe.Add(ref delta, start * stride), count, scale, withGradient, withValue);
        }
        return total;
    }

    /// <summary>
    /// Whether every row falls in a whole block of the widest vectors' lanes with at most 4 outputs: then the block kernel
    /// that keeps the columns in registers is called straight away, without the general path's stack blocks and two calls
    /// between (iris's batch of 16: its loss is a few dozen nanoseconds, the frames a good part of them).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool InWholeBlocksOfQuads(int outputs, int stride, int rows)
    {
        int lanes = Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : Vector128.IsHardwareAccelerated ? 4 : 0;
        return lanes > 0 && outputs <= 4 && stride >= 4 && rows >= lanes && rows % lanes == 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the entry points: one call to the kernel
    private static float ByQuadsOnWidest<T>(ref float logits, int stride, ref float targets, ref int labels, int outputs, ref float delta, int rows,
        float scale, bool withGradient, bool withValue) where T : struct, ITargetSource
    {
        int done;
        if (Vector512.IsHardwareAccelerated)
            return SoftmaxCrossEntropyByQuads<Lanes512, Vector512<float>, T>(ref logits, stride, ref targets, ref labels, outputs, ref delta, rows, scale, withGradient, withValue, out done);
        if (Vector256.IsHardwareAccelerated)
            return SoftmaxCrossEntropyByQuads<Lanes256, Vector256<float>, T>(ref logits, stride, ref targets, ref labels, outputs, ref delta, rows, scale, withGradient, withValue, out done);
        return SoftmaxCrossEntropyByQuads<Lanes128, Vector128<float>, T>(ref logits, stride, ref targets, ref labels, outputs, ref delta, rows, scale, withGradient, withValue, out done);
    }

    /// <summary>The whole blocks of rows in lanes on the widest vectors the CPU has (none for fewer rows than lanes); <paramref name="done"/> is the rows they cover.</summary>
    private static float AcrossRows<T>(ref float logits, int stride, ref float targets, ref int labels, int outputs, ref float delta, int rows,
        float scale, bool withGradient, bool withValue, out int done) where T : struct, ITargetSource
    {
        done = 0;
        // A block of rows needs a vector's worth of them: a one-row step skips the call (its frame of stack blocks).
        if (outputs > AcrossRowsLimit || rows < (Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : 4))
            return 0f;
        if (Vector512.IsHardwareAccelerated)
            return SoftmaxCrossEntropyAcrossRowsOf<Lanes512, Vector512<float>, T>(ref logits, stride, ref targets, ref labels, outputs, ref delta, rows, scale, withGradient, withValue, out done);
        if (Vector256.IsHardwareAccelerated)
            return SoftmaxCrossEntropyAcrossRowsOf<Lanes256, Vector256<float>, T>(ref logits, stride, ref targets, ref labels, outputs, ref delta, rows, scale, withGradient, withValue, out done);
        if (Vector128.IsHardwareAccelerated)
            return SoftmaxCrossEntropyAcrossRowsOf<Lanes128, Vector128<float>, T>(ref logits, stride, ref targets, ref labels, outputs, ref delta, rows, scale, withGradient, withValue, out done);
        return 0f;
    }

    /// <summary>Rows one at a time, their outputs in lanes, on the narrowest vector that holds them.</summary>
    private static float ByRow(ref float y, int stride, ref float t, int outputs, ref float d, int left, float scale, bool withGradient, bool withValue)
    {
        if (outputs <= 4 && Vector128.IsHardwareAccelerated)
            return SoftmaxCrossEntropyByRow<Lanes128, Vector128<float>>(ref y, stride, ref t, outputs, ref d, left, scale, withGradient, withValue);
        if (outputs <= 8 && Vector256.IsHardwareAccelerated)
            return SoftmaxCrossEntropyByRow<Lanes256, Vector256<float>>(ref y, stride, ref t, outputs, ref d, left, scale, withGradient, withValue);
        if (Vector512.IsHardwareAccelerated)
            return SoftmaxCrossEntropyByRow<Lanes512, Vector512<float>>(ref y, stride, ref t, outputs, ref d, left, scale, withGradient, withValue);
        if (Vector256.IsHardwareAccelerated)
            return SoftmaxCrossEntropyByRow<Lanes256, Vector256<float>>(ref y, stride, ref t, outputs, ref d, left, scale, withGradient, withValue);
        if (Vector128.IsHardwareAccelerated)
            return SoftmaxCrossEntropyByRow<Lanes128, Vector128<float>>(ref y, stride, ref t, outputs, ref d, left, scale, withGradient, withValue);
        return SoftmaxCrossEntropyByRow<LanesScalar, float>(ref y, stride, ref t, outputs, ref d, left, scale, withGradient, withValue);
    }

    /// <summary>
    /// Outputs up to which whole blocks of rows take their softmax with the rows in lanes: each output a gathered column
    /// of the block, so the max, the sums, the exps and the log are vertical (no sums across lanes, one log per block).
    /// Up to one Vector512 of outputs, the block's delta goes back to rows by whole-square transpositions.
    /// </summary>
    public const int AcrossRowsLimit = 16;

    /// <summary>
    /// The whole blocks of <c>L.Count</c> rows of <see cref="SoftmaxCrossEntropy"/>, the rows in lanes; <paramref name="done"/>
    /// is the rows they cover (the rest are left to <see cref="SoftmaxCrossEntropyByRow{L, V}"/>; all of them past
    /// <see cref="AcrossRowsLimit"/> outputs). The logits come in as columns, and the delta goes back as rows, by
    /// interleaves of four (<see cref="ILanes{V}.LoadQuads"/>) up to 4 outputs, by <c>L.Count</c> × <c>L.Count</c>
    /// transpositions when the rows are padded to whole vectors, else gathered and one float at a time; zeros go into the
    /// padding columns written. The targets' columns are gathered (up to 4 outputs, interleaved: rows back to back).
    /// </summary>
    public static float SoftmaxCrossEntropyAcrossRows<L, V>(ref float logits, int stride, ref float targets, int outputs, ref float delta, int rows,
        float scale, bool withGradient, bool withValue, out int done) where L : struct, ILanes<V> where V : struct =>
        SoftmaxCrossEntropyAcrossRowsOf<L, V, TargetRows>(ref logits, stride, ref targets, ref Unsafe.NullRef<int>(), outputs, ref delta, rows, scale, withGradient, withValue, out done);

    /// <summary>
    /// <see cref="SoftmaxCrossEntropyAcrossRows{L, V}"/> with the targets' columns from <paramref name="targets"/>, or where that is a null reference, from the class
    /// <paramref name="labels"/> (<see cref="ILanes{V}.OneWhereLabelIs"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a root of its own, as SoftmaxCrossEntropyByQuads
    private static float SoftmaxCrossEntropyAcrossRowsOf<L, V, T>(ref float logits, int stride, ref float targets, ref int labels, int outputs, ref float delta, int rows,
        float scale, bool withGradient, bool withValue, out int done) where L : struct, ILanes<V> where V : struct where T : struct, ITargetSource
    {
        done = 0;
        if (outputs > AcrossRowsLimit || rows < L.Count)
            return 0f; // the stack blocks hold AcrossRowsLimit columns; fewer rows than lanes make no block
        if (outputs <= 4 && stride >= 4)
            return SoftmaxCrossEntropyByQuads<L, V, T>(ref logits, stride, ref targets, ref labels, outputs, ref delta, rows, scale, withGradient, withValue, out done);
        bool fromLabels = T.FromLabels; // a constant of each instantiation: the other source's code is not compiled in
        // [outputs][lanes] each: the block's logits, e^(y - max) (then the gradient) and its targets, as columns.
        ref float lc = ref StackBlock.Aligned(stackalloc float[AcrossRowsLimit * 16 + StackBlock.Slack]);
        ref float e = ref StackBlock.Aligned(stackalloc float[AcrossRowsLimit * 16 + StackBlock.Slack]);
        ref float tc = ref StackBlock.Aligned(stackalloc float[AcrossRowsLimit * 16 + StackBlock.Slack]);
        // Rows padded to whole vectors hold whole squares: the logits come in and the delta goes back by square
        // transpositions (the delta's padding columns, past the outputs, get the zeros of e's padding rows).
        int paddedOutputs = (outputs + L.Count - 1) / L.Count * L.Count;
        bool bySquares = stride >= paddedOutputs;
        if (bySquares)
            MemoryMarshal.CreateSpan(ref Unsafe.Add(ref e, outputs * L.Count), (paddedOutputs - outputs) * L.Count).Clear();
        V totals = L.Zero;
        int r = 0;
        for (; r + L.Count <= rows; r += L.Count)
        {
            ref float y = ref Unsafe.Add(ref logits, r * stride);
            ref float t = ref fromLabels ? ref targets : ref Unsafe.Add(ref targets, r * outputs);
            ref int label = ref fromLabels ? ref Unsafe.Add(ref labels, r) : ref labels;
            if (bySquares)
                for (int o = 0; o < outputs; o += L.Count)
                    L.TransposeSquare(ref Unsafe.Add(ref y, o), stride, ref Unsafe.Add(ref lc, o * L.Count), L.Count);
            V max = L.Broadcast(float.NegativeInfinity);
            for (int o = 0; o < outputs; o++)
            {
                V logit;
                if (bySquares)
                    logit = L.Load(ref lc, (nuint)(o * L.Count));
                else
                    L.Store(logit = L.LoadColumn(ref Unsafe.Add(ref y, o), stride), ref lc, (nuint)(o * L.Count));
                max = L.Max(max, logit);
            }
            // A label's one-hot row sums to 1: Σt without its adds (exactly the one-hot rows' sum). Σ t·y keeps its
            // multiply-adds, so an infinite logit outside the label's column makes the loss NaN as one-hot rows do (0·∞).
            V sum = L.Zero, targetSum = fromLabels ? L.Broadcast(1f) : L.Zero, targetDotLogits = L.Zero;
            for (int o = 0; o < outputs; o++)
            {
                nuint at = (nuint)(o * L.Count);
                V logit = L.Load(ref lc, at), target = fromLabels ? L.OneWhereLabelIs(ref label, o) : L.LoadColumn(ref Unsafe.Add(ref t, o), outputs);
                V exp = L.Exp(L.Subtract(logit, max));
                L.Store(exp, ref e, at);
                L.Store(target, ref tc, at);
                sum = L.Add(sum, exp);
                if (!fromLabels)
                    targetSum = L.Add(targetSum, target);
                targetDotLogits = L.MultiplyAdd(target, logit, targetDotLogits);
            }
            if (withValue) // -Σ t (y - logsumexp), lane by lane: one sum across lanes after the last block
                totals = L.Add(totals, L.Subtract(L.Multiply(targetSum, L.Add(max, L.Log(sum))), targetDotLogits));
            if (!withGradient)
                continue;
            // dL/dy = (softmax · Σt - t) · scale, the softmax e / Σe.
            V probabilityScale = L.Divide(targetSum, sum), lossScale = L.Broadcast(scale);
            ref float d = ref Unsafe.Add(ref delta, r * stride);
            for (int o = 0; o < outputs; o++)
            {
                nuint at = (nuint)(o * L.Count);
                V gradient = L.Multiply(L.Subtract(L.Multiply(L.Load(ref e, at), probabilityScale), L.Load(ref tc, at)), lossScale);
                if (bySquares)
                    L.Store(gradient, ref e, at);
                else
                    L.StoreColumn(gradient, ref Unsafe.Add(ref d, o), stride);
            }
            if (bySquares)
                for (int o = 0; o < outputs; o += L.Count)
                    L.TransposeSquare(ref Unsafe.Add(ref e, o * L.Count), L.Count, ref Unsafe.Add(ref d, o), stride);
        }
        done = r;
        return withValue ? L.Sum(totals) : 0f;
    }

    /// <summary>
    /// <see cref="SoftmaxCrossEntropyAcrossRows{L, V}"/> for up to 4 outputs in rows of at least 4 floats: each block's
    /// logits come in as four columns by one interleave (<see cref="ILanes{V}.LoadQuads"/>) and its delta goes back the
    /// same way, zeros in the columns past the outputs; the targets' columns by <see cref="ILanes{V}.LoadPackedColumn"/> (the
    /// block's rows are back to back). Every column stays in a register: no stack blocks, nothing spilled.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a root of its own for the JIT's inlining budget: inlined into an entry point by the profile, its exp and log stayed calls
    private static float SoftmaxCrossEntropyByQuads<L, V, T>(ref float logits, int stride, ref float targets, ref int labels, int outputs, ref float delta, int rows,
        float scale, bool withGradient, bool withValue, out int done) where L : struct, ILanes<V> where V : struct where T : struct, ITargetSource
    {
        V totals = L.Zero;
        int r = 0;
        V lossScale = L.Broadcast(scale);
        for (; r + L.Count <= rows; r += L.Count)
        {
            L.LoadQuads(ref Unsafe.Add(ref logits, r * stride), stride, out V y0, out V y1, out V y2, out V y3);
            totals = L.Add(totals, SoftmaxCrossEntropyOfQuads<L, V, T>(y0, y1, y2, y3, ref targets, ref labels, r, outputs,
                ref Unsafe.Add(ref delta, r * stride), stride, lossScale, withGradient, withValue));
        }
        done = r;
        return withValue ? L.Sum(totals) : 0f;
    }

    /// <summary>
    /// One block of <see cref="SoftmaxCrossEntropyByQuads{L, V, T}"/>: rows <paramref name="r"/> on of the batch, their
    /// (at most 4) logits in lanes <paramref name="y0"/> to <paramref name="y3"/> (the columns past the outputs ignored).
    /// Stores the block's delta as rows at <paramref name="delta"/> (zeros in the columns past the outputs) and returns
    /// its losses lane by lane (zeros without <paramref name="withValue"/>). Also the loss of
    /// <see cref="UnitRowKernels.TryLinearWithSoftmaxCrossEntropyOfLabels{S}"/>, whose logits come from its registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static V SoftmaxCrossEntropyOfQuads<L, V, T>(V y0, V y1, V y2, V y3, ref float targets, ref int labels, int r, int outputs,
        ref float delta, int stride, V lossScale, bool withGradient, bool withValue) where L : struct, ILanes<V> where V : struct where T : struct, ITargetSource =>
        SoftmaxCrossEntropyOfQuads<L, V, T>(y0, y1, y2, y3, ref targets, ref labels, r, outputs, ref delta, stride, lossScale, withGradient, withValue,
            out _, out _, out _, out _);

    /// <summary>
    /// <see cref="SoftmaxCrossEntropyOfQuads{L, V, T}(V, V, V, V, ref float, ref int, int, int, ref float, int, V, bool, bool)"/>
    /// with the parts of the block's loss given out: each lane's largest logit, its sum of e^(y - max), Σt and Σt·y. The
    /// loss is <see cref="ValueOfParts{L, V}"/> of them, whether taken here or later.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static V SoftmaxCrossEntropyOfQuads<L, V, T>(V y0, V y1, V y2, V y3, ref float targets, ref int labels, int r, int outputs,
        ref float delta, int stride, V lossScale, bool withGradient, bool withValue, out V maxOut, out V sumOut, out V targetSumOut, out V targetDotOut)
        where L : struct, ILanes<V> where V : struct where T : struct, ITargetSource
    {
        bool fromLabels = T.FromLabels; // a constant of each instantiation: the other source's code is not compiled in
        V max = y0;
        if (outputs > 1) max = L.Max(max, y1);
        if (outputs > 2) max = L.Max(max, y2);
        if (outputs > 3) max = L.Max(max, y3);
        // The targets' block is L.Count rows of `outputs` floats back to back: its columns by interleaves, not gathers.
        V t0, t1 = L.Zero, t2 = L.Zero, t3 = L.Zero;
        if (fromLabels)
        {
            ref int label = ref Unsafe.Add(ref labels, r);
            t0 = L.OneWhereLabelIs(ref label, 0);
            if (outputs > 1) t1 = L.OneWhereLabelIs(ref label, 1);
            if (outputs > 2) t2 = L.OneWhereLabelIs(ref label, 2);
            if (outputs > 3) t3 = L.OneWhereLabelIs(ref label, 3);
        }
        else if (outputs == 4)
            L.LoadQuads(ref Unsafe.Add(ref targets, r * outputs), 4, out t0, out t1, out t2, out t3);
        else
        {
            ref float t = ref Unsafe.Add(ref targets, r * outputs);
            t0 = L.LoadPackedColumn(ref t, outputs, 0);
            if (outputs > 1) t1 = L.LoadPackedColumn(ref t, outputs, 1);
            if (outputs > 2) t2 = L.LoadPackedColumn(ref t, outputs, 2);
        }
        // The columns past the outputs: no exp, no target (zeros), so no share of the sums and a zero delta.
        V e0 = L.Exp(L.Subtract(y0, max)), e1 = L.Zero, e2 = L.Zero, e3 = L.Zero;
        if (outputs > 1) e1 = L.Exp(L.Subtract(y1, max));
        if (outputs > 2) e2 = L.Exp(L.Subtract(y2, max));
        if (outputs > 3) e3 = L.Exp(L.Subtract(y3, max));
        // The sums in output order, as the general kernel adds them (the same bits: e ≥ +0 or NaN, so 0 + e and e + 0
        // are e, and the adds of the columns past the outputs are left out).
        V sum = e0;
        if (outputs > 1) sum = L.Add(sum, e1);
        if (outputs > 2) sum = L.Add(sum, e2);
        if (outputs > 3) sum = L.Add(sum, e3);
        // A label's one-hot row sums to 1: no adds on the way to the division (exactly the one-hot rows' sum).
        V targetSum = fromLabels ? L.Broadcast(1f) : L.Add(L.Add(L.Add(L.Add(L.Zero, t0), t1), t2), t3);
        V targetDotLogits = L.MultiplyAdd(t0, y0, L.Zero);
        if (outputs > 1) targetDotLogits = L.MultiplyAdd(t1, y1, targetDotLogits);
        if (outputs > 2) targetDotLogits = L.MultiplyAdd(t2, y2, targetDotLogits);
        if (outputs > 3) targetDotLogits = L.MultiplyAdd(t3, y3, targetDotLogits);
        if (withGradient)
        {
            // dL/dy = (softmax · Σt - t) · scale, the softmax e / Σe; a column past the outputs is 0 (no arithmetic for it).
            V probabilityScale = L.Divide(targetSum, sum);
            L.StoreQuads(
                L.Multiply(L.Subtract(L.Multiply(e0, probabilityScale), t0), lossScale),
                outputs > 1 ? L.Multiply(L.Subtract(L.Multiply(e1, probabilityScale), t1), lossScale) : L.Zero,
                outputs > 2 ? L.Multiply(L.Subtract(L.Multiply(e2, probabilityScale), t2), lossScale) : L.Zero,
                outputs > 3 ? L.Multiply(L.Subtract(L.Multiply(e3, probabilityScale), t3), lossScale) : L.Zero,
                ref delta, stride);
        }
        (maxOut, sumOut, targetSumOut, targetDotOut) = (max, sum, targetSum, targetDotLogits);
        // The value last: few registers are live across the log (a call, which spills every vector register live).
        return withValue ? ValueOfParts<L, V>(max, sum, targetSum, targetDotLogits) : L.Zero;
    }

    /// <summary>-Σ t (y - logsumexp) of a block's rows, lane by lane, from its parts; the caller sums across lanes after the last block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static V ValueOfParts<L, V>(V max, V sum, V targetSum, V targetDotLogits) where L : struct, ILanes<V> where V : struct =>
        L.Subtract(L.Multiply(targetSum, L.Add(max, L.Log(sum))), targetDotLogits);

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
    public static float SoftmaxCrossEntropyByRow<L, V>(ref float logits, int stride, ref float targets, int outputs, ref float delta, int rows,
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

    /// <summary>Rows per chunk of <see cref="SoftmaxCrossEntropyByRow{L, V}"/>: one Vector512 of logs.</summary>
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
    /// One row's <c>dL/dy = (softmax(y) · Σt - t) · scale</c> with its logits in one register (at most <c>L.Count</c> of
    /// them; zeros in the padding lanes), and its loss <c>Σt · logsumexp(y) - Σ t·y</c> unscaled: the one-row training
    /// path's gradient and value without a trip through memory. The same operations as
    /// <see cref="SoftmaxCrossEntropyByRow{L, V}"/>'s on the same vector: its delta, and its value of one row before the
    /// scale once the caller adds it to 0 as that kernel's sums do (<c>0 + loss</c>: a -0 becomes +0), so the same bits.
    /// A root of its own for the JIT's inlining budget (one call, nothing stored): its exp and log inlined into the pass
    /// left three of Adam's updates calls in iris's fully optimized one-row pass (Native AOT's code).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static V SoftmaxCrossEntropyGradient<L, V>(V logits, ref float targets, int outputs, float scale, out float loss) where L : struct, ILanes<V> where V : struct
    {
        V mask = L.FirstLanes(outputs);
        float rowMax = L.MaxAcross(L.Select(mask, logits, L.Broadcast(float.NegativeInfinity)));
        V logit = L.Select(mask, logits, L.Zero);
        V e = L.Select(mask, L.Exp(L.Subtract(logit, L.Broadcast(rowMax))), L.Zero);
        V target = L.LoadFirst(ref targets, outputs);
        float targetSum = L.Sum(target), expSum = L.Sum(e);
        loss = targetSum * (rowMax + VectorMath.Log(expSum)) - L.Sum(L.MultiplyAdd(target, logit, L.Zero)); // RowLosses' one row
        return L.Multiply(L.Subtract(L.Multiply(e, L.Broadcast(targetSum / expSum)), target), L.Broadcast(scale));
    }

    /// <summary>
    /// One row's <c>(y - t) · factor</c> with its outputs in one register, zeros in the padding lanes: the gradient of a
    /// binary cross-entropy fused with its sigmoid (factor 1/n) or of a squared error (2/n), in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V DifferenceGradient<L, V>(V outputs, ref float targets, int count, float factor) where L : struct, ILanes<V> where V : struct =>
        L.Select(L.FirstLanes(count), L.Multiply(L.Subtract(outputs, L.LoadFirst(ref targets, count)), L.Broadcast(factor)), L.Zero);

    /// <summary>
    /// One output's binary cross-entropy, logs clamped at -100 (<c>torch.nn.BCELoss</c>):
    /// <c>-(t·max(log y, -100) + (1 - t)·max(log(1 - y), -100))</c>. Where the CPU has vectors, both logs in one vector
    /// and no branch on the target (xor's one-row step spent 5 % of its time in the branches of a scalar log); elsewhere
    /// a target of exactly 1 or 0 (the usual case) weights one log by 0, so that log is skipped: the same sum.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float BinaryCrossEntropy(float y, float t)
    {
        if (Vector128.IsHardwareAccelerated)
        {
            var logs = Vector128.Max(VectorMath.Log(Vector128.Create(y, 1f - y, 1f, 1f)), Vector128.Create(-100f));
            return -(t * logs.ToScalar() + (1f - t) * logs.GetElement(1));
        }
        return -(t == 1f ? MathF.Max(VectorMath.Log(y), -100f)
            : t == 0f ? MathF.Max(VectorMath.Log(1f - y), -100f)
            : t * MathF.Max(VectorMath.Log(y), -100f) + (1f - t) * MathF.Max(VectorMath.Log(1f - y), -100f));
    }

    /// <summary>
    /// <see cref="DifferenceGradient{L, V}"/> of a one-output network whose register holds its y on every lane: <c>(y - t) ·
    /// factor</c> on every lane, padding included (the caller masks what it stores), so the layer's backward needs no
    /// broadcast of it. A factor of exactly 1 (one row and one output: a one-row step of a mean loss) is not multiplied
    /// by: the chain from y to the weight updates starts with one subtraction.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V DifferenceGradientInEveryLane<L, V>(V outputs, ref float target, float factor) where L : struct, ILanes<V> where V : struct
    {
        V difference = L.Subtract(outputs, L.Broadcast(target));
        if (factor != 1f)
            difference = L.Multiply(difference, L.Broadcast(factor));
        return difference;
    }

    /// <summary>
    /// <c>Σ_k Σt · (max + log Σe) - Σt·y</c> over the first <paramref name="count"/> rows of a chunk: the logs as vectors
    /// (VectorMath.Log, within 2 ulps) where the hardware has them, 4 rows at a time instead of one.
    /// </summary>
    private static float RowLosses(Span<float> rowMax, Span<float> expSum, Span<float> targetSum, Span<float> targetDotLogits, int count)
    {
        float total = 0f;
        int k = 0;
        if (Vector128.IsHardwareAccelerated)
            for (; k + 4 <= count; k += 4)
            {
                var logSumExp = Vector128.Create(rowMax.Slice(k)) + VectorMath.Log(Vector128.Create(expSum.Slice(k)));
                total += Vector128.Sum(Vector128.Create(targetSum.Slice(k)) * logSumExp - Vector128.Create(targetDotLogits.Slice(k)));
            }
        for (; k < count; k++)
            total += targetSum[k] * (rowMax[k] + VectorMath.Log(expSum[k])) - targetDotLogits[k]; // -Σ t (y - logsumexp)
        return total;
    }

    /// <summary>Where a block's targets come from, a constant of each kernel instantiation (the other source's code is not compiled in).</summary>
    internal interface ITargetSource
    {
        static abstract bool FromLabels { get; }
    }

    /// <summary>Rows of target probabilities (one-hot or soft).</summary>
    internal readonly struct TargetRows : ITargetSource
    {
        public static bool FromLabels => false;
    }

    /// <summary>One class label a row.</summary>
    internal readonly struct TargetLabels : ITargetSource
    {
        public static bool FromLabels => true;
    }
}
