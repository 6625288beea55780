using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Runtime;

/// <summary>
/// Square roots of sixteen floats on the multiply-add units instead of the divider, the bits of <see cref="Vector512.Sqrt{T}(Vector512{T})"/>
/// (IEEE, correctly rounded). Adam's update takes a root and a division a vector, both on the divider (on Intel's cores
/// about 12 and 10 cycles a 512-bit vector). A one-row step (<see cref="AdamRegisterStep{H}"/>) is a run of such updates with
/// little else to do: every other vector's root taken here leaves the divider the division alone for it. Iris's one-row
/// step against the fast reference (duel, three processes each, Xeon family 6 model 207): 1.08-1.10 → 1.01-1.03 (the
/// reference then took the same root, fast_reference.md); every vector's root here 1.07-1.14 (the multiply-add units
/// then bound it). Not taken in the batch steps' passes over the
/// buffers: there the step overlaps the next layer's backward, whose multiply-adds it would slow (iris's batch of 16 and
/// digits' of 32 no faster, digits' step interleaved with its weight gradient 8 % slower). AMD's Zen 4 runs a 512-bit
/// multiply-add a cycle and keeps the divider (<see cref="Preferred"/>).
/// </summary>
/// <remarks>
/// The root: y ≈ 1/√w from vrsqrt14ps (relative error below 2^-14), one Newton step on the pair s ≈ √w, h ≈ 1/(2√w), then
/// s + (w - s²)·h with w - s² exact in one FMA (Markstein's correction). It rounds correctly where w - s² stays normal:
/// every w in [2^-101, 2^128), tested on all of them; below, the remainder loses bits. So w = v·2^64 (exact) and the root
/// is scaled back by 2^-32 (exact: √v ≥ 2^-75 is normal): every v in [0, 2^64) is exact, zero through a clamp that leaves
/// y finite. Other v (≥ 2^64, infinite, NaN, negative: none in a step that did not diverge) take the divider's sqrt.
/// FmaSqrtTests compare all 1 602 224 128 floats of [0, 2^64) with the hardware's, also with y perturbed by up to 2^-13
/// (another CPU's vrsqrt14ps table may differ within its bound).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class FmaSqrt
{
    /// <summary>
    /// Whether Adam's steps take <see cref="Of"/>: where AVX-512F is, on CPUs other than AMD's. The AppContext switch
    /// <c>NetGen.Runtime.FmaSqrt</c> decides instead where it is set (the numerics tests set it, so the path runs on every
    /// AVX-512 CPU); the bits are the same either way.
    /// </summary>
    internal static readonly bool Preferred = Avx512F.IsSupported &&
        (AppContext.TryGetSwitch("NetGen.Runtime.FmaSqrt", out bool set) ? set : !Cpu.IsAmd());

    // Bits of 2^64, the first input the scaled root cannot take; every uint below it is +0 or a finite float in [0, 2^64).
    private const uint TwoTo64Bits = (127 + 64) << 23;
    // Powers of two, exact as literals. Constants, not static readonly: code compiled before the class is initialized
    // (Native AOT, or the JIT without tiering) checks a static's class inside the loop, a call that spills its vectors.
    private const float TwoTo64 = 18446744073709551616f;
    private const float TwoToMinus32 = 2.3283064365386963e-10f;
    private const float TwoToMinus86 = 1.2924697071141057e-26f; // below the least nonzero w, 2^-85

    // Written flat, no helper methods: the root is inlined into each of a one-row step's dozens of updates, and every
    // level of inlining spends the JIT's budget for that method (one level more each left an update a call).
    /// <summary>√v on every lane, the bits of <see cref="Vector512.Sqrt{T}(Vector512{T})"/>; needs AVX-512F.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Of(Vector512<float> v)
    {
        if (!Vector512.LessThanAll(v.AsUInt32(), Vector512.Create(TwoTo64Bits)))
            return Vector512.Sqrt(v);
        var w = v * Vector512.Create(TwoTo64);
        return Refined(w, Avx512F.ReciprocalSqrt14(Vector512.Max(w, Vector512.Create(TwoToMinus86)))); // w = 0: y finite, s = 0·y = 0
    }

    /// <summary><see cref="Of(Vector512{float})"/> on v in [0, 2^64) with the estimate of 1/√w times <paramref name="perturbation"/> (tests: another CPU's table).</summary>
    public static Vector512<float> OfPerturbed(Vector512<float> v, Vector512<float> perturbation)
    {
        var w = v * Vector512.Create(TwoTo64);
        return Refined(w, Avx512F.ReciprocalSqrt14(Vector512.Max(w, Vector512.Create(TwoToMinus86))) * perturbation);
    }

    /// <summary>√w·2^-32 from y ≈ 1/√w: a Newton step on s ≈ √w and h ≈ 1/(2√w), then Markstein's correction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Refined(Vector512<float> w, Vector512<float> y)
    {
        var half = Vector512.Create(0.5f);
        var s = w * y;
        var h = y * half;
        var r = Avx512F.FusedMultiplyAddNegated(s, h, half); // 1/2 - s·h
        s = Avx512F.FusedMultiplyAdd(s, r, s);
        h = Avx512F.FusedMultiplyAdd(h, r, h);
        var remainder = Avx512F.FusedMultiplyAddNegated(s, s, w); // w - s², exact
        return Avx512F.FusedMultiplyAdd(remainder, h, s) * Vector512.Create(TwoToMinus32);
    }
}
