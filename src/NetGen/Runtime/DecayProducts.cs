using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Runtime;

/// <summary>
/// <c>a·b</c> for the products an optimizer keeps taking as a value decays into the subnormals: a dead unit's Adam first
/// moment times β1 is subnormal from about step 750 (β1 0.9); so are its SGD velocity times μ and its RMSprop averages
/// times α, later. Where the CPU fuses
/// multiply-adds each is taken as <c>a·b + (-0)</c>: the same bits as the multiply (one rounding of the exact product,
/// and <c>x + (-0)</c> is x, a zero's sign included), but Zen 1 takes a multiply whose result is subnormal at about twice
/// its cost and a multiply-add's at none. A dead unit's moment never leaves the subnormals: k·2^-149·β1 rounds back to
/// k·2^-149 for small k. Measured on AMD EPYC family 23 model 1, iris's Adam step (416 floats, Vector256) in one process:
/// after 1 000 steps on one batch (42 first moments subnormal) 517-541 ns with multiplies, 452-457 with these; with no
/// moment subnormal 432-440 against 453-459 (a multiply-add's longer latency).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DecayProducts
{
    // Each overload one inlining level deep (not one calling another): the one-row Adam step inlines three of them for
    // each of up to 32 vectors into one method, and the JIT's inlining budget counts every level.
    /// <summary><c>a·b</c>, the multiply's bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Of(float a, float b) => Fma.IsSupported ? MathF.FusedMultiplyAdd(a, b, -0f) : a * b;

    /// <summary><c>a·b</c> on every lane, the multiply's bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Of(Vector512<float> a, Vector512<float> b) => Vector512.FusedMultiplyAdd(a, b, Vector512.Create(-0f)); // AVX-512 comes with FMA

    /// <summary><paramref name="negativeZero"/>: -0 on every lane, passed in so that a loop keeps it in a register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Of(Vector512<float> a, Vector512<float> b, Vector512<float> negativeZero) =>
        Fma.IsSupported ? Vector512.FusedMultiplyAdd(a, b, negativeZero) : a * b;

    /// <summary><c>a·b</c> on every lane, the multiply's bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Of(Vector256<float> a, Vector256<float> b) => Fma.IsSupported ? Vector256.FusedMultiplyAdd(a, b, Vector256.Create(-0f)) : a * b;

    /// <summary><paramref name="negativeZero"/>: -0 on every lane, passed in so that a loop keeps it in a register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Of(Vector256<float> a, Vector256<float> b, Vector256<float> negativeZero) =>
        Fma.IsSupported ? Vector256.FusedMultiplyAdd(a, b, negativeZero) : a * b;

    /// <summary><c>a·b</c> on every lane, the multiply's bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Of(Vector128<float> a, Vector128<float> b) => Fma.IsSupported ? Vector128.FusedMultiplyAdd(a, b, Vector128.Create(-0f)) : a * b;

    /// <summary><paramref name="negativeZero"/>: -0 on every lane, passed in so that a loop keeps it in a register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Of(Vector128<float> a, Vector128<float> b, Vector128<float> negativeZero) =>
        Fma.IsSupported ? Vector128.FusedMultiplyAdd(a, b, negativeZero) : a * b;
}
