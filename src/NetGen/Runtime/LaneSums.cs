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
