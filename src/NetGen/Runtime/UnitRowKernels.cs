using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// The kernels of a dense layer stored by unit, <c>W[o][i]</c> (PyTorch's own layout; rows <c>wStride</c> floats,
/// padded with zeros): a narrow output layer, a few units over rows of many inputs. Forward takes blocks of rows into
/// lanes, so each unit's sum is vertical (no lanes padded past the units, no sums across lanes); backward needs no
/// transposed weights: a unit's weight gradient is <c>Σ_r dz[r, o]·x[r]</c> and a row's input gradient
/// <c>Σ_o dz[r, o]·W[o]</c>, both whole rows of inputs.
/// </summary>
/// <remarks>
/// Rows of z, y and dz are <c>zStride</c> floats with room for the units rounded up to whole vectors (and to 4); the
/// kernels write zeros (or f(0)) into those padding columns. An input row's floats past <c>inputs</c> are never used (read as zeros),
/// so the weights' padding gets no gradient.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipLocalsInit] // the stack blocks are written before they are read
public static partial class UnitRowKernels
{
    /// <summary>
    /// <c>z[r, o] = b[o] + Σ_i W[o, i] · x[r, i]</c> and <c>y = A(z)</c> when <typeparamref name="A"/> stores one;
    /// <paramref name="b"/> may be a null reference (no bias).
    /// </summary>
    public static void Linear<L, V, A>(ref float x, int xStride, ref float w, int wStride, ref float b, ref float z, ref float y, int zStride,
        int rows, int inputs, int units) where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> =>
        Linear<L, V, A, ArgumentShape>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, rows, inputs, units);

    /// <summary><see cref="Linear{L, V, A}"/> compiled for the layer <typeparamref name="S"/>: its sizes and strides are constants.</summary>
    /// <remarks>Never inlined: its own inlining budget keeps its helpers inlined (inlined into a caller's, they were calls, 3× slower).</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Linear<L, V, A, S>(ref float x, int xStride, ref float w, int wStride, ref float b, ref float z, ref float y, int zStride,
        int rows, int inputs, int units) where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where S : struct, IDenseShape
    {
        xStride = IDenseShape.Or(S.XStride, xStride); wStride = IDenseShape.Or(S.WStride, wStride); zStride = IDenseShape.Or(S.ZStride, zStride);
        inputs = IDenseShape.Or(S.Inputs, inputs); units = IDenseShape.Or(S.Units, units);
        int r = 0;
        if (L.Count > 1 && inputs <= InputsInLanesLimit)
        {
            if (PairsBlocks<L, V>(units))
                for (; r + 2 * L.Count <= rows; r += 2 * L.Count)
                    LinearTwoBlocksInLanes<L, V, A, S>(ref Unsafe.Add(ref x, r * xStride), xStride, ref w, wStride, ref b,
                        ref Unsafe.Add(ref z, r * zStride), ref Unsafe.Add(ref y, r * zStride), zStride, inputs, units);
            for (; r + L.Count <= rows; r += L.Count)
                LinearRowsInLanes<L, V, A, S>(ref Unsafe.Add(ref x, r * xStride), xStride, ref w, wStride, ref b,
                    ref Unsafe.Add(ref z, r * zStride), ref Unsafe.Add(ref y, r * zStride), zStride, inputs, units);
        }
        for (; r < rows; r++)
            LinearRow<L, V, A, S>(ref Unsafe.Add(ref x, r * xStride), ref w, wStride, ref b, ref Unsafe.Add(ref z, r * zStride),
                ref Unsafe.Add(ref y, r * zStride), inputs, units);
    }

    /// <summary>Inputs up to which blocks of rows go into lanes (a missing unit's zero row is this long); wider rows take dot products.</summary>
    public const int InputsInLanesLimit = 64;

    /// <summary>
    /// <c>L.Count</c> rows in lanes, four units at a time: each unit's sums in registers (<see cref="UnitsInLanes"/>,
    /// the rows' inputs four columns at a time by <see cref="ILanes{V}.LoadQuads"/>), interleaved back into rows of four
    /// (<see cref="ILanes{V}.StoreQuads"/>; a missing unit's column gets zeros, or f(0)).
    /// </summary>
    private static void LinearRowsInLanes<L, V, A, S>(ref float x, int xStride, ref float w, int wStride, ref float b, ref float z, ref float y, int zStride,
        int inputs, int units) where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where S : struct, IDenseShape
    {
        xStride = IDenseShape.Or(S.XStride, xStride); wStride = IDenseShape.Or(S.WStride, wStride); zStride = IDenseShape.Or(S.ZStride, zStride);
        inputs = IDenseShape.Or(S.Inputs, inputs); units = IDenseShape.Or(S.Units, units);
        // At most four units (every layer stored by unit the generator plans): unit 0 a constant, so the units' tests fold.
        if (units <= 4)
            UnitsToRows<L, V, A>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, units, 0);
        else
            for (int o = 0; o < units; o += 4)
                UnitsToRows<L, V, A>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, units, o);
    }

    /// <summary>Units <paramref name="o"/> to <paramref name="o"/> + 3 of a block in lanes, stored as rows of four.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UnitsToRows<L, V, A>(ref float x, int xStride, ref float w, int wStride, ref float b, ref float z, ref float y, int zStride,
        int inputs, int units, int o) where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V>
    {
        UnitsInLanes<L, V, RowColumns<L, V>>(ref x, xStride, ref w, wStride, ref b, inputs, units, o, out V s0, out V s1, out V s2, out V s3);
        StoreBlock<L, V, A>(s0, s1, s2, s3, ref Unsafe.Add(ref z, o), ref Unsafe.Add(ref y, o), zStride);
    }

    /// <summary>A block's four units from lanes back into rows of four: z, and y = A(z) where A stores one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreBlock<L, V, A>(V s0, V s1, V s2, V s3, ref float z, ref float y, int zStride)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V>
    {
        // z and y at one place (an Identity layer's z is its y): y alone, as DenseKernels' Output (iris's logits were
        // stored twice, 16 quads each).
        if (!A.StoresY || !Unsafe.AreSame(ref z, ref y))
            L.StoreQuads(s0, s1, s2, s3, ref z, zStride);
        if (A.StoresY)
            L.StoreQuads(A.Apply(s0), A.Apply(s1), A.Apply(s2), A.Apply(s3), ref y, zStride);
    }

    /// <summary>
    /// Two blocks of <c>L.Count</c> rows in lanes at once (<see cref="UnitsInTwoBlocks{L, V}"/>), at most four units,
    /// stored as <see cref="LinearRowsInLanes{L, V, A, S}"/> stores one.
    /// </summary>
    private static void LinearTwoBlocksInLanes<L, V, A, S>(ref float x, int xStride, ref float w, int wStride, ref float b, ref float z, ref float y, int zStride,
        int inputs, int units) where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where S : struct, IDenseShape
    {
        xStride = IDenseShape.Or(S.XStride, xStride); wStride = IDenseShape.Or(S.WStride, wStride); zStride = IDenseShape.Or(S.ZStride, zStride);
        inputs = IDenseShape.Or(S.Inputs, inputs); units = IDenseShape.Or(S.Units, units);
        UnitsInTwoBlocks<L, V>(ref x, xStride, ref w, wStride, ref b, inputs, units, out V s0, out V s1, out V s2, out V s3, out V u0, out V u1, out V u2, out V u3);
        StoreBlock<L, V, A>(s0, s1, s2, s3, ref z, ref y, zStride);
        StoreBlock<L, V, A>(u0, u1, u2, u3, ref Unsafe.Add(ref z, L.Count * zStride), ref Unsafe.Add(ref y, L.Count * zStride), zStride);
    }

    /// <summary>
    /// Whether blocks of rows go into lanes two at a time (<see cref="UnitsInTwoBlocks{L, V}"/>): the two blocks' sums,
    /// their four columns each and a broadcast fit the registers (three units on 16 registers, four on Vector512's 32).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a test of sizes: compiled without a profile (Native AOT) it was a call
    private static bool PairsBlocks<L, V>(int units) where L : struct, ILanes<V> where V : struct =>
        L.Count > 1 && units <= (L.Count == 16 ? 4 : 3);

    /// <summary>
    /// Units 0 to 3 of two blocks of rows in lanes (rows 0 to <c>L.Count</c> - 1 of <paramref name="x"/> into
    /// <paramref name="s0"/> to <paramref name="s3"/>, the next <c>L.Count</c> into <paramref name="u0"/> to
    /// <paramref name="u3"/>): each weight broadcast once for both blocks, where a block alone takes one broadcast a
    /// multiply-add. Each sum is one chain, the bias then the inputs in order (two blocks' chains overlap, where a block
    /// alone splits its sums in two). A unit past the last is 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UnitsInTwoBlocks<L, V>(ref float x, int xStride, ref float w, int wStride, ref float b, int inputs, int units,
        out V s0, out V s1, out V s2, out V s3, out V u0, out V u1, out V u2, out V u3) where L : struct, ILanes<V> where V : struct
    {
        ref float xb = ref Unsafe.Add(ref x, L.Count * xStride);
        ref float w0 = ref RowOf(ref w, wStride, 0, units), w1 = ref RowOf(ref w, wStride, 1, units);
        ref float w2 = ref RowOf(ref w, wStride, 2, units), w3 = ref RowOf(ref w, wStride, 3, units);
        s0 = u0 = BiasOf<L, V>(ref b, 0, units);
        s1 = u1 = BiasOf<L, V>(ref b, 1, units);
        s2 = u2 = BiasOf<L, V>(ref b, 2, units);
        s3 = u3 = BiasOf<L, V>(ref b, 3, units);
        int i = 0;
        V v;
        for (; i + 4 <= inputs; i += 4)
        {
            // Written out, as UnitsInLanes: a helper per input with the sums by reference would spend the inlining budget.
            L.LoadQuads(ref Unsafe.Add(ref x, i), xStride, out V p0, out V p1, out V p2, out V p3);
            L.LoadQuads(ref Unsafe.Add(ref xb, i), xStride, out V q0, out V q1, out V q2, out V q3);
            v = L.Broadcast(Unsafe.Add(ref w0, i)); s0 = L.MultiplyAdd(v, p0, s0); u0 = L.MultiplyAdd(v, q0, u0);
            if (units > 1) { v = L.Broadcast(Unsafe.Add(ref w1, i)); s1 = L.MultiplyAdd(v, p0, s1); u1 = L.MultiplyAdd(v, q0, u1); }
            if (units > 2) { v = L.Broadcast(Unsafe.Add(ref w2, i)); s2 = L.MultiplyAdd(v, p0, s2); u2 = L.MultiplyAdd(v, q0, u2); }
            if (units > 3) { v = L.Broadcast(Unsafe.Add(ref w3, i)); s3 = L.MultiplyAdd(v, p0, s3); u3 = L.MultiplyAdd(v, q0, u3); }
            v = L.Broadcast(Unsafe.Add(ref w0, i + 1)); s0 = L.MultiplyAdd(v, p1, s0); u0 = L.MultiplyAdd(v, q1, u0);
            if (units > 1) { v = L.Broadcast(Unsafe.Add(ref w1, i + 1)); s1 = L.MultiplyAdd(v, p1, s1); u1 = L.MultiplyAdd(v, q1, u1); }
            if (units > 2) { v = L.Broadcast(Unsafe.Add(ref w2, i + 1)); s2 = L.MultiplyAdd(v, p1, s2); u2 = L.MultiplyAdd(v, q1, u2); }
            if (units > 3) { v = L.Broadcast(Unsafe.Add(ref w3, i + 1)); s3 = L.MultiplyAdd(v, p1, s3); u3 = L.MultiplyAdd(v, q1, u3); }
            v = L.Broadcast(Unsafe.Add(ref w0, i + 2)); s0 = L.MultiplyAdd(v, p2, s0); u0 = L.MultiplyAdd(v, q2, u0);
            if (units > 1) { v = L.Broadcast(Unsafe.Add(ref w1, i + 2)); s1 = L.MultiplyAdd(v, p2, s1); u1 = L.MultiplyAdd(v, q2, u1); }
            if (units > 2) { v = L.Broadcast(Unsafe.Add(ref w2, i + 2)); s2 = L.MultiplyAdd(v, p2, s2); u2 = L.MultiplyAdd(v, q2, u2); }
            if (units > 3) { v = L.Broadcast(Unsafe.Add(ref w3, i + 2)); s3 = L.MultiplyAdd(v, p2, s3); u3 = L.MultiplyAdd(v, q2, u3); }
            v = L.Broadcast(Unsafe.Add(ref w0, i + 3)); s0 = L.MultiplyAdd(v, p3, s0); u0 = L.MultiplyAdd(v, q3, u0);
            if (units > 1) { v = L.Broadcast(Unsafe.Add(ref w1, i + 3)); s1 = L.MultiplyAdd(v, p3, s1); u1 = L.MultiplyAdd(v, q3, u1); }
            if (units > 2) { v = L.Broadcast(Unsafe.Add(ref w2, i + 3)); s2 = L.MultiplyAdd(v, p3, s2); u2 = L.MultiplyAdd(v, q3, u2); }
            if (units > 3) { v = L.Broadcast(Unsafe.Add(ref w3, i + 3)); s3 = L.MultiplyAdd(v, p3, s3); u3 = L.MultiplyAdd(v, q3, u3); }
        }
        // The last one to three inputs, a column each.
        for (; i < inputs; i++)
        {
            V p = L.LoadColumn(ref Unsafe.Add(ref x, i), xStride), q = L.LoadColumn(ref Unsafe.Add(ref xb, i), xStride);
            v = L.Broadcast(Unsafe.Add(ref w0, i)); s0 = L.MultiplyAdd(v, p, s0); u0 = L.MultiplyAdd(v, q, u0);
            if (units > 1) { v = L.Broadcast(Unsafe.Add(ref w1, i)); s1 = L.MultiplyAdd(v, p, s1); u1 = L.MultiplyAdd(v, q, u1); }
            if (units > 2) { v = L.Broadcast(Unsafe.Add(ref w2, i)); s2 = L.MultiplyAdd(v, p, s2); u2 = L.MultiplyAdd(v, q, u2); }
            if (units > 3) { v = L.Broadcast(Unsafe.Add(ref w3, i)); s3 = L.MultiplyAdd(v, p, s3); u3 = L.MultiplyAdd(v, q, u3); }
        }
    }

    /// <summary>
    /// Units <paramref name="o"/> to <paramref name="o"/> + 3 of a block in lanes: <c>b[o] + Σ_i W[o, i]·x[i]</c>, the
    /// input columns <c>x[i]</c> from <typeparamref name="C"/>, four at a time; each sum in two registers (even and odd
    /// inputs, added at the end: within a few ulps of the sum in order); a unit past the last is 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void UnitsInLanes<L, V, C>(ref float x, int xStride, ref float w, int wStride, ref float b, int inputs, int units, int o,
        out V s0, out V s1, out V s2, out V s3) where L : struct, ILanes<V> where V : struct where C : struct, IColumns<V>
    {
        ref float w0 = ref RowOf(ref w, wStride, o, units), w1 = ref RowOf(ref w, wStride, o + 1, units);
        ref float w2 = ref RowOf(ref w, wStride, o + 2, units), w3 = ref RowOf(ref w, wStride, o + 3, units);
        s0 = BiasOf<L, V>(ref b, o, units);
        s1 = BiasOf<L, V>(ref b, o + 1, units);
        s2 = BiasOf<L, V>(ref b, o + 2, units);
        s3 = BiasOf<L, V>(ref b, o + 3, units);
        // Each sum in two chains (even and odd inputs), added at the end: four chains of one FMA each would wait 4
        // cycles an input (iris's 16 inputs: 64 cycles on the way to the loss); eight overlap. Units past the last stay
        // at their zero bias: no multiply-adds of the zero row (iris's 3 units of 4).
        V t0 = L.Zero, t1 = L.Zero, t2 = L.Zero, t3 = L.Zero;
        int i = 0;
        for (; i + 4 <= inputs; i += 4)
        {
            // Written out, not a helper per pair: one with the sums by reference went past the JIT's inlining budget.
            C.Quad(ref x, xStride, i, out V xa, out V xb, out V xc, out V xd);
            s0 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w0, i)), xa, s0);
            t0 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w0, i + 1)), xb, t0);
            s0 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w0, i + 2)), xc, s0);
            t0 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w0, i + 3)), xd, t0);
            if (o + 1 < units)
            {
                s1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w1, i)), xa, s1);
                t1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w1, i + 1)), xb, t1);
                s1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w1, i + 2)), xc, s1);
                t1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w1, i + 3)), xd, t1);
            }
            if (o + 2 < units)
            {
                s2 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w2, i)), xa, s2);
                t2 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w2, i + 1)), xb, t2);
                s2 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w2, i + 2)), xc, s2);
                t2 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w2, i + 3)), xd, t2);
            }
            if (o + 3 < units)
            {
                s3 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w3, i)), xa, s3);
                t3 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w3, i + 1)), xb, t3);
                s3 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w3, i + 2)), xc, s3);
                t3 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w3, i + 3)), xd, t3);
            }
        }
        // The last one to three inputs, a column each: an even one into s, an odd one into t, as in the quads.
        for (; i < inputs; i++)
        {
            V xi = C.One(ref x, xStride, i);
            bool even = (i & 1) == 0;
            if (even) s0 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w0, i)), xi, s0); else t0 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w0, i)), xi, t0);
            if (o + 1 < units) { if (even) s1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w1, i)), xi, s1); else t1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w1, i)), xi, t1); }
            if (o + 2 < units) { if (even) s2 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w2, i)), xi, s2); else t2 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w2, i)), xi, t2); }
            if (o + 3 < units) { if (even) s3 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w3, i)), xi, s3); else t3 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref w3, i)), xi, t3); }
        }
        (s0, s1, s2, s3) = (L.Add(s0, t0), L.Add(s1, t1), L.Add(s2, t2), L.Add(s3, t3));
    }

    /// <summary>Where a block's input columns come from: <see cref="RowColumns{L, V}"/> or <see cref="LaneColumns{L, V}"/>.</summary>
    internal interface IColumns<V> where V : struct
    {
        /// <summary>Columns <paramref name="i"/> to <paramref name="i"/> + 3.</summary>
        static abstract void Quad(ref float x, int stride, int i, out V a, out V b, out V c, out V d);
        /// <summary>Column <paramref name="i"/>.</summary>
        static abstract V One(ref float x, int stride, int i);
    }

    /// <summary>Rows <c>stride</c> floats apart, one a lane: four columns by one interleaving of loads (no stack block, no gathers); one alone by a gather.</summary>
    internal readonly struct RowColumns<L, V> : IColumns<V> where L : struct, ILanes<V> where V : struct
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Quad(ref float x, int stride, int i, out V a, out V b, out V c, out V d) => L.LoadQuads(ref Unsafe.Add(ref x, i), stride, out a, out b, out c, out d);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V One(ref float x, int stride, int i) => L.LoadColumn(ref Unsafe.Add(ref x, i), stride);
    }

    /// <summary>Columns already in lanes, <c>[inputs][lanes]</c> (the stride unused): a vector each.</summary>
    internal readonly struct LaneColumns<L, V> : IColumns<V> where L : struct, ILanes<V> where V : struct
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Quad(ref float x, int stride, int i, out V a, out V b, out V c, out V d)
        {
            nuint n = (nuint)L.Count, at = (nuint)i * n;
            (a, b, c, d) = (L.Load(ref x, at), L.Load(ref x, at + n), L.Load(ref x, at + 2 * n), L.Load(ref x, at + 3 * n));
        }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V One(ref float x, int stride, int i) => L.Load(ref x, (nuint)(i * L.Count));
    }

    /// <summary>
    /// An output layer of at most 4 units and no activation (the logits) with the softmax cross-entropy of class labels
    /// taken from its registers: each block of rows in lanes goes from <see cref="UnitsInLanes"/> straight into the loss
    /// (<see cref="LossKernels.SoftmaxCrossEntropyOfQuads{L, V, T}(V, V, V, V, ref float, ref int, int, int, ref float, int, V, bool, bool)"/>), which stores the block's delta as rows; the logits are not
    /// stored (nothing of a training pass reads them). Linear then <see cref="LossKernels.SoftmaxCrossEntropyOfLabels"/>
    /// give the same bits through memory (iris's batch of 16: a store and a load of the logits' quads and a call fewer).
    /// Applies where every row falls in a whole block of the widest vectors' lanes; otherwise returns false having
    /// written nothing, for the caller to take those two.
    /// </summary>
    /// <returns>Whether it applied; then <paramref name="loss"/> is the loss kernel's sum over the rows.</returns>
    public static bool TryLinearWithSoftmaxCrossEntropyOfLabels<S>(ref float x, int xStride, ref float w, int wStride, ref float b, ref int labels,
        ref float delta, int deltaStride, int rows, int inputs, int units, float scale, out float loss) where S : struct, IDenseShape
    {
        if (Vector512.IsHardwareAccelerated)
            return TryLinearWithSoftmaxCrossEntropyOfLabels<Lanes512, Vector512<float>, S>(ref x, xStride, ref w, wStride, ref b, ref labels, ref delta, deltaStride, rows, inputs, units, scale, out loss);
        if (Vector256.IsHardwareAccelerated)
            return TryLinearWithSoftmaxCrossEntropyOfLabels<Lanes256, Vector256<float>, S>(ref x, xStride, ref w, wStride, ref b, ref labels, ref delta, deltaStride, rows, inputs, units, scale, out loss);
        if (Vector128.IsHardwareAccelerated)
            return TryLinearWithSoftmaxCrossEntropyOfLabels<Lanes128, Vector128<float>, S>(ref x, xStride, ref w, wStride, ref b, ref labels, ref delta, deltaStride, rows, inputs, units, scale, out loss);
        loss = 0f;
        return false;
    }

    /// <summary><see cref="TryLinearWithSoftmaxCrossEntropyOfLabels{S}"/> on one width, its sizes read from the arguments.</summary>
    public static bool TryLinearWithSoftmaxCrossEntropyOfLabels<L, V>(ref float x, int xStride, ref float w, int wStride, ref float b, ref int labels,
        ref float delta, int deltaStride, int rows, int inputs, int units, float scale, out float loss) where L : struct, ILanes<V> where V : struct =>
        TryLinearWithSoftmaxCrossEntropyOfLabels<L, V, ArgumentShape>(ref x, xStride, ref w, wStride, ref b, ref labels, ref delta, deltaStride, rows, inputs, units, scale, out loss);

    /// <summary><see cref="TryLinearWithSoftmaxCrossEntropyOfLabels{S}"/> on one width, compiled for the layer <typeparamref name="S"/> (its sizes and strides constants).</summary>
    public static bool TryLinearWithSoftmaxCrossEntropyOfLabels<L, V, S>(ref float x, int xStride, ref float w, int wStride, ref float b, ref int labels,
        ref float delta, int deltaStride, int rows, int inputs, int units, float scale, out float loss) where L : struct, ILanes<V> where V : struct where S : struct, IDenseShape
    {
        xStride = IDenseShape.Or(S.XStride, xStride); wStride = IDenseShape.Or(S.WStride, wStride); deltaStride = IDenseShape.Or(S.ZStride, deltaStride);
        inputs = IDenseShape.Or(S.Inputs, inputs); units = IDenseShape.Or(S.Units, units);
        loss = 0f;
        if (!FusesLossInLanes<L, V>(rows, inputs, units, deltaStride))
            return false;
        V totals = L.Zero, lossScale = L.Broadcast(scale);
        for (int r = 0; r < rows;)
        {
            int blocks = LogitsOfBlocks<L, V>(ref x, xStride, ref w, wStride, ref b, rows, inputs, units, r, out V s0, out V s1, out V s2, out V s3, out V u0, out V u1, out V u2, out V u3);
            for (int k = 0; k < blocks; k++, r += L.Count)
            {
                totals = L.Add(totals, LossOfBlock<L, V>(s0, s1, s2, s3, ref labels, r, units, ref Unsafe.Add(ref delta, r * deltaStride), deltaStride, lossScale));
                (s0, s1, s2, s3) = (u0, u1, u2, u3); // the second block's logits next
            }
        }
        loss = L.Sum(totals);
        return true;
    }

    // A block's loss with its value, a root of its own: its log's and exponentials' helpers inlined beside two blocks'
    // logits ran the kernel's inlining budget out on Vector512 and stayed calls (iris's 16-row forward and loss of
    // ComputeGradients, 141 → 557 ns against the parts' path). A call a block of rows, its four vectors through the stack.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static V LossOfBlock<L, V>(V s0, V s1, V s2, V s3, ref int labels, int r, int units, ref float delta, int deltaStride, V lossScale)
        where L : struct, ILanes<V> where V : struct =>
        LossKernels.SoftmaxCrossEntropyOfQuads<L, V, LossKernels.TargetLabels>(s0, s1, s2, s3,
            ref Unsafe.NullRef<float>(), ref labels, r, units, ref delta, deltaStride, lossScale, withGradient: true, withValue: true);

    /// <summary>
    /// <see cref="TryLinearWithSoftmaxCrossEntropyOfLabels{S}"/> with the loss's value left for later: each block's parts
    /// (its largest logits, sums of exponentials and Σt·y, three vectors) stored at <paramref name="parts"/> (three floats a
    /// row of the batch) for <see cref="SoftmaxCrossEntropyOfParts"/>, which gives the same bits. The log is the end of the
    /// loss's chain, which starts last in the pass: taken here, the core's in-order retirement held the backward pass up
    /// behind it (iris's batch-16 step, about 4 %). <paramref name="bound"/> is Σ |max| + |Σt·y| over the rows, NaN or
    /// infinite where a logit is: below 2^126, every logit is finite, each row's log(sum) at most ln 4, and the loss finite.
    /// </summary>
    public static bool TryLinearWithSoftmaxCrossEntropyPartsOfLabels<S>(ref float x, int xStride, ref float w, int wStride, ref float b, ref int labels,
        ref float delta, int deltaStride, int rows, int inputs, int units, float scale, ref float parts, out float bound) where S : struct, IDenseShape
    {
        if (Vector512.IsHardwareAccelerated)
            return TryLinearWithSoftmaxCrossEntropyPartsOfLabels<Lanes512, Vector512<float>, S>(ref x, xStride, ref w, wStride, ref b, ref labels, ref delta, deltaStride, rows, inputs, units, scale, ref parts, out bound);
        if (Vector256.IsHardwareAccelerated)
            return TryLinearWithSoftmaxCrossEntropyPartsOfLabels<Lanes256, Vector256<float>, S>(ref x, xStride, ref w, wStride, ref b, ref labels, ref delta, deltaStride, rows, inputs, units, scale, ref parts, out bound);
        if (Vector128.IsHardwareAccelerated)
            return TryLinearWithSoftmaxCrossEntropyPartsOfLabels<Lanes128, Vector128<float>, S>(ref x, xStride, ref w, wStride, ref b, ref labels, ref delta, deltaStride, rows, inputs, units, scale, ref parts, out bound);
        bound = 0f;
        return false;
    }

    /// <summary>The loss kernel's sum over <paramref name="rows"/> rows from the parts <see cref="TryLinearWithSoftmaxCrossEntropyPartsOfLabels{S}"/> stored (on the same width).</summary>
    public static float SoftmaxCrossEntropyOfParts(ref float parts, int rows)
    {
        if (Vector512.IsHardwareAccelerated) return SoftmaxCrossEntropyOfParts<Lanes512, Vector512<float>>(ref parts, rows);
        if (Vector256.IsHardwareAccelerated) return SoftmaxCrossEntropyOfParts<Lanes256, Vector256<float>>(ref parts, rows);
        return SoftmaxCrossEntropyOfParts<Lanes128, Vector128<float>>(ref parts, rows);
    }

    /// <summary>The limit of <see cref="TryLinearWithSoftmaxCrossEntropyPartsOfLabels{S}"/>'s bound below which the loss is finite: 2^126.</summary>
    public const float PartsBound = 8.507059e37f;

    private static bool TryLinearWithSoftmaxCrossEntropyPartsOfLabels<L, V, S>(ref float x, int xStride, ref float w, int wStride, ref float b, ref int labels,
        ref float delta, int deltaStride, int rows, int inputs, int units, float scale, ref float parts, out float bound) where L : struct, ILanes<V> where V : struct where S : struct, IDenseShape
    {
        xStride = IDenseShape.Or(S.XStride, xStride); wStride = IDenseShape.Or(S.WStride, wStride); deltaStride = IDenseShape.Or(S.ZStride, deltaStride);
        inputs = IDenseShape.Or(S.Inputs, inputs); units = IDenseShape.Or(S.Units, units);
        bound = 0f;
        if (!FusesLossInLanes<L, V>(rows, inputs, units, deltaStride))
            return false;
        V bounds = L.Zero, lossScale = L.Broadcast(scale);
        for (int r = 0; r < rows;)
        {
            int blocks = LogitsOfBlocks<L, V>(ref x, xStride, ref w, wStride, ref b, rows, inputs, units, r, out V s0, out V s1, out V s2, out V s3, out V u0, out V u1, out V u2, out V u3);
            for (int k = 0; k < blocks; k++, r += L.Count)
            {
                LossKernels.SoftmaxCrossEntropyOfQuads<L, V, LossKernels.TargetLabels>(s0, s1, s2, s3, ref Unsafe.NullRef<float>(), ref labels, r, units,
                    ref Unsafe.Add(ref delta, r * deltaStride), deltaStride, lossScale, withGradient: true, withValue: false, out V max, out V sum, out _, out V targetDot);
                ref float block = ref Unsafe.Add(ref parts, 3 * r);
                L.Store(max, ref block, 0);
                L.Store(sum, ref block, (nuint)L.Count);
                L.Store(targetDot, ref block, (nuint)(2 * L.Count));
                // |v| as max(v, -v): a NaN stays NaN (the instruction gives its second operand), an infinity stays infinite.
                bounds = L.Add(bounds, L.Add(L.Max(max, L.Subtract(L.Zero, max)), L.Max(targetDot, L.Subtract(L.Zero, targetDot))));
                (s0, s1, s2, s3) = (u0, u1, u2, u3); // the second block's logits next
            }
        }
        bound = L.Sum(bounds);
        return true;
    }

    // Never inlined: the log's vector helpers need a root's inlining budget of their own (inlined into a small caller they
    // stayed calls, 140-330 ns where this takes 56).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float SoftmaxCrossEntropyOfParts<L, V>(ref float parts, int rows) where L : struct, ILanes<V> where V : struct
    {
        V totals = L.Zero, one = L.Broadcast(1f); // a label's one-hot row sums to 1, as the loss kernel's Σt
        for (int r = 0; r < rows; r += L.Count)
        {
            ref float block = ref Unsafe.Add(ref parts, 3 * r);
            totals = L.Add(totals, LossKernels.ValueOfParts<L, V>(L.Load(ref block, 0), L.Load(ref block, (nuint)L.Count), one, L.Load(ref block, (nuint)(2 * L.Count))));
        }
        return L.Sum(totals);
    }

    /// <summary>
    /// The logits of the block of rows at <paramref name="r"/> in <paramref name="s0"/> to <paramref name="s3"/>, and where
    /// blocks pair (<see cref="PairsBlocks{L, V}"/>) and a second whole block follows, its logits in <paramref name="u0"/> to
    /// <paramref name="u3"/>: the blocks as <see cref="Linear{L, V, A, S}"/> takes them, so the loss kernels fed from
    /// registers give its bits. Returns the blocks done, 1 or 2.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LogitsOfBlocks<L, V>(ref float x, int xStride, ref float w, int wStride, ref float b, int rows, int inputs, int units, int r,
        out V s0, out V s1, out V s2, out V s3, out V u0, out V u1, out V u2, out V u3) where L : struct, ILanes<V> where V : struct
    {
        ref float xr = ref Unsafe.Add(ref x, r * xStride);
        if (PairsBlocks<L, V>(units) && r + 2 * L.Count <= rows)
        {
            UnitsInTwoBlocks<L, V>(ref xr, xStride, ref w, wStride, ref b, inputs, units, out s0, out s1, out s2, out s3, out u0, out u1, out u2, out u3);
            return 2;
        }
        UnitsInLanes<L, V, RowColumns<L, V>>(ref xr, xStride, ref w, wStride, ref b, inputs, units, 0, out s0, out s1, out s2, out s3);
        u0 = u1 = u2 = u3 = L.Zero;
        return 1;
    }

    /// <summary>Whether the logits and their loss go block by block of rows in lanes: every row in a whole block, at most 4 units (the loss's quads) and <see cref="InputsInLanesLimit"/> inputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a test of sizes: compiled without a profile (Native AOT) it was a call
    private static bool FusesLossInLanes<L, V>(int rows, int inputs, int units, int deltaStride) where L : struct, ILanes<V> where V : struct =>
        L.Count > 1 && units <= 4 && inputs <= InputsInLanesLimit && deltaStride >= 4 && rows >= L.Count && rows % L.Count == 0;

    /// <summary>Unit <paramref name="o"/>'s bias on every lane; 0 past the units or without a bias.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V BiasOf<L, V>(ref float b, int o, int units) where L : struct, ILanes<V> where V : struct =>
        o < units && !Unsafe.IsNullRef(ref b) ? L.Broadcast(Unsafe.Add(ref b, o)) : L.Zero;

    /// <summary>Unit <paramref name="o"/>'s weights; past the units, a row of zeros (its sums stay 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref float RowOf(ref float w, int wStride, int o, int units) =>
        ref o < units ? ref Unsafe.Add(ref w, o * wStride) : ref ZeroRow[0];

    /// <summary>Unit <paramref name="o"/>'s weight vector at input <paramref name="c"/>; zeros past the units.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V WeightsAt<L, V>(ref float w, int wStride, int o, int c, int units) where L : struct, ILanes<V> where V : struct =>
        o < units ? L.Load(ref Unsafe.Add(ref w, o * wStride), (nuint)c) : L.Zero;

    /// <summary>A missing unit's weights: a row of zeros as long as the inputs in lanes.</summary>
    private static readonly float[] ZeroRow = new float[InputsInLanesLimit];

    /// <summary>One row: each unit a dot product of its weight row with the inputs, summed across lanes; then y over whole vectors of the row.</summary>
    private static void LinearRow<L, V, A, S>(ref float x, ref float w, int wStride, ref float b, ref float z, ref float y, int inputs, int units)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where S : struct, IDenseShape
    {
        wStride = IDenseShape.Or(S.WStride, wStride); inputs = IDenseShape.Or(S.Inputs, inputs); units = IDenseShape.Or(S.Units, units);
        for (int o = 0; o < units; o++)
        {
            V sum = L.Zero;
            for (int c = 0; c < inputs; c += L.Count)
                sum = L.MultiplyAdd(L.Load(ref Unsafe.Add(ref w, o * wStride), (nuint)c), InputsAt<L, V>(ref x, c, inputs), sum);
            Unsafe.Add(ref z, o) = (Unsafe.IsNullRef(ref b) ? 0f : Unsafe.Add(ref b, o)) + L.Sum(sum);
        }
        int padded = (units + L.Count - 1) / L.Count * L.Count;
        for (int o = units; o < padded; o++)
            Unsafe.Add(ref z, o) = 0f;
        if (A.StoresY)
            for (int c = 0; c < padded; c += L.Count)
                L.Store(A.Apply(L.Load(ref z, (nuint)c)), ref y, (nuint)c);
    }

    /// <summary>The row's inputs from <paramref name="c"/>, zeros past <paramref name="inputs"/> (the row's padding, or its end, is not read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V InputsAt<L, V>(ref float row, int c, int inputs) where L : struct, ILanes<V> where V : struct =>
        c + L.Count <= inputs ? L.Load(ref row, (nuint)c) : L.LoadFirst(ref Unsafe.Add(ref row, c), inputs - c);
}
