using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Runtime;

/// <summary>
/// Sums across lanes: of four vectors at once, for the input-gradient dot products (the four sums land in
/// one <see cref="Vector128{T}"/>, ready to store as four neighbouring floats), and of one vector onto every
/// lane, for the z of a one-unit layer.
/// The BCL's <c>Vector512.Sum</c> reduces each 128-bit lane on its own (about 25 instructions a vector
/// on x64); here each vector is folded in halves (512 → 256 → 128 bits), then the four 128-bit rests
/// are transposed and added together: about 6 instructions a sum. The grouping of the additions is
/// fixed, so results are the same run to run.
/// </summary>
public static class LaneSums
{
    /// <summary><c>[Σa, Σb, Σc, Σd]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> SumEach(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d) =>
        SumEach(Fold(a), Fold(b), Fold(c), Fold(d));

    /// <summary><c>[Σa, Σb, Σc, Σd]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> SumEach(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d) =>
        SumEach(Fold(a), Fold(b), Fold(c), Fold(d));

    /// <summary><c>[Σa, Σb, Σc, Σd]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> SumEach(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d)
    {
        if (Sse.IsSupported)
        {
            // [a0+a2, b0+b2, a1+a3, b1+b3] and the same for c, d; then the low halves plus the high halves.
            Vector128<float> ab = Sse.UnpackLow(a, b) + Sse.UnpackHigh(a, b);
            Vector128<float> cd = Sse.UnpackLow(c, d) + Sse.UnpackHigh(c, d);
            return Sse.MoveLowToHigh(ab, cd) + Sse.MoveHighToLow(cd, ab);
        }
        return Vector128.Create(Vector128.Sum(a), Vector128.Sum(b), Vector128.Sum(c), Vector128.Sum(d));
    }

    /// <summary>
    /// <c>[Σv0, Σv1, …, Σv15]</c>: sixteen sums in one vector, each grouped as <see cref="SumEach(Vector512{float}, Vector512{float}, Vector512{float}, Vector512{float})"/>
    /// groups it (lanes 8 apart added first, then 4, 2 and 1 apart), so the bits are the same. Pairs of vectors are added
    /// at each level, a 512-bit shuffle pair a level instead of each vector's own folds: 45 instructions where four
    /// <c>SumEach</c> take about 100 (a one-row training pass's input gradient of a 16-input layer on Vector512).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> SumEach(
        Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3,
        Vector512<float> v4, Vector512<float> v5, Vector512<float> v6, Vector512<float> v7,
        Vector512<float> v8, Vector512<float> v9, Vector512<float> v10, Vector512<float> v11,
        Vector512<float> v12, Vector512<float> v13, Vector512<float> v14, Vector512<float> v15)
    {
        if (!Avx512F.IsSupported)
            return Vector512.Create(Vector256.Create(SumEach(v0, v1, v2, v3), SumEach(v4, v5, v6, v7)), Vector256.Create(SumEach(v8, v9, v10, v11), SumEach(v12, v13, v14, v15)));
        // The tree leaves sum k of its inputs at lane 4·(k mod 4) + k / 4: the inputs go in that order, the sums come out in theirs.
        var e0 = Halves(Eighths(v0, v4), Eighths(v8, v12));
        var e1 = Halves(Eighths(v1, v5), Eighths(v9, v13));
        var e2 = Halves(Eighths(v2, v6), Eighths(v10, v14));
        var e3 = Halves(Eighths(v3, v7), Eighths(v11, v15));
        // Within each 128-bit lane: 2 apart (as SumEach's unpacks), then 1 apart (its moves of halves).
        var g0 = Avx512F.UnpackLow(e0, e1) + Avx512F.UnpackHigh(e0, e1);
        var g1 = Avx512F.UnpackLow(e2, e3) + Avx512F.UnpackHigh(e2, e3);
        return Avx512F.Shuffle(g0, g1, 0x44) + Avx512F.Shuffle(g0, g1, 0xEE);
    }

    /// <summary>Lanes 8 apart added: a's eight sums, then b's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Eighths(Vector512<float> a, Vector512<float> b) =>
        Avx512F.Shuffle4x128(a, b, 0x44) + Avx512F.Shuffle4x128(a, b, 0xEE);

    /// <summary>Lanes 4 apart of two <see cref="Eighths"/> added: four sums each of their four vectors, a 128-bit lane each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Halves(Vector512<float> c, Vector512<float> d) =>
        Avx512F.Shuffle4x128(c, d, 0x88) + Avx512F.Shuffle4x128(c, d, 0xDD);

    /// <summary>
    /// Σv on every lane: the dot product of a one-unit layer (its z). Two swaps and two adds at 128 bits, so the
    /// sum needs no broadcast afterwards; the lanes agree bit for bit (each adds the same two partial sums).
    /// Grouping: ((v0 + v2) + (v1 + v3)), after folding wider vectors in halves.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> SumInEveryLane(Vector128<float> v)
    {
        Vector128<float> pairs = v + Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1));
        return pairs + Vector128.Shuffle(pairs, Vector128.Create(1, 0, 3, 2));
    }

    /// <inheritdoc cref="SumInEveryLane(Vector128{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SumInEveryLane(Vector256<float> v)
    {
        Vector128<float> sum = SumInEveryLane(Fold(v));
        return Vector256.Create(sum, sum);
    }

    /// <inheritdoc cref="SumInEveryLane(Vector128{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> SumInEveryLane(Vector512<float> v)
    {
        Vector128<float> sum = SumInEveryLane(Fold(Fold(v)));
        Vector256<float> half = Vector256.Create(sum, sum);
        return Vector512.Create(half, half);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Fold(Vector512<float> v) => v.GetLower() + v.GetUpper();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Fold(Vector256<float> v) => v.GetLower() + v.GetUpper();
}
