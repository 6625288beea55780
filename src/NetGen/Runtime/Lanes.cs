using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Runtime;

// The members of the width types are the operations their names say, documented once on ILanes.
#pragma warning disable CS1591

/// <summary>
/// The operations of one SIMD width on its raw vector type <typeparamref name="V"/>, for kernels written once and
/// specialized per width (<see cref="DenseKernels"/>). An operations type rather than a wrapper around the vector:
/// the JIT keeps raw vectors in registers and folds an FMA into its accumulator, where a wrapper struct cost a move
/// per FMA and a spilled weight (measured in docs/buildtime.md). Each member is what the generated kernels print on
/// that width, so a kernel here computes the same bits.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ILanes<V> where V : struct
{
    /// <summary>Floats per vector.</summary>
    static abstract int Count { get; }
    static abstract V Zero { get; }
    static abstract V Load(ref float source, nuint offset);
    static abstract void Store(V value, ref float destination, nuint offset);
    static abstract V Broadcast(float value);
    /// <summary><c>a·b + c</c>: fused where the CPU has FMA (<c>MultiplyAddEstimate</c>, as the generated kernels).</summary>
    static abstract V MultiplyAdd(V a, V b, V c);
    static abstract V Add(V a, V b);
    /// <summary>The sum of the lanes, as the generated kernels' <c>VectorN.Sum</c>.</summary>
    static abstract float Sum(V value);
    /// <summary>The lane sums <c>Σa, Σb, Σc, Σd</c> stored as four neighbouring floats, as the generated kernels' <c>LaneSums.SumEach</c>.</summary>
    static abstract void StoreSums(V a, V b, V c, V d, ref float destination);
    static abstract V Subtract(V a, V b);
    static abstract V Multiply(V a, V b);
    /// <summary>
    /// The larger of each pair of lanes, on vectors by the CPU's own instruction (<c>MaxNative</c>: one <c>maxps</c>, where
    /// <c>Vector512.Max</c>'s IEEE rules for NaN and ±0 take three on AVX-512; <c>MathF.Max</c> on scalars). For a
    /// softmax's shift: a NaN logit reaches the loss through its own e^(y - max) whatever the max, and ±0 shift alike.
    /// </summary>
    static abstract V Max(V a, V b);
    /// <summary>The largest lane, by <see cref="Max"/>'s instruction.</summary>
    static abstract float MaxAcross(V value);
    /// <summary>e^x of each lane: <see cref="VectorMath"/>'s (MathF.Exp on the scalar path).</summary>
    static abstract V Exp(V x);
    /// <summary>A mask of the lanes below <paramref name="count"/> (all of them from <c>Count</c> on), for <see cref="Select"/>.</summary>
    static abstract V FirstLanes(int count);
    /// <summary><paramref name="a"/> where <paramref name="mask"/> is set, else <paramref name="b"/>.</summary>
    static abstract V Select(V mask, V a, V b);
    /// <summary>The first <paramref name="count"/> floats at <paramref name="source"/>, zeros in the lanes past them; reads nothing past them (an unpadded row's last vector).</summary>
    static abstract V LoadFirst(ref float source, int count);
    /// <summary>Lane k from <c>source[k · stride]</c>: a column of a row-major matrix (a gather where the CPU has one).</summary>
    static abstract V LoadColumn(ref float source, int stride);
    /// <summary>
    /// Column <paramref name="column"/> of <c>Count</c> rows of <paramref name="stride"/> (1 to 3) floats stored back to
    /// back: <see cref="LoadColumn"/>'s lanes, reading nothing past the block (by whole vectors and permutes where the
    /// CPU has two-source permutes, else gathered).
    /// </summary>
    static abstract V LoadPackedColumn(ref float source, int stride, int column);
    /// <summary>1 in lane k where <c>labels[k]</c> is <paramref name="label"/>, else 0: a one-hot column of <c>Count</c> rows' class labels.</summary>
    static abstract V OneWhereLabelIs(ref int labels, int label);
    /// <summary>
    /// The <c>Count × Count</c> block at <paramref name="source"/> (rows <paramref name="sourceStride"/> apart), transposed
    /// into <paramref name="destination"/> (rows <paramref name="destinationStride"/> apart).
    /// </summary>
    static abstract void TransposeSquare(ref float source, int sourceStride, ref float destination, int destinationStride);
    /// <summary>Lane k to <c>destination[k · stride]</c>, one float at a time.</summary>
    static abstract void StoreColumn(V value, ref float destination, int stride);
    /// <summary>
    /// Four columns as rows of four: lane k of <paramref name="a"/>, <paramref name="b"/>, <paramref name="c"/> and
    /// <paramref name="d"/> to <c>destination[k · stride]</c> and the three floats after it (interleaved in registers).
    /// </summary>
    static abstract void StoreQuads(V a, V b, V c, V d, ref float destination, int stride);
    /// <summary>The inverse of <see cref="StoreQuads"/>: the four floats at <c>source[k · stride]</c> into lane k of <paramref name="a"/> to <paramref name="d"/>.</summary>
    static abstract void LoadQuads(ref float source, int stride, out V a, out V b, out V c, out V d);
    static abstract V Divide(V a, V b);
    /// <summary>The natural log of each lane: <see cref="VectorMath"/>'s, inlined, on every width.</summary>
    static abstract V Log(V x);
}

/// <summary>Vector512 of floats.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Lanes512 : ILanes<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;
    public static Vector512<float> Zero => Vector512<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(ref float source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Broadcast(float value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.MultiplyAddEstimate(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector512<float> value) => Vector512.Sum(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreSums(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d, ref float destination) => LaneSums.SumEach(a, b, c, d).StoreUnsafe(ref destination);
    /// <summary>16 × 16 in registers: 64 shuffles (32-bit, then 64-bit interleaves within 128-bit lanes, then two rounds of 128-bit lane shuffles).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a root of its own: inlined into digits' training pass, its helpers ran that method's inlining budget out
    public static void TransposeSquare(ref float source, int sourceStride, ref float destination, int destinationStride)
    {
        if (!Avx512F.IsSupported)
        {
            for (int j = 0; j < 16; j++)
                LoadColumn(ref Unsafe.Add(ref source, j), sourceStride).StoreUnsafe(ref Unsafe.Add(ref destination, j * destinationStride));
            return;
        }
        // Rows r0..r15 → pairs interleaved, → quads interleaved (q): lane L of q{m}{j} holds column 4L + j of rows
        // 4m..4m+3. In registers (16 of the 32). The rows are loaded here: a helper that took the rows' ref and stride and
        // gave out its quads was not inlined (a call per row group: digits' 32-row loss, with four squares, 333-347 ns; so, 304-306).
        ref float s4 = ref Unsafe.Add(ref source, 4 * sourceStride), s8 = ref Unsafe.Add(ref source, 8 * sourceStride), s12 = ref Unsafe.Add(ref source, 12 * sourceStride);
        Quads(Row(ref source, 0), Row(ref source, sourceStride), Row(ref source, 2 * sourceStride), Row(ref source, 3 * sourceStride), out var q00, out var q01, out var q02, out var q03);
        Quads(Row(ref s4, 0), Row(ref s4, sourceStride), Row(ref s4, 2 * sourceStride), Row(ref s4, 3 * sourceStride), out var q10, out var q11, out var q12, out var q13);
        Quads(Row(ref s8, 0), Row(ref s8, sourceStride), Row(ref s8, 2 * sourceStride), Row(ref s8, 3 * sourceStride), out var q20, out var q21, out var q22, out var q23);
        Quads(Row(ref s12, 0), Row(ref s12, sourceStride), Row(ref s12, 2 * sourceStride), Row(ref s12, 3 * sourceStride), out var q30, out var q31, out var q32, out var q33);
        StoreColumns(q00, q10, q20, q30, ref destination, destinationStride);
        StoreColumns(q01, q11, q21, q31, ref Unsafe.Add(ref destination, destinationStride), destinationStride);
        StoreColumns(q02, q12, q22, q32, ref Unsafe.Add(ref destination, 2 * destinationStride), destinationStride);
        StoreColumns(q03, q13, q23, q33, ref Unsafe.Add(ref destination, 3 * destinationStride), destinationStride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Row(ref float source, int offset) => Vector512.LoadUnsafe(ref Unsafe.Add(ref source, offset));

    /// <summary>Four rows interleaved by pairs, then by quads: lane L of <paramref name="j0"/>..<paramref name="j3"/> holds column 4L + j of the rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Quads(Vector512<float> r0, Vector512<float> r1, Vector512<float> r2, Vector512<float> r3,
        out Vector512<float> j0, out Vector512<float> j1, out Vector512<float> j2, out Vector512<float> j3)
    {
        var t0 = Avx512F.UnpackLow(r0, r1).AsDouble();
        var t1 = Avx512F.UnpackHigh(r0, r1).AsDouble();
        var t2 = Avx512F.UnpackLow(r2, r3).AsDouble();
        var t3 = Avx512F.UnpackHigh(r2, r3).AsDouble();
        j0 = Avx512F.UnpackLow(t0, t2).AsSingle();
        j1 = Avx512F.UnpackHigh(t0, t2).AsSingle();
        j2 = Avx512F.UnpackLow(t1, t3).AsSingle();
        j3 = Avx512F.UnpackHigh(t1, t3).AsSingle();
    }

    /// <summary>
    /// Columns j, 4 + j, 8 + j and 12 + j of the square from the quads of its four row groups: the 128-bit lanes' even
    /// (0x88) and odd (0xDD) lanes of rows 0-7 and 8-15, then once more.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreColumns(Vector512<float> rows0, Vector512<float> rows4, Vector512<float> rows8, Vector512<float> rows12, ref float destination, int stride)
    {
        var lowEven = Avx512F.Shuffle4x128(rows0, rows4, 0x88);
        var lowOdd = Avx512F.Shuffle4x128(rows0, rows4, 0xDD);
        var highEven = Avx512F.Shuffle4x128(rows8, rows12, 0x88);
        var highOdd = Avx512F.Shuffle4x128(rows8, rows12, 0xDD);
        Avx512F.Shuffle4x128(lowEven, highEven, 0x88).StoreUnsafe(ref destination);
        Avx512F.Shuffle4x128(lowOdd, highOdd, 0x88).StoreUnsafe(ref Unsafe.Add(ref destination, 4 * stride));
        Avx512F.Shuffle4x128(lowEven, highEven, 0xDD).StoreUnsafe(ref Unsafe.Add(ref destination, 8 * stride));
        Avx512F.Shuffle4x128(lowOdd, highOdd, 0xDD).StoreUnsafe(ref Unsafe.Add(ref destination, 12 * stride));
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreColumn(Vector512<float> value, ref float destination, int stride)
    {
        for (int k = 0; k < 16; k++)
            Unsafe.Add(ref destination, k * stride) = value.GetElement(k);
    }
    /// <summary>8 interleaves, then each 128-bit lane of the four results is a row (rows k, k + 4, k + 8, k + 12 of result k).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreQuads(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d, ref float destination, int stride)
    {
        if (!Avx512F.IsSupported)
        {
            Lanes256.StoreQuads(a.GetLower(), b.GetLower(), c.GetLower(), d.GetLower(), ref destination, stride);
            Lanes256.StoreQuads(a.GetUpper(), b.GetUpper(), c.GetUpper(), d.GetUpper(), ref Unsafe.Add(ref destination, 8 * stride), stride);
            return;
        }
        var ab0 = Avx512F.UnpackLow(a, b).AsDouble(); // a0 b0 a1 b1 per 128-bit lane
        var ab1 = Avx512F.UnpackHigh(a, b).AsDouble(); // a2 b2 a3 b3
        var cd0 = Avx512F.UnpackLow(c, d).AsDouble();
        var cd1 = Avx512F.UnpackHigh(c, d).AsDouble();
        StoreLanes(Avx512F.UnpackLow(ab0, cd0).AsSingle(), ref destination, stride);
        StoreLanes(Avx512F.UnpackHigh(ab0, cd0).AsSingle(), ref Unsafe.Add(ref destination, stride), stride);
        StoreLanes(Avx512F.UnpackLow(ab1, cd1).AsSingle(), ref Unsafe.Add(ref destination, 2 * stride), stride);
        StoreLanes(Avx512F.UnpackHigh(ab1, cd1).AsSingle(), ref Unsafe.Add(ref destination, 3 * stride), stride);
    }
    /// <summary>Rows k, k + 4, k + 8, k + 12 into the 128-bit lanes of vector k, then the 8 interleaves of <see cref="StoreQuads"/> (a 4 × 4 transposition is its own inverse).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadQuads(ref float source, int stride, out Vector512<float> a, out Vector512<float> b, out Vector512<float> c, out Vector512<float> d)
    {
        if (!Avx512F.IsSupported)
        {
            Lanes256.LoadQuads(ref source, stride, out var a0, out var b0, out var c0, out var d0);
            Lanes256.LoadQuads(ref Unsafe.Add(ref source, 8 * stride), stride, out var a1, out var b1, out var c1, out var d1);
            (a, b, c, d) = (Vector512.Create(a0, a1), Vector512.Create(b0, b1), Vector512.Create(c0, c1), Vector512.Create(d0, d1));
            return;
        }
        var r0 = LoadLanes(ref source, stride);
        var r1 = LoadLanes(ref Unsafe.Add(ref source, stride), stride);
        var r2 = LoadLanes(ref Unsafe.Add(ref source, 2 * stride), stride);
        var r3 = LoadLanes(ref Unsafe.Add(ref source, 3 * stride), stride);
        var t0 = Avx512F.UnpackLow(r0, r1).AsDouble(); // a0 a1 b0 b1 per 128-bit lane
        var t1 = Avx512F.UnpackHigh(r0, r1).AsDouble(); // c0 c1 d0 d1
        var t2 = Avx512F.UnpackLow(r2, r3).AsDouble();
        var t3 = Avx512F.UnpackHigh(r2, r3).AsDouble();
        a = Avx512F.UnpackLow(t0, t2).AsSingle();
        b = Avx512F.UnpackHigh(t0, t2).AsSingle();
        c = Avx512F.UnpackLow(t1, t3).AsSingle();
        d = Avx512F.UnpackHigh(t1, t3).AsSingle();
    }
    /// <summary>The four floats at <c>source[4j · stride]</c> into 128-bit lane j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> LoadLanes(ref float source, int stride) =>
        Halves(
            Vector256.Create(Vector128.LoadUnsafe(ref source), Vector128.LoadUnsafe(ref Unsafe.Add(ref source, 4 * stride))),
            Vector256.Create(Vector128.LoadUnsafe(ref Unsafe.Add(ref source, 8 * stride)), Vector128.LoadUnsafe(ref Unsafe.Add(ref source, 12 * stride))));
    /// <summary>
    /// <c>Vector512.Create(lower, upper)</c> without its stack slot: the JIT builds that from a vector reloaded from the
    /// stack, which ties each call to the last one's store. Needs AVX-512F, as every caller here checks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Halves(Vector256<float> lower, Vector256<float> upper) =>
        Avx512F.InsertVector256(lower.ToVector512Unsafe(), upper, 1);
    /// <summary>128-bit lane j of <paramref name="rows"/> to <c>destination[4j · stride]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreLanes(Vector512<float> rows, ref float destination, int stride)
    {
        rows.GetLower().GetLower().StoreUnsafe(ref destination);
        rows.GetLower().GetUpper().StoreUnsafe(ref Unsafe.Add(ref destination, 4 * stride));
        rows.GetUpper().GetLower().StoreUnsafe(ref Unsafe.Add(ref destination, 8 * stride));
        rows.GetUpper().GetUpper().StoreUnsafe(ref Unsafe.Add(ref destination, 12 * stride));
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Divide(Vector512<float> a, Vector512<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Log(Vector512<float> x) => VectorMath.Log(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) => Vector512.MaxNative(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Exp(Vector512<float> x) => VectorMath.Exp(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> FirstLanes(int count) => Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Select(Vector512<float> mask, Vector512<float> a, Vector512<float> b) => Vector512.ConditionalSelect(mask, a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MaxAcross(Vector512<float> value) => Lanes256.MaxAcross(Vector256.MaxNative(value.GetLower(), value.GetUpper()));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> OneWhereLabelIs(ref int labels, int label) =>
        Vector512.Equals(Vector512.LoadUnsafe(ref labels), Vector512.Create(label)).AsSingle() & Vector512<float>.One;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadPackedColumn(ref float source, int stride, int column)
    {
        if (!Avx512F.IsSupported || stride > 3)
            return LoadColumn(ref Unsafe.Add(ref source, column), stride);
        // Lane k wants float column + stride·k of the block's 16·stride: from its first two vectors, then (stride 3) the third.
        var position = Vector512<int>.Indices * stride + Vector512.Create(column);
        var first = Vector512.LoadUnsafe(ref source);
        if (stride == 1)
            return first;
        var firstTwo = Avx512F.PermuteVar16x32x2(first, position & Vector512.Create(31), Vector512.LoadUnsafe(ref source, 16));
        if (stride == 2)
            return firstTwo;
        var fromThird = Vector512.GreaterThanOrEqual(position, Vector512.Create(32));
        var picks = Vector512.ConditionalSelect(fromThird, position - Vector512.Create(16), Vector512<int>.Indices);
        return Avx512F.PermuteVar16x32x2(firstTwo, picks, Vector512.LoadUnsafe(ref source, 32));
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadColumn(ref float source, int stride) => // .NET has no 512-bit gather: two 256-bit ones
        Avx512F.IsSupported
            ? Halves(Lanes256.LoadColumn(ref source, stride), Lanes256.LoadColumn(ref Unsafe.Add(ref source, 8 * stride), stride))
            : Vector512.Create(Lanes256.LoadColumn(ref source, stride), Lanes256.LoadColumn(ref Unsafe.Add(ref source, 8 * stride), stride));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadFirst(ref float source, int count) => count >= 16
        ? Vector512.LoadUnsafe(ref source)
        : Vector512.Create(Lanes256.LoadFirst(ref source, count), Lanes256.LoadFirst(ref Unsafe.Add(ref source, 8), count - 8));
}

/// <summary>Vector256 of floats.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Lanes256 : ILanes<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;
    public static Vector256<float> Zero => Vector256<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(ref float source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Broadcast(float value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.MultiplyAddEstimate(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector256<float> value) => Vector256.Sum(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreSums(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d, ref float destination) => LaneSums.SumEach(a, b, c, d).StoreUnsafe(ref destination);
    /// <summary>
    /// 8 × 8 in registers: two rounds of <see cref="LoadQuads"/> (16 loads, 16 shuffles within 128-bit lanes). Not by
    /// gathers: a 256-bit gather is tens of micro-ops on AMD's Zen 1 and 2 (iris's 16-row logits layer, two squares of
    /// gathers a block: 392 ns, the 16 → 16 layer before it 284).
    /// </summary>
    public static void TransposeSquare(ref float source, int sourceStride, ref float destination, int destinationStride)
    {
        LoadQuads(ref source, sourceStride, out var c0, out var c1, out var c2, out var c3);
        LoadQuads(ref Unsafe.Add(ref source, 4), sourceStride, out var c4, out var c5, out var c6, out var c7);
        c0.StoreUnsafe(ref destination);
        c1.StoreUnsafe(ref Unsafe.Add(ref destination, destinationStride));
        c2.StoreUnsafe(ref Unsafe.Add(ref destination, 2 * destinationStride));
        c3.StoreUnsafe(ref Unsafe.Add(ref destination, 3 * destinationStride));
        c4.StoreUnsafe(ref Unsafe.Add(ref destination, 4 * destinationStride));
        c5.StoreUnsafe(ref Unsafe.Add(ref destination, 5 * destinationStride));
        c6.StoreUnsafe(ref Unsafe.Add(ref destination, 6 * destinationStride));
        c7.StoreUnsafe(ref Unsafe.Add(ref destination, 7 * destinationStride));
    }
    /// <summary>Rows k and k + 4 into the two 128-bit lanes of vector k, then the 8 interleaves of <see cref="Lanes128.LoadQuads"/> within lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadQuads(ref float source, int stride, out Vector256<float> a, out Vector256<float> b, out Vector256<float> c, out Vector256<float> d)
    {
        if (!Avx.IsSupported)
        {
            Lanes128.LoadQuads(ref source, stride, out var a0, out var b0, out var c0, out var d0);
            Lanes128.LoadQuads(ref Unsafe.Add(ref source, 4 * stride), stride, out var a1, out var b1, out var c1, out var d1);
            (a, b, c, d) = (Vector256.Create(a0, a1), Vector256.Create(b0, b1), Vector256.Create(c0, c1), Vector256.Create(d0, d1));
            return;
        }
        var r0 = LoadLanes(ref source, stride);
        var r1 = LoadLanes(ref Unsafe.Add(ref source, stride), stride);
        var r2 = LoadLanes(ref Unsafe.Add(ref source, 2 * stride), stride);
        var r3 = LoadLanes(ref Unsafe.Add(ref source, 3 * stride), stride);
        var t0 = Avx.UnpackLow(r0, r1).AsDouble(); // a0 a1 b0 b1 per 128-bit lane
        var t1 = Avx.UnpackHigh(r0, r1).AsDouble(); // c0 c1 d0 d1
        var t2 = Avx.UnpackLow(r2, r3).AsDouble();
        var t3 = Avx.UnpackHigh(r2, r3).AsDouble();
        a = Avx.UnpackLow(t0, t2).AsSingle();
        b = Avx.UnpackHigh(t0, t2).AsSingle();
        c = Avx.UnpackLow(t1, t3).AsSingle();
        d = Avx.UnpackHigh(t1, t3).AsSingle();
    }
    /// <summary>The four floats at <paramref name="source"/> into the lower 128-bit lane, those at <c>source[4 · stride]</c> into the upper.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> LoadLanes(ref float source, int stride) =>
        Vector256.Create(Vector128.LoadUnsafe(ref source), Vector128.LoadUnsafe(ref Unsafe.Add(ref source, 4 * stride)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreQuads(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d, ref float destination, int stride)
    {
        Lanes128.StoreQuads(a.GetLower(), b.GetLower(), c.GetLower(), d.GetLower(), ref destination, stride);
        Lanes128.StoreQuads(a.GetUpper(), b.GetUpper(), c.GetUpper(), d.GetUpper(), ref Unsafe.Add(ref destination, 4 * stride), stride);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreColumn(Vector256<float> value, ref float destination, int stride)
    {
        for (int k = 0; k < 8; k++)
            Unsafe.Add(ref destination, k * stride) = value.GetElement(k);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Divide(Vector256<float> a, Vector256<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Log(Vector256<float> x) => VectorMath.Log(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Max(Vector256<float> a, Vector256<float> b) => Vector256.MaxNative(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Exp(Vector256<float> x) => VectorMath.Exp(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> FirstLanes(int count) => Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Select(Vector256<float> mask, Vector256<float> a, Vector256<float> b) => Vector256.ConditionalSelect(mask, a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MaxAcross(Vector256<float> value) => Lanes128.MaxAcross(Vector128.MaxNative(value.GetLower(), value.GetUpper()));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadPackedColumn(ref float source, int stride, int column) => LoadColumn(ref Unsafe.Add(ref source, column), stride);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> OneWhereLabelIs(ref int labels, int label) =>
        Vector256.Equals(Vector256.LoadUnsafe(ref labels), Vector256.Create(label)).AsSingle() & Vector256<float>.One;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector256<float> LoadColumn(ref float source, int stride)
    {
        if (!Avx2.IsSupported)
            return Vector256.Create(Lanes128.LoadColumn(ref source, stride), Lanes128.LoadColumn(ref Unsafe.Add(ref source, 4 * stride), stride));
        fixed (float* start = &source)
            return Avx2.GatherVector256(start, Vector256<int>.Indices * stride, sizeof(float));
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector256<float> LoadFirst(ref float source, int count)
    {
        if (count >= 8)
            return Vector256.LoadUnsafe(ref source);
        if (count <= 0)
            return Vector256<float>.Zero;
        if (!Avx.IsSupported)
            return Vector256.Create(Lanes128.LoadFirst(ref source, count), Lanes128.LoadFirst(ref Unsafe.Add(ref source, 4), count - 4));
        fixed (float* start = &source)
            return Avx.MaskLoad(start, FirstLanes(count)); // masked-off lanes are not read
    }
}

/// <summary>Vector128 of floats.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Lanes128 : ILanes<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;
    public static Vector128<float> Zero => Vector128<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Load(ref float source, nuint offset) => Vector128.LoadUnsafe(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Broadcast(float value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.MultiplyAddEstimate(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector128<float> value) => Vector128.Sum(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreSums(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d, ref float destination) => LaneSums.SumEach(a, b, c, d).StoreUnsafe(ref destination);
    /// <summary>Column by column (<see cref="LoadColumn"/>).</summary>
    public static void TransposeSquare(ref float source, int sourceStride, ref float destination, int destinationStride) =>
        StoreQuads(Vector128.LoadUnsafe(ref source), Vector128.LoadUnsafe(ref Unsafe.Add(ref source, sourceStride)),
            Vector128.LoadUnsafe(ref Unsafe.Add(ref source, 2 * sourceStride)), Vector128.LoadUnsafe(ref Unsafe.Add(ref source, 3 * sourceStride)),
            ref destination, destinationStride);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadQuads(ref float source, int stride, out Vector128<float> a, out Vector128<float> b, out Vector128<float> c, out Vector128<float> d)
    {
        var r0 = Vector128.LoadUnsafe(ref source);
        var r1 = Vector128.LoadUnsafe(ref Unsafe.Add(ref source, stride));
        var r2 = Vector128.LoadUnsafe(ref Unsafe.Add(ref source, 2 * stride));
        var r3 = Vector128.LoadUnsafe(ref Unsafe.Add(ref source, 3 * stride));
        if (Sse.IsSupported)
        {
            var t0 = Sse.UnpackLow(r0, r1).AsDouble(); // a0 a1 b0 b1
            var t1 = Sse.UnpackHigh(r0, r1).AsDouble(); // c0 c1 d0 d1
            var t2 = Sse.UnpackLow(r2, r3).AsDouble();
            var t3 = Sse.UnpackHigh(r2, r3).AsDouble();
            (a, b) = (Sse2.UnpackLow(t0, t2).AsSingle(), Sse2.UnpackHigh(t0, t2).AsSingle());
            (c, d) = (Sse2.UnpackLow(t1, t3).AsSingle(), Sse2.UnpackHigh(t1, t3).AsSingle());
            return;
        }
        a = Vector128.Create(r0.GetElement(0), r1.GetElement(0), r2.GetElement(0), r3.GetElement(0));
        b = Vector128.Create(r0.GetElement(1), r1.GetElement(1), r2.GetElement(1), r3.GetElement(1));
        c = Vector128.Create(r0.GetElement(2), r1.GetElement(2), r2.GetElement(2), r3.GetElement(2));
        d = Vector128.Create(r0.GetElement(3), r1.GetElement(3), r2.GetElement(3), r3.GetElement(3));
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreQuads(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d, ref float destination, int stride)
    {
        // A 4 × 4 transposition: interleave pairs, then halves.
        if (Sse.IsSupported)
        {
            var abLow = Sse.UnpackLow(a, b).AsDouble(); // a0 b0 a1 b1
            var abHigh = Sse.UnpackHigh(a, b).AsDouble(); // a2 b2 a3 b3
            var cdLow = Sse.UnpackLow(c, d).AsDouble();
            var cdHigh = Sse.UnpackHigh(c, d).AsDouble();
            Sse2.UnpackLow(abLow, cdLow).AsSingle().StoreUnsafe(ref destination);
            Sse2.UnpackHigh(abLow, cdLow).AsSingle().StoreUnsafe(ref Unsafe.Add(ref destination, stride));
            Sse2.UnpackLow(abHigh, cdHigh).AsSingle().StoreUnsafe(ref Unsafe.Add(ref destination, 2 * stride));
            Sse2.UnpackHigh(abHigh, cdHigh).AsSingle().StoreUnsafe(ref Unsafe.Add(ref destination, 3 * stride));
            return;
        }
        for (int k = 0; k < 4; k++)
            Vector128.Create(a.GetElement(k), b.GetElement(k), c.GetElement(k), d.GetElement(k)).StoreUnsafe(ref Unsafe.Add(ref destination, k * stride));
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreColumn(Vector128<float> value, ref float destination, int stride)
    {
        for (int k = 0; k < 4; k++)
            Unsafe.Add(ref destination, k * stride) = value.GetElement(k);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Divide(Vector128<float> a, Vector128<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Log(Vector128<float> x) => VectorMath.Log(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Max(Vector128<float> a, Vector128<float> b) => Vector128.MaxNative(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Exp(Vector128<float> x) => VectorMath.Exp(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> FirstLanes(int count) => Vector128.LessThan(Vector128<int>.Indices, Vector128.Create(count)).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Select(Vector128<float> mask, Vector128<float> a, Vector128<float> b) => Vector128.ConditionalSelect(mask, a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MaxAcross(Vector128<float> value)
    {
        var pairs = Vector128.MaxNative(value, Vector128.Shuffle(value, Vector128.Create(2, 3, 0, 1)));
        return Vector128.MaxNative(pairs, Vector128.Shuffle(pairs, Vector128.Create(1, 0, 3, 2))).ToScalar();
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LoadPackedColumn(ref float source, int stride, int column) => LoadColumn(ref Unsafe.Add(ref source, column), stride);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> OneWhereLabelIs(ref int labels, int label) =>
        Vector128.Equals(Vector128.LoadUnsafe(ref labels), Vector128.Create(label)).AsSingle() & Vector128<float>.One;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector128<float> LoadColumn(ref float source, int stride)
    {
        if (!Avx2.IsSupported)
            return Vector128.Create(source, Unsafe.Add(ref source, stride), Unsafe.Add(ref source, 2 * stride), Unsafe.Add(ref source, 3 * stride));
        fixed (float* start = &source)
            return Avx2.GatherVector128(start, Vector128<int>.Indices * stride, sizeof(float));
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector128<float> LoadFirst(ref float source, int count)
    {
        if (count >= 4)
            return Vector128.LoadUnsafe(ref source);
        if (count <= 0)
            return Vector128<float>.Zero;
        if (Avx.IsSupported)
            fixed (float* start = &source)
                return Avx.MaskLoad(start, FirstLanes(count)); // masked-off lanes are not read
        var value = Vector128.CreateScalar(source); // x86-64-v2 and Arm: the 1 to 3 floats one by one
        if (count > 1) value = value.WithElement(1, Unsafe.Add(ref source, 1));
        if (count > 2) value = value.WithElement(2, Unsafe.Add(ref source, 2));
        return value;
    }
}

/// <summary>One float: the path without hardware intrinsics, computing what the generated scalar loops did.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct LanesScalar : ILanes<float>
{
    public static int Count => 1;
    public static float Zero => 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Load(ref float source, nuint offset) => Unsafe.Add(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float value, ref float destination, nuint offset) => Unsafe.Add(ref destination, offset) = value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Broadcast(float value) => value;
    // A plain multiply and add: MathF.FusedMultiplyAdd is emulated in software where the CPU has no FMA.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MultiplyAdd(float a, float b, float c) => a * b + c;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Add(float a, float b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(float value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreSums(float a, float b, float c, float d, ref float destination)
    {
        destination = a;
        Unsafe.Add(ref destination, 1) = b;
        Unsafe.Add(ref destination, 2) = c;
        Unsafe.Add(ref destination, 3) = d;
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Subtract(float a, float b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Multiply(float a, float b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Max(float a, float b) => MathF.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MaxAcross(float value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Exp(float x) => MathF.Exp(x);
    // The mask is a float's bits: all set (a NaN) or none.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float FirstLanes(int count) => count > 0 ? BitConverter.Int32BitsToSingle(-1) : 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Select(float mask, float a, float b) => BitConverter.SingleToInt32Bits(mask) != 0 ? a : b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float LoadFirst(ref float source, int count) => count > 0 ? source : 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float LoadColumn(ref float source, int stride) => source;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float LoadPackedColumn(ref float source, int stride, int column) => Unsafe.Add(ref source, column);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float OneWhereLabelIs(ref int labels, int label) => labels == label ? 1f : 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreColumn(float value, ref float destination, int stride) => destination = value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadQuads(ref float source, int stride, out float a, out float b, out float c, out float d) =>
        (a, b, c, d) = (source, Unsafe.Add(ref source, 1), Unsafe.Add(ref source, 2), Unsafe.Add(ref source, 3));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreQuads(float a, float b, float c, float d, ref float destination, int stride)
    {
        destination = a;
        Unsafe.Add(ref destination, 1) = b;
        Unsafe.Add(ref destination, 2) = c;
        Unsafe.Add(ref destination, 3) = d;
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void TransposeSquare(ref float source, int sourceStride, ref float destination, int destinationStride) => destination = source;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Divide(float a, float b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Log(float x) => VectorMath.Log(x);
}

/// <summary>
/// A layer's elementwise activation on one width, as the generated code defines it (a small struct per layer, one formula per width), so the
/// runtime's <see cref="DenseKernels.Linear{L, V, A}"/> computes y from the accumulators it stores z from: no second pass.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IActivation<V> where V : struct
{
    /// <summary>False: the kernel stores z only (the generated code computes y in a pass of its own).</summary>
    static abstract bool StoresY { get; }
    /// <summary>y from z.</summary>
    static abstract V Apply(V z);
    /// <summary>
    /// True: the kernel's value is an input gradient, stored as the layer below's dz (<see cref="DerivativeAt"/>), not as
    /// z and y; its y reference is then the layer below's z (<see cref="StoreDerivative{L, V, G}"/>).
    /// </summary>
    static virtual bool StoresDerivative => false;
    /// <summary>dz of the layer below from its dy <paramref name="value"/> and its z (and y) at <paramref name="offset"/> from <paramref name="z"/>.</summary>
    static virtual V DerivativeAt(V value, ref float z, nuint offset) => value;
}

/// <summary>The kernel stores z only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct ZOnly<V> : IActivation<V> where V : struct
{
    public static bool StoresY => false;
    public static V Apply(V z) => z;
}

/// <summary>A layer's activation derivative on one width, as the generated code defines it beside <see cref="IActivation{V}"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IActivationGradient<V> where V : struct
{
    /// <summary>dz from the gradient <paramref name="dy"/> of the layer's output, its input <paramref name="z"/> and output <paramref name="y"/>.</summary>
    static abstract V Derivative(V dy, V z, V y);
}

/// <summary>A layer's derivative that the layer above applies as it stores the input gradient: where its y lies from its z.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IFusedActivationGradient<V> : IActivationGradient<V> where V : struct
{
    /// <summary>Floats from the layer's z to its y in the activation buffer (both rows the same stride apart).</summary>
    static abstract int YFromZ { get; }
}

/// <summary>
/// The input-gradient kernels' store when the layer below's derivative is fused into it: dz = dy ⊙ f'(z, y) of the layer
/// below, read at the same offset as the store (one pass over the delta, and one store-to-load hop, fewer per layer).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct StoreDerivative<L, V, G> : IActivation<V>
    where L : struct, ILanes<V> where V : struct where G : struct, IFusedActivationGradient<V>
{
    public static bool StoresY => false;
    public static V Apply(V z) => z;
    public static bool StoresDerivative => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V DerivativeAt(V value, ref float z, nuint offset) =>
        G.Derivative(value, L.Load(ref z, offset), L.Load(ref Unsafe.Add(ref z, G.YFromZ), offset));
}
