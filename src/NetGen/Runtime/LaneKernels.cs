using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Runtime;

/// <summary>
/// Prediction of a block of <c>L.Count</c> rows with the rows in the lanes: a layer's inputs are <c>[inputs][L.Count]</c>
/// (input i of every row in one vector) and each unit's sum is one vector, <c>b[u] + Σ_i W[u, i]·xᵀ[i]</c> with the weight
/// broadcast from memory. Row by row, a layer of 3 units computes a whole vector of 16 lanes (iris's logits: 256
/// multiply-adds where 48 do) or transposes its inputs first; in lanes every multiply-add has 16 useful lanes, whatever
/// the widths, and the only transpositions are the network's inputs in and its outputs out. Training keeps the rows
/// (its weight gradients sum over rows, across lanes here).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipLocalsInit] // the stack blocks are written before they are read
public static class LaneKernels
{
    /// <summary>
    /// <c>L.Count</c> rows of <paramref name="inputs"/> floats, <paramref name="xStride"/> apart, as <c>[inputs][L.Count]</c>
    /// at <paramref name="xt"/>: squares transposed in registers where the rows hold them, rows of 1 to 3 floats by whole
    /// vectors and permutes, four columns at a time by interleaves, the rest gathered. Reads nothing past the last row.
    /// </summary>
    public static void RowsToLanes<L, V>(ref float x, int xStride, int inputs, ref float xt) where L : struct, ILanes<V> where V : struct
    {
        int i = 0;
        if (xStride <= 3)
        {
            for (; i < inputs; i++)
                L.Store(L.LoadPackedColumn(ref x, xStride, i), ref xt, (nuint)(i * L.Count));
            return;
        }
        for (; i + L.Count <= inputs; i += L.Count)
            L.TransposeSquare(ref Unsafe.Add(ref x, i), xStride, ref Unsafe.Add(ref xt, i * L.Count), L.Count);
        for (; i + 4 <= inputs; i += 4)
        {
            L.LoadQuads(ref Unsafe.Add(ref x, i), xStride, out V a, out V b, out V c, out V d);
            L.Store(a, ref xt, (nuint)(i * L.Count));
            L.Store(b, ref xt, (nuint)((i + 1) * L.Count));
            L.Store(c, ref xt, (nuint)((i + 2) * L.Count));
            L.Store(d, ref xt, (nuint)((i + 3) * L.Count));
        }
        for (; i < inputs; i++)
            L.Store(L.LoadColumn(ref Unsafe.Add(ref x, i), xStride), ref xt, (nuint)(i * L.Count));
    }

    /// <summary>
    /// <c>[units][L.Count]</c> at <paramref name="yt"/> back into <c>L.Count</c> packed rows of <paramref name="units"/>
    /// floats at <paramref name="y"/> (PredictBatch's outputs): up to four units interleaved in registers, more stored
    /// lane by lane. Writes nothing past the last row.
    /// </summary>
    public static void LanesToRows<L, V>(ref float yt, int units, ref float y) where L : struct, ILanes<V> where V : struct
    {
        if (units > 4 || L.Count < 4)
        {
            for (int u = 0; u < units; u++)
                L.StoreColumn(L.Load(ref yt, (nuint)(u * L.Count)), ref Unsafe.Add(ref y, u), units);
            return;
        }
        V a = L.Load(ref yt, 0);
        if (units == 1)
        {
            L.Store(a, ref y, 0);
            return;
        }
        if (typeof(V) == typeof(Vector512<float>) && Avx512F.IsSupported && units <= 3)
        {
            RowsOfTwoOrThree(ref yt, units, ref y);
            return;
        }
        V b = units > 1 ? L.Load(ref yt, (nuint)L.Count) : L.Zero;
        V c = units > 2 ? L.Load(ref yt, (nuint)(2 * L.Count)) : L.Zero;
        V d = units > 3 ? L.Load(ref yt, (nuint)(3 * L.Count)) : L.Zero;
        if (units == 4)
        {
            L.StoreQuads(a, b, c, d, ref y, 4);
            return;
        }
        // Rows of four on the stack, then each row's first floats: every row but the last as one 4-float store, its
        // fourth float landing on the next row's start, which that row's store writes again; the last row exactly.
        ref float quads = ref StackBlock.Aligned(stackalloc float[4 * 16 + StackBlock.Slack]);
        L.StoreQuads(a, b, c, d, ref quads, 4);
        int last = L.Count - 1;
        for (int r = 0; r < last; r++)
            Vector128.LoadUnsafe(ref quads, (nuint)(4 * r)).StoreUnsafe(ref y, (nuint)(r * units));
        for (int u = 0; u < units; u++)
            Unsafe.Add(ref y, last * units + u) = Unsafe.Add(ref quads, 4 * last + u);
    }

    /// <summary>
    /// 16 rows of two or three units from their columns at <paramref name="yt"/>, by two-source permutes: output vector k's
    /// float f is unit (16k + f) % units of row (16k + f) / units, that column's lane. Two units: one permute a vector;
    /// three: a permute of the first two columns, the third's floats blended in from a permute of its own.
    /// </summary>
    private static void RowsOfTwoOrThree(ref float yt, int units, ref float y)
    {
        var a = Vector512.LoadUnsafe(ref yt);
        var b = Vector512.LoadUnsafe(ref yt, 16);
        if (units == 2)
        {
            Avx512F.PermuteVar16x32x2(a, PackedRows.Two0, b).StoreUnsafe(ref y);
            Avx512F.PermuteVar16x32x2(a, PackedRows.Two1, b).StoreUnsafe(ref y, 16);
            return;
        }
        var c = Vector512.LoadUnsafe(ref yt, 32);
        Third(a, b, c, PackedRows.Three0, PackedRows.ThirdColumn0).StoreUnsafe(ref y);
        Third(a, b, c, PackedRows.Three1, PackedRows.ThirdColumn1).StoreUnsafe(ref y, 16);
        Third(a, b, c, PackedRows.Three2, PackedRows.ThirdColumn2).StoreUnsafe(ref y, 32);

        static Vector512<float> Third(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<int> index, Vector512<float> third) =>
            Vector512.ConditionalSelect(third, Avx512F.PermuteVar16x32(c, index), Avx512F.PermuteVar16x32x2(a, index, b));
    }

    /// <summary>The permutes' indices and masks of <see cref="RowsOfTwoOrThree"/>, computed once (the JIT reads them as constants).</summary>
    private static class PackedRows
    {
        public static readonly Vector512<int> Two0 = Index(2, 0), Two1 = Index(2, 1), Three0 = Index(3, 0), Three1 = Index(3, 1), Three2 = Index(3, 2);
        public static readonly Vector512<float> ThirdColumn0 = ThirdColumn(0), ThirdColumn1 = ThirdColumn(1), ThirdColumn2 = ThirdColumn(2);

        /// <summary>Output vector k's floats: lane r of the first column, or 16 + r (the second's); the third's lane r, which its own permute reads.</summary>
        private static Vector512<int> Index(int units, int k)
        {
            Span<int> lanes = stackalloc int[16];
            for (int f = 0; f < 16; f++)
            {
                int flat = 16 * k + f, row = flat / units;
                lanes[f] = flat % units == 1 ? 16 + row : row;
            }
            return Vector512.Create<int>(lanes);
        }

        /// <summary>All ones where output vector k of rows of three takes the third column.</summary>
        private static Vector512<float> ThirdColumn(int k)
        {
            Span<int> lanes = stackalloc int[16];
            for (int f = 0; f < 16; f++)
                lanes[f] = (16 * k + f) % 3 == 2 ? -1 : 0;
            return Vector512.Create<int>(lanes).AsSingle();
        }
    }

    /// <summary>
    /// A layer whose weights are stored by input, <c>W[u, i]</c> at <c>w[i·wStride + u]</c>: <c>yᵀ[u] = A(b[u] + Σ_i W[u, i]·xᵀ[i])</c>
    /// for every unit, <paramref name="b"/> a null reference for a layer without bias. Each sum in input order in one
    /// register, as the row kernels sum: the same bits as a batch's forward pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a few calls: with the layer's constant sizes, those of its blocks
    public static void Linear<L, V, A, S>(ref float xt, ref float w, int wStride, ref float b, ref float yt, int inputs, int units)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where S : struct, IDenseShape =>
        Linear<L, V, A, S, ByInput>(ref xt, ref w, wStride, ref b, ref yt, inputs, units);

    /// <summary>
    /// <see cref="Linear{L, V, A, S}"/> for a layer stored by unit, <c>W[u, i]</c> at <c>w[u·wStride + i]</c>: up to four
    /// units as the by-unit row kernels sum them (two chains a unit, <see cref="UnitRowKernels"/>), so the same bits too.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LinearByUnit<L, V, A, S>(ref float xt, ref float w, int wStride, ref float b, ref float yt, int inputs, int units)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where S : struct, IDenseShape =>
        Linear<L, V, A, S, ByUnit>(ref xt, ref w, wStride, ref b, ref yt, inputs, units);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Linear<L, V, A, S, O>(ref float xt, ref float w, int wStride, ref float b, ref float yt, int inputs, int units)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where S : struct, IDenseShape where O : struct, IWeightOrder
    {
        units = IDenseShape.Or(S.Units, units);
        if (O.ByUnit && units <= 4)
        {
            ByUnitInLanes<L, V, A, S>(ref xt, ref w, wStride, ref b, ref yt, inputs, units);
            return;
        }
        // Blocks of 16 accumulators (half of Vector512's 32 registers), or of 8 (AVX2 and Native AOT's default have 16),
        // then the rest in blocks of 8, 4, 2 and 1: each block's size a type, so the JIT prints its accumulators only.
        int u = 0;
        if (L.Count == 16)
            for (; u + 16 <= units; u += 16)
                Units<L, V, A, S, O, N16>(ref xt, ref w, wStride, ref b, ref yt, inputs, u);
        for (; u + 8 <= units; u += 8)
            Units<L, V, A, S, O, N8>(ref xt, ref w, wStride, ref b, ref yt, inputs, u);
        if (u + 4 <= units)
        {
            Units<L, V, A, S, O, N4>(ref xt, ref w, wStride, ref b, ref yt, inputs, u);
            u += 4;
        }
        if (u + 2 <= units)
        {
            Units<L, V, A, S, O, N2>(ref xt, ref w, wStride, ref b, ref yt, inputs, u);
            u += 2;
        }
        if (u < units)
            Units<L, V, A, S, O, N1>(ref xt, ref w, wStride, ref b, ref yt, inputs, u);
    }

    /// <summary>
    /// A layer stored by unit of at most four units: the row kernels' own sums in lanes (<see cref="UnitRowKernels"/>,
    /// each in two chains, even and odd inputs), so its outputs are theirs bit for bit.
    /// </summary>
    private static void ByUnitInLanes<L, V, A, S>(ref float xt, ref float w, int wStride, ref float b, ref float yt, int inputs, int units)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where S : struct, IDenseShape
    {
        wStride = IDenseShape.Or(S.WStride, wStride); inputs = IDenseShape.Or(S.Inputs, inputs); units = IDenseShape.Or(S.Units, units);
        UnitRowKernels.UnitsInLanes<L, V, UnitRowKernels.LaneColumns<L, V>>(ref xt, 0, ref w, wStride, ref b, inputs, units, 0, out V s0, out V s1, out V s2, out V s3);
        nuint c = (nuint)L.Count;
        L.Store(A.Apply(s0), ref yt, 0);
        if (units > 1) L.Store(A.Apply(s1), ref yt, c);
        if (units > 2) L.Store(A.Apply(s2), ref yt, 2 * c);
        if (units > 3) L.Store(A.Apply(s3), ref yt, 3 * c);
    }

    /// <summary>
    /// Units <paramref name="u"/> to u + N - 1, one accumulator each, every input vector loaded once for them. N a type:
    /// the JIT drops the accumulators past it (a count in a register left 15 branches in the loop), in a method of its
    /// own (inlined into a kernel of a few blocks it ran past the JIT's inlining budget, and the count stayed a variable).
    /// </summary>
    private static void Units<L, V, A, S, O, N>(ref float xt, ref float w, int wStride, ref float b, ref float yt, int inputs, int u)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where S : struct, IDenseShape where O : struct, IWeightOrder
        where N : struct, IUnitCount
    {
        wStride = IDenseShape.Or(S.WStride, wStride); inputs = IDenseShape.Or(S.Inputs, inputs);
        int n = N.Value;
        ref float wu = ref O.Unit(ref w, wStride, u);
        V a0 = Bias<L, V>(ref b, u), a1 = n > 1 ? Bias<L, V>(ref b, u + 1) : L.Zero, a2 = n > 2 ? Bias<L, V>(ref b, u + 2) : L.Zero;
        V a3 = n > 3 ? Bias<L, V>(ref b, u + 3) : L.Zero, a4 = n > 4 ? Bias<L, V>(ref b, u + 4) : L.Zero, a5 = n > 5 ? Bias<L, V>(ref b, u + 5) : L.Zero;
        V a6 = n > 6 ? Bias<L, V>(ref b, u + 6) : L.Zero, a7 = n > 7 ? Bias<L, V>(ref b, u + 7) : L.Zero, a8 = n > 8 ? Bias<L, V>(ref b, u + 8) : L.Zero;
        V a9 = n > 9 ? Bias<L, V>(ref b, u + 9) : L.Zero, a10 = n > 10 ? Bias<L, V>(ref b, u + 10) : L.Zero, a11 = n > 11 ? Bias<L, V>(ref b, u + 11) : L.Zero;
        V a12 = n > 12 ? Bias<L, V>(ref b, u + 12) : L.Zero, a13 = n > 13 ? Bias<L, V>(ref b, u + 13) : L.Zero;
        V a14 = n > 14 ? Bias<L, V>(ref b, u + 14) : L.Zero, a15 = n > 15 ? Bias<L, V>(ref b, u + 15) : L.Zero;
        for (int i = 0; i < inputs; i++)
        {
            V x = L.Load(ref xt, (nuint)(i * L.Count));
            // The input's weights from one reference, each unit's at a constant displacement (an indexed operand would cost
            // Intel's cores an extra micro-op per multiply-add).
            ref float wi = ref O.Input(ref wu, wStride, i);
            a0 = L.MultiplyAdd(x, L.Broadcast(O.Weight(ref wi, wStride, 0)), a0);
            if (n > 1) a1 = L.MultiplyAdd(x, L.Broadcast(O.Weight(ref wi, wStride, 1)), a1);
            if (n > 2) a2 = L.MultiplyAdd(x, L.Broadcast(O.Weight(ref wi, wStride, 2)), a2);
            if (n > 3) a3 = L.MultiplyAdd(x, L.Broadcast(O.Weight(ref wi, wStride, 3)), a3);
            if (n > 4) a4 = L.MultiplyAdd(x, L.Broadcast(O.Weight(ref wi, wStride, 4)), a4);
            if (n > 5) a5 = L.MultiplyAdd(x, L.Broadcast(O.Weight(ref wi, wStride, 5)), a5);
            if (n > 6) a6 = L.MultiplyAdd(x, L.Broadcast(O.Weight(ref wi, wStride, 6)), a6);
            if (n > 7) a7 = L.MultiplyAdd(x, L.Broadcast(O.Weight(ref wi, wStride, 7)), a7);
            if (n > 8) a8 = L.MultiplyAdd(x, L.Broadcast(O.Weight(ref wi, wStride, 8)), a8);
            if (n > 9) a9 = L.MultiplyAdd(x, L.Broadcast(O.Weight(ref wi, wStride, 9)), a9);
            if (n > 10) a10 = L.MultiplyAdd(x, L.Broadcast(O.Weight(ref wi, wStride, 10)), a10);
            if (n > 11) a11 = L.MultiplyAdd(x, L.Broadcast(O.Weight(ref wi, wStride, 11)), a11);
            if (n > 12) a12 = L.MultiplyAdd(x, L.Broadcast(O.Weight(ref wi, wStride, 12)), a12);
            if (n > 13) a13 = L.MultiplyAdd(x, L.Broadcast(O.Weight(ref wi, wStride, 13)), a13);
            if (n > 14) a14 = L.MultiplyAdd(x, L.Broadcast(O.Weight(ref wi, wStride, 14)), a14);
            if (n > 15) a15 = L.MultiplyAdd(x, L.Broadcast(O.Weight(ref wi, wStride, 15)), a15);
        }
        ref float y = ref Unsafe.Add(ref yt, u * L.Count);
        nuint c = (nuint)L.Count;
        L.Store(A.Apply(a0), ref y, 0);
        if (n > 1) L.Store(A.Apply(a1), ref y, c);
        if (n > 2) L.Store(A.Apply(a2), ref y, 2 * c);
        if (n > 3) L.Store(A.Apply(a3), ref y, 3 * c);
        if (n > 4) L.Store(A.Apply(a4), ref y, 4 * c);
        if (n > 5) L.Store(A.Apply(a5), ref y, 5 * c);
        if (n > 6) L.Store(A.Apply(a6), ref y, 6 * c);
        if (n > 7) L.Store(A.Apply(a7), ref y, 7 * c);
        if (n > 8) L.Store(A.Apply(a8), ref y, 8 * c);
        if (n > 9) L.Store(A.Apply(a9), ref y, 9 * c);
        if (n > 10) L.Store(A.Apply(a10), ref y, 10 * c);
        if (n > 11) L.Store(A.Apply(a11), ref y, 11 * c);
        if (n > 12) L.Store(A.Apply(a12), ref y, 12 * c);
        if (n > 13) L.Store(A.Apply(a13), ref y, 13 * c);
        if (n > 14) L.Store(A.Apply(a14), ref y, 14 * c);
        if (n > 15) L.Store(A.Apply(a15), ref y, 15 * c);
    }

    /// <summary>Unit <paramref name="u"/>'s bias on every lane; 0 without a bias.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Bias<L, V>(ref float b, int u) where L : struct, ILanes<V> where V : struct =>
        Unsafe.IsNullRef(ref b) ? L.Zero : L.Broadcast(Unsafe.Add(ref b, u));

    /// <summary>A block's units as a type (<see cref="Units{L, V, A, S, O, N}"/>).</summary>
    private interface IUnitCount
    {
        static abstract int Value { get; }
    }

    private readonly struct N16 : IUnitCount { public static int Value => 16; }
    private readonly struct N8 : IUnitCount { public static int Value => 8; }
    private readonly struct N4 : IUnitCount { public static int Value => 4; }
    private readonly struct N2 : IUnitCount { public static int Value => 2; }
    private readonly struct N1 : IUnitCount { public static int Value => 1; }

    /// <summary>Where a layer's weight <c>W[u, i]</c> is: the two layouts of dense layers' weights.</summary>
    private interface IWeightOrder
    {
        /// <summary>Whether the weights are stored by unit (a row per unit).</summary>
        static abstract bool ByUnit { get; }
        /// <summary>Unit <paramref name="u"/>'s first weight.</summary>
        static abstract ref float Unit(ref float w, int wStride, int u);
        /// <summary>Input <paramref name="i"/>'s weight of the unit at <paramref name="unit"/>.</summary>
        static abstract ref float Input(ref float unit, int wStride, int i);
        /// <summary>The weight <paramref name="k"/> units on from <paramref name="weight"/>.</summary>
        static abstract float Weight(ref float weight, int wStride, int k);
    }

    /// <summary><c>W[u, i]</c> at <c>w[i·wStride + u]</c>: a row of weights per input (hidden layers).</summary>
    private readonly struct ByInput : IWeightOrder
    {
        public static bool ByUnit => false;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ref float Unit(ref float w, int wStride, int u) => ref Unsafe.Add(ref w, u);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ref float Input(ref float unit, int wStride, int i) => ref Unsafe.Add(ref unit, i * wStride);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Weight(ref float weight, int wStride, int k) => Unsafe.Add(ref weight, k);
    }

    /// <summary><c>W[u, i]</c> at <c>w[u·wStride + i]</c>: a row of weights per unit (narrow output layers, UnitRowKernels).</summary>
    private readonly struct ByUnit : IWeightOrder
    {
        static bool IWeightOrder.ByUnit => true;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ref float Unit(ref float w, int wStride, int u) => ref Unsafe.Add(ref w, u * wStride);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ref float Input(ref float unit, int wStride, int i) => ref Unsafe.Add(ref unit, i);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Weight(ref float weight, int wStride, int k) => Unsafe.Add(ref weight, k * wStride);
    }
}
