using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Activation functions for every SIMD width the generated code uses (the float overloads are the
/// scalar path, the same code at width 1 unless noted). The vector forms agree
/// with the scalar ones to a few float32 ulps (tested): tanh is a fitted rational x·P(x²)/Q(x²)
/// on x clamped to ±9.02 (within 6 ulps; docs/numerics/fit_tanh.py), which keeps small inputs'
/// relative precision and saturates cleanly to ±1; sigmoid saturates cleanly to 0 and 1.
/// </summary>
public static class VectorMath
{
    /// <summary>e^x (the runtime's <see cref="MathF.Exp"/>).</summary>
    public static float Exp(float x) => MathF.Exp(x);
    /// <summary>e^x of each element, within 4 float32 ulps of the exact value (tested; see <see cref="ExpCore{T}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Exp(Vector128<float> x) => ExpCore(new Simd128(x)).Value;
    /// <summary>e^x of each element, within 4 float32 ulps of the exact value (tested; see <see cref="ExpCore{T}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Exp(Vector256<float> x) => ExpCore(new Simd256(x)).Value;
    /// <summary>e^x of each element, within 4 float32 ulps of the exact value (tested; see <see cref="ExpCore{T}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Exp(Vector512<float> x) => ExpCore(new Simd512(x)).Value;

    /// <summary>Hyperbolic tangent.</summary>
    public static float Tanh(float x) => MathF.Tanh(x);
    /// <summary>Hyperbolic tangent of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Tanh(Vector128<float> x) => TanhCore(new Simd128(x)).Value;
    /// <summary>Hyperbolic tangent of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Tanh(Vector256<float> x) => TanhCore(new Simd256(x)).Value;
    /// <summary>Hyperbolic tangent of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Tanh(Vector512<float> x) => TanhCore(new Simd512(x)).Value;

    /// <summary>Natural log, <see cref="LogCore{T}"/> on one float: inlined, where <see cref="MathF.Log(float)"/> is a call into the C runtime.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Log(float x) => LogCore(new SimdScalar(x)).Value;
    /// <summary>Natural log of each element, within 2 float32 ulps (tested; see <see cref="LogCore{T}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Log(Vector128<float> x) => LogCore(new Simd128(x)).Value;
    /// <summary>Natural log of each element, within 2 float32 ulps (tested; see <see cref="LogCore{T}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Log(Vector256<float> x) => LogCore(new Simd256(x)).Value;
    /// <summary>Natural log of each element, within 2 float32 ulps (tested; see <see cref="LogCore{T}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Log(Vector512<float> x) => LogCore(new Simd512(x)).Value;

    /// <summary>Logistic sigmoid <c>1 / (1 + e^-x)</c>.</summary>
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
    /// <summary>Logistic sigmoid of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Sigmoid(Vector128<float> x) => SigmoidCore(new Simd128(x)).Value;
    /// <summary>Logistic sigmoid of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Sigmoid(Vector256<float> x) => SigmoidCore(new Simd256(x)).Value;
    /// <summary>Logistic sigmoid of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Sigmoid(Vector512<float> x) => SigmoidCore(new Simd512(x)).Value;

    /// <summary>GELU, exact form: <c>z Φ(z)</c>, Φ from an erfc with relative error below 1.2e-7.</summary>
    public static float Gelu(float x) => GeluCore(new SimdScalar(x)).Value;
    /// <summary>Gelu of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Gelu(Vector128<float> x) => GeluCore(new Simd128(x)).Value;
    /// <summary>Gelu of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Gelu(Vector256<float> x) => GeluCore(new Simd256(x)).Value;
    /// <summary>Gelu of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Gelu(Vector512<float> x) => GeluCore(new Simd512(x)).Value;

    /// <summary>Derivative of <see cref="Gelu(float)"/>: <c>Φ(z) + z φ(z)</c>.</summary>
    public static float GeluDerivative(float x) => GeluDerivativeCore(new SimdScalar(x)).Value;
    /// <summary>GeluDerivative of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> GeluDerivative(Vector128<float> x) => GeluDerivativeCore(new Simd128(x)).Value;
    /// <summary>GeluDerivative of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> GeluDerivative(Vector256<float> x) => GeluDerivativeCore(new Simd256(x)).Value;
    /// <summary>GeluDerivative of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> GeluDerivative(Vector512<float> x) => GeluDerivativeCore(new Simd512(x)).Value;

    /// <summary>GELU, tanh approximation: <c>z (1 + tanh(√(2/π)(z + 0.044715 z³))) / 2</c>.</summary>
    public static float GeluTanh(float x) => GeluTanhCore(new SimdScalar(x)).Value;
    /// <summary>GeluTanh of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> GeluTanh(Vector128<float> x) => GeluTanhCore(new Simd128(x)).Value;
    /// <summary>GeluTanh of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> GeluTanh(Vector256<float> x) => GeluTanhCore(new Simd256(x)).Value;
    /// <summary>GeluTanh of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> GeluTanh(Vector512<float> x) => GeluTanhCore(new Simd512(x)).Value;

    /// <summary>Derivative of <see cref="GeluTanh(float)"/>.</summary>
    public static float GeluTanhDerivative(float x) => GeluTanhDerivativeCore(new SimdScalar(x)).Value;
    /// <summary>GeluTanhDerivative of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> GeluTanhDerivative(Vector128<float> x) => GeluTanhDerivativeCore(new Simd128(x)).Value;
    /// <summary>GeluTanhDerivative of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> GeluTanhDerivative(Vector256<float> x) => GeluTanhDerivativeCore(new Simd256(x)).Value;
    /// <summary>GeluTanhDerivative of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> GeluTanhDerivative(Vector512<float> x) => GeluTanhDerivativeCore(new Simd512(x)).Value;

    /// <summary><c>log(1 + e^z)</c>, computed as <c>max(z, 0) + log1p(e^-|z|)</c>; <c>z</c> itself above 20 (torch.nn.Softplus).</summary>
    public static float Softplus(float x) => SoftplusCore(new SimdScalar(x)).Value;
    /// <summary>Softplus of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Softplus(Vector128<float> x) => SoftplusCore(new Simd128(x)).Value;
    /// <summary>Softplus of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Softplus(Vector256<float> x) => SoftplusCore(new Simd256(x)).Value;
    /// <summary>Softplus of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Softplus(Vector512<float> x) => SoftplusCore(new Simd512(x)).Value;

    /// <summary><c>z tanh(softplus(z))</c>.</summary>
    public static float Mish(float x) => MishCore(new SimdScalar(x)).Value;
    /// <summary>Mish of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Mish(Vector128<float> x) => MishCore(new Simd128(x)).Value;
    /// <summary>Mish of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Mish(Vector256<float> x) => MishCore(new Simd256(x)).Value;
    /// <summary>Mish of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Mish(Vector512<float> x) => MishCore(new Simd512(x)).Value;

    /// <summary>Derivative of <see cref="Mish(float)"/>: <c>t + z (1 - t²) σ(z)</c>, t = tanh(softplus(z)).</summary>
    public static float MishDerivative(float x) => MishDerivativeCore(new SimdScalar(x)).Value;
    /// <summary>MishDerivative of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> MishDerivative(Vector128<float> x) => MishDerivativeCore(new Simd128(x)).Value;
    /// <summary>MishDerivative of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> MishDerivative(Vector256<float> x) => MishDerivativeCore(new Simd256(x)).Value;
    /// <summary>MishDerivative of each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> MishDerivative(Vector512<float> x) => MishDerivativeCore(new Simd512(x)).Value;
    /// <summary>Φ(z), the standard normal CDF, from erfc(|z|/√2) (Numerical Recipes' erfcc: relative error below 1.2e-7), so tails keep their precision.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T NormalCdf<T>(T z) where T : struct, ISimdLane<T>
    {
        T x = T.Abs(z) * T.Create(0.70710678118654752f);
        T t = T.Create(1f) / (T.Create(1f) + T.Create(0.5f) * x);
        T p = T.MultiplyAdd(T.Create(0.17087277f), t, T.Create(-0.82215223f));
        p = T.MultiplyAdd(p, t, T.Create(1.48851587f));
        p = T.MultiplyAdd(p, t, T.Create(-1.13520398f));
        p = T.MultiplyAdd(p, t, T.Create(0.27886807f));
        p = T.MultiplyAdd(p, t, T.Create(-0.18628806f));
        p = T.MultiplyAdd(p, t, T.Create(0.09678418f));
        p = T.MultiplyAdd(p, t, T.Create(0.37409196f));
        p = T.MultiplyAdd(p, t, T.Create(1.00002368f));
        p = T.MultiplyAdd(p, t, T.Create(-1.26551223f));
        T halfErfc = T.Create(0.5f) * t * T.Exp(p - x * x);
        // Φ(z) = erfc(-z/√2) / 2: 1 - halfErfc for z > 0.
        return T.SelectWhereGreater(z, 0f, T.Create(1f) - halfErfc, halfErfc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T GeluCore<T>(T z) where T : struct, ISimdLane<T> => z * NormalCdf(z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T GeluDerivativeCore<T>(T z) where T : struct, ISimdLane<T>
    {
        T density = T.Create(0.39894228040143268f) * T.Exp(T.Create(-0.5f) * z * z);
        return T.MultiplyAdd(z, density, NormalCdf(z));
    }

    private const float GeluTanhScale = 0.79788456080286536f, GeluTanhCubic = 0.044715f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T GeluTanhCore<T>(T z) where T : struct, ISimdLane<T>
    {
        T inner = T.Create(GeluTanhScale) * T.MultiplyAdd(T.Create(GeluTanhCubic) * z, z * z, z);
        return T.Create(0.5f) * z * (T.Create(1f) + TanhCore(inner));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T GeluTanhDerivativeCore<T>(T z) where T : struct, ISimdLane<T>
    {
        T z2 = z * z;
        T t = TanhCore(T.Create(GeluTanhScale) * T.MultiplyAdd(T.Create(GeluTanhCubic) * z, z2, z));
        T innerSlope = T.Create(GeluTanhScale) * T.MultiplyAdd(T.Create(3f * GeluTanhCubic), z2, T.Create(1f));
        T half = T.Create(0.5f);
        return half * (T.Create(1f) + t) + half * z * (T.Create(1f) - t * t) * innerSlope;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T SoftplusCore<T>(T z) where T : struct, ISimdLane<T>
    {
        T u = T.Exp(T.Create(0f) - T.Abs(z)); // in (0, 1]
        T w = T.Create(1f) + u;
        T d = w - T.Create(1f);
        // log1p(u) without losing u when 1 + u rounds: log(w) · u / (w - 1) (Goldberg).
        T log1p = T.SelectWhereGreater(d, 0f, T.Log(w) * (u / d), u);
        T soft = T.Max(z, T.Create(0f)) + log1p;
        return T.SelectWhereGreater(z, NetworkDefaults.SoftplusThreshold, z, soft);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T MishCore<T>(T z) where T : struct, ISimdLane<T> => z * TanhCore(SoftplusCore(z));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T MishDerivativeCore<T>(T z) where T : struct, ISimdLane<T>
    {
        T t = TanhCore(SoftplusCore(z));
        return t + z * (T.Create(1f) - t * t) * SigmoidCore(z);
    }

    /// <summary>1.5 · 2^23: adding it to a float of magnitude below 2^22 rounds it to an integer held in the low mantissa bits.</summary>
    internal const float RoundingShift = 12582912f;
    /// <summary>The bits of <see cref="RoundingShift"/>: subtracted from the sum's bits, they leave that integer.</summary>
    internal const int RoundingShiftBits = 0x4B400000;

    /// <summary>
    /// e^x in float32 throughout (the BCL's vector Exp widens to double: twice the work and, at 512
    /// bits, a call): Cephes expf. x = n ln 2 + r with n = round(x / ln 2) and ln 2 in two parts
    /// (Cody–Waite; n · 0.693359375 is exact), e^r from a degree-5 polynomial on |r| ≤ ln 2 / 2, then
    /// scaled by 2^n with one rounding, so large x overflows to ∞ and small x underflows gradually
    /// (<see cref="ISimdLane{TSelf}.ScaleByPowerOfTwo"/>: AVX-512's vscalefps, else two exact steps).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T ExpCore<T>(T x) where T : struct, ISimdLane<T>
    {
        x = T.Clamp(x, -104f, 89f); // beyond, e^x is 0 or ∞ in float32 already
        T shift = T.Create(RoundingShift);
        T n = T.MultiplyAdd(x, T.Create(1.44269504088896341f), shift) - shift;
        T r = T.MultiplyAdd(n, T.Create(-0.693359375f), x);
        r = T.MultiplyAdd(n, T.Create(2.12194440e-4f), r);
        // The polynomial in Estrin's form: three independent pairs, then two steps in r², a chain of 3 FMAs
        // instead of Horner's 5 (tanh and sigmoid are on the critical path of a small network's prediction).
        T r2 = r * r;
        T p01 = T.MultiplyAdd(T.Create(1.6666665459e-1f), r, T.Create(5.0000001201e-1f));
        T p23 = T.MultiplyAdd(T.Create(8.3334519073e-3f), r, T.Create(4.1665795894e-2f));
        T p45 = T.MultiplyAdd(T.Create(1.9875691500e-4f), r, T.Create(1.3981999507e-3f));
        T p = T.MultiplyAdd(T.MultiplyAdd(p45, r2, p23), r2, p01);
        T e = T.MultiplyAdd(p, r2, r) + T.Create(1f);
        return T.ScaleByPowerOfTwo(e, n);
    }

    /// <summary>
    /// e^-x, <see cref="ExpCore{T}"/> with the negation folded into its constants: with s = -r, e^r = (1 - s) + s²·P(-s),
    /// P's odd coefficients negated. A sigmoid's exponent no longer waits for a subtraction, and 1 - s is ready
    /// before the polynomial, so the last step is one FMA instead of an FMA and an add (latency of a small network's
    /// prediction). Accurate to within 4 ulps, as ExpCore (tested through Sigmoid).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T ExpOfNegatedCore<T>(T x) where T : struct, ISimdLane<T>
    {
        x = T.Clamp(x, -89f, 104f); // -x within ExpCore's range
        T shift = T.Create(RoundingShift);
        T n = T.MultiplyAdd(x, T.Create(-1.44269504088896341f), shift) - shift; // round(-x / ln 2)
        T s = T.MultiplyAdd(n, T.Create(0.693359375f), x); // s = -r: x + n ln 2, in two parts
        s = T.MultiplyAdd(n, T.Create(-2.12194440e-4f), s);
        T s2 = s * s;
        T p01 = T.MultiplyAdd(T.Create(-1.6666665459e-1f), s, T.Create(5.0000001201e-1f));
        T p23 = T.MultiplyAdd(T.Create(-8.3334519073e-3f), s, T.Create(4.1665795894e-2f));
        T p45 = T.MultiplyAdd(T.Create(-1.9875691500e-4f), s, T.Create(1.3981999507e-3f));
        T p = T.MultiplyAdd(T.MultiplyAdd(p45, s2, p23), s2, p01);
        T e = T.MultiplyAdd(p, s2, T.Create(1f) - s);
        return T.ScaleByPowerOfTwo(e, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T SigmoidCore<T>(T x) where T : struct, ISimdLane<T>
    {
        // e^-x overflows to +inf below x = -88.7; 1 / (1 + inf) = 0, the right limit.
        T one = T.Create(1f);
        return one / (one + ExpOfNegatedCore(x));
    }

    /// <summary>
    /// log x in float32, inlined (the BCL's vector Log is a call, which spills every live vector register): Cephes
    /// logf. x = f·2^e with f in [√½, √2), log(1 + (f - 1)) from a polynomial of 9 coefficients, e·ln 2 added in two parts
    /// (Cody–Waite). Subnormals are scaled into the normal range first; 0 gives -∞, +∞ gives +∞, negatives and NaN give NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T LogCore<T>(T x) where T : struct, ISimdLane<T>
    {
        const float SmallestNormal = 1.17549435e-38f;
        T scaled = T.SelectWhereGreater(x, SmallestNormal, x, x * T.Create(8388608f)); // subnormals × 2^23
        T m = T.SplitExponent(scaled, out T e);
        e = e + T.SelectWhereGreater(x, SmallestNormal, T.Create(0f), T.Create(-23f));
        // f = m - 1 for m below √2, else m/2 - 1 with e + 1: f in [√½ - 1, √2 - 1).
        T f = T.SelectWhereGreater(m, 1.41421356f, m * T.Create(0.5f), m) - T.Create(1f);
        e = T.SelectWhereGreater(m, 1.41421356f, e + T.Create(1f), e);
        T z = f * f;
        // The degree-8 polynomial by Estrin's scheme: pairs in f, then pairs in f², then f⁴: a chain of 3 FMAs after f²
        // where Horner's was 8 FMAs (the softmax loss waits on this log); 0.84 ulp at worst over 10.7 million inputs, Horner's 0.82.
        T z2 = z * z;
        T p01 = T.MultiplyAdd(T.Create(-2.4999993993e-1f), f, T.Create(3.3333331174e-1f));
        T p23 = T.MultiplyAdd(T.Create(-1.6668057665e-1f), f, T.Create(2.0000714765e-1f));
        T p45 = T.MultiplyAdd(T.Create(-1.2420140846e-1f), f, T.Create(1.4249322787e-1f));
        T p67 = T.MultiplyAdd(T.Create(-1.1514610310e-1f), f, T.Create(1.1676998740e-1f));
        T p678 = T.MultiplyAdd(T.Create(7.0376836292e-2f), z, p67);
        T y = T.MultiplyAdd(T.MultiplyAdd(p678, z, p45), z2, T.MultiplyAdd(p23, z, p01));
        y = y * f * z;
        y = T.MultiplyAdd(e, T.Create(-2.12194440e-4f), y);
        y = T.MultiplyAdd(z, T.Create(-0.5f), y);
        T log = T.MultiplyAdd(e, T.Create(0.693359375f), f + y);
        // x ≤ 0 or NaN: -∞ at ±0, else NaN; +∞ stays +∞.
        T special = T.SelectWhereAbsLess(x, float.Epsilon, T.Create(float.NegativeInfinity), T.Create(float.NaN));
        return T.SelectWhereGreater(x, float.MaxValue, x, T.SelectWhereGreater(x, 0f, log, special));
    }

    /// <summary>|x| beyond which tanh x rounds to ±1 in float32 (1 - tanh 9.02 is below half an ulp of 1).</summary>
    private const float TanhSaturation = 9.02f;

    /// <summary>
    /// tanh x as <c>x·P(x²)/Q(x²)</c> on x clamped to ±<see cref="TanhSaturation"/>: a degree-6/degree-3 rational
    /// fitted for minimal relative error on [0, 9.02] (6.8e-9 in exact arithmetic; <c>docs/numerics/fit_tanh.py</c>
    /// reproduces the coefficients). One branch and one division instead of an exp, a division and a blend, so a
    /// small network's prediction waits on half the latency. Float32 evaluation keeps it within 6 ulps (tested;
    /// Eigen's rational tanh measures 4.8); odd by construction, exact at 0, NaN passes through.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T TanhCore<T>(T x) where T : struct, ISimdLane<T>
    {
        x = T.Clamp(x, -TanhSaturation, TanhSaturation);
        T t = x * x, t2 = t * t;
        // x·P as x·(p0 + p1 t) + x t²·R(t), R by pairs in t combined in t²: 2 FMAs after t² and one for the sum, no
        // multiplication by x after P (the chain a one-row step waits on: 3 cycles shorter than x · Horner-in-t²; 4.74
        // ulps at worst where that was 4.69, docs/numerics/fit_tanh.py; exactly ±1 at the clamp, where that was 1 ulp off).
        T p01 = T.MultiplyAdd(T.Create(1.3083157e-1f), t, T.Create(1f));
        T p23 = T.MultiplyAdd(T.Create(1.1144248e-5f), t, T.Create(3.1030015e-3f));
        T p45 = T.MultiplyAdd(T.Create(5.2577043e-11f), t, T.Create(-2.0183876e-8f));
        T r = T.MultiplyAdd(T.MultiplyAdd(T.Create(-8.435782e-14f), t2, p45), t2, p23);
        T xp = T.MultiplyAdd(x * t2, r, x * p01);
        T q = T.MultiplyAdd(
            T.MultiplyAdd(T.Create(2.5447508e-4f), t, T.Create(2.4491383e-2f)), t2,
            T.MultiplyAdd(T.Create(4.6416485e-1f), t, T.Create(1f)));
        return xp / q;
    }
}
