using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Activation functions for every SIMD width the generated code uses. The vector forms agree
/// with the scalar ones to a few float32 ulps (tested): tanh uses an odd polynomial below
/// |x| = 0.625 (Cephes tanhf coefficients) so small inputs keep full relative precision, and
/// <c>1 - 2 / (e^2|x| + 1)</c> above it; both saturate cleanly to ±1 and 0/1.
/// </summary>
public static class VectorMath
{
    /// <summary>Hyperbolic tangent.</summary>
    public static float Tanh(float x) => MathF.Tanh(x);
    /// <summary>Hyperbolic tangent of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Tanh(Vector128<float> x) => TanhCore(new Simd128(x)).Value;
    /// <summary>Hyperbolic tangent of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Tanh(Vector256<float> x) => TanhCore(new Simd256(x)).Value;
    /// <summary>Hyperbolic tangent of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Tanh(Vector512<float> x) => TanhCore(new Simd512(x)).Value;

    /// <summary>Logistic sigmoid <c>1 / (1 + e^-x)</c>.</summary>
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
    /// <summary>Logistic sigmoid of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Sigmoid(Vector128<float> x) => SigmoidCore(new Simd128(x)).Value;
    /// <summary>Logistic sigmoid of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Sigmoid(Vector256<float> x) => SigmoidCore(new Simd256(x)).Value;
    /// <summary>Logistic sigmoid of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Sigmoid(Vector512<float> x) => SigmoidCore(new Simd512(x)).Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T SigmoidCore<T>(T x) where T : struct, ISimdLane<T>
    {
        // e^-x overflows to +inf below x = -88.7; 1 / (1 + inf) = 0, the right limit.
        T one = T.Create(1f);
        return one / (one + T.Exp(T.Create(0f) - x));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T TanhCore<T>(T x) where T : struct, ISimdLane<T>
    {
        // Small |x|: x + x³·P(x²), no cancellation.
        T x2 = x * x;
        T p = T.MultiplyAdd(T.Create(-5.70498872745e-3f), x2, T.Create(2.06390887954e-2f));
        p = T.MultiplyAdd(p, x2, T.Create(-5.37397155531e-2f));
        p = T.MultiplyAdd(p, x2, T.Create(1.33314422036e-1f));
        p = T.MultiplyAdd(p, x2, T.Create(-3.33332819422e-1f));
        T small = T.MultiplyAdd(p * x2, x, x);
        // Large |x|: 1 - 2 / (e^(2|x|) + 1); e^(2|x|) = inf gives exactly 1.
        T one = T.Create(1f);
        T e = T.Exp(T.Abs(x) + T.Abs(x));
        T large = T.CopySign(one - T.Create(2f) / (e + one), x);
        return T.SelectWhereAbsLess(x, 0.625f, small, large);
    }
}
