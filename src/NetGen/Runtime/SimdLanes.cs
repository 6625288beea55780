using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Runtime;

/// <summary>
/// One SIMD width seen as a number type, so each runtime kernel is written once and specialized
/// per width by the JIT or AOT compiler (struct type arguments get their own code; every member
/// inlines). <see cref="SimdScalar"/> is the width-1 fallback.
/// </summary>
internal interface ISimdLane<TSelf> where TSelf : struct, ISimdLane<TSelf>
{
    static abstract int Count { get; }
    static abstract TSelf Load(ref float source, nuint offset);
    static abstract void Store(TSelf value, ref float destination, nuint offset);
    static abstract TSelf Create(float value);
    static abstract TSelf operator +(TSelf left, TSelf right);
    static abstract TSelf operator -(TSelf left, TSelf right);
    static abstract TSelf operator *(TSelf left, TSelf right);
    static abstract TSelf operator /(TSelf left, TSelf right);
    /// <summary><c>a·b + c</c>, fused where the CPU has FMA, a multiply and an add otherwise (never emulated).</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);
    /// <summary><c>a·b</c> where it may decay into the subnormals (<see cref="DecayProducts"/>); <paramref name="negativeZero"/> is -0 on every lane.</summary>
    static abstract TSelf DecayProduct(TSelf a, TSelf b, TSelf negativeZero);
    static abstract TSelf Min(TSelf left, TSelf right);
    static abstract TSelf Max(TSelf left, TSelf right);
    static abstract TSelf Abs(TSelf value);
    static abstract TSelf Sqrt(TSelf value);
    /// <summary>Whether <see cref="SqrtOnMultiplyAdds"/> takes the root off the divider here (<see cref="FmaSqrt.Preferred"/> on Vector512).</summary>
    static virtual bool HasSqrtOnMultiplyAdds => false;
    /// <summary><see cref="Sqrt"/>'s bits, on the multiply-add units where <see cref="HasSqrtOnMultiplyAdds"/> (<see cref="FmaSqrt"/>).</summary>
    static virtual TSelf SqrtOnMultiplyAdds(TSelf value) => TSelf.Sqrt(value);
    /// <summary>e^x, <see cref="VectorMath"/>'s float32 algorithm on vectors (the runtime's own on the scalar lane).</summary>
    static abstract TSelf Exp(TSelf value);
    /// <summary>Per element: <paramref name="value"/> limited to [low, high]; NaN stays NaN.</summary>
    static abstract TSelf Clamp(TSelf value, float low, float high);
    /// <summary>Per element: <c>x · 2^n</c> for an integral <paramref name="n"/> in [-252, 254], rounded once (so it overflows to ∞ and underflows gradually): AVX-512's vscalefps, else two exact powers of two.</summary>
    static abstract TSelf ScaleByPowerOfTwo(TSelf x, TSelf n);
    static abstract TSelf Log(TSelf value);
    /// <summary>For x &gt; 0 normal: its significand in [1, 2), and its unbiased binary exponent as a float in <paramref name="exponent"/>.</summary>
    static abstract TSelf SplitExponent(TSelf x, out TSelf exponent);
    /// <summary>Per element: <paramref name="whenTrue"/> where <c>|x| &lt; limit</c>, else <paramref name="whenFalse"/>.</summary>
    static abstract TSelf SelectWhereAbsLess(TSelf x, float limit, TSelf whenTrue, TSelf whenFalse);
    /// <summary>Per element: <paramref name="whenTrue"/> where <c>x &gt; limit</c>, else <paramref name="whenFalse"/>.</summary>
    static abstract TSelf SelectWhereGreater(TSelf x, float limit, TSelf whenTrue, TSelf whenFalse);
    /// <summary>The magnitude of <paramref name="magnitude"/> with the sign of <paramref name="sign"/>.</summary>
    static abstract TSelf CopySign(TSelf magnitude, TSelf sign);
    static abstract float Sum(TSelf value);
    // Masks (every bit of an element set, or none) for Adam's moments near zero (OptimizerKernels.AdamLanes.StepNearZero).
    // NonzeroBelow and IsZero read the bits only: no floating-point operation touches a subnormal x.
    /// <summary>A mask of the elements with <c>0 &lt; |x| &lt; limit</c>; <paramref name="limit"/> &gt; 0.</summary>
    static abstract TSelf NonzeroBelow(TSelf x, float limit);
    /// <summary>
    /// Whether some element has <c>0 &lt; |x| &lt; limit</c> (<see cref="NonzeroBelow"/>'s mask not empty), in one inlining
    /// level: the check runs for every vector of Adam's steps inlined by the dozen into one method (the JIT's inlining
    /// budget counts each level).
    /// </summary>
    static abstract bool AnyNonzeroBelow(TSelf x, float limit);
    /// <summary>Whether some element is subnormal (<c>0 &lt; |x| &lt; 2^-126</c>): one <c>vfpclassps</c> where there is AVX-512DQ.</summary>
    static abstract bool AnySubnormal(TSelf x);
    /// <summary>A mask of the elements that are +0 or -0.</summary>
    static abstract TSelf IsZero(TSelf x);
    /// <summary>A mask of the elements with <c>x &gt; limit</c> (none where x is NaN).</summary>
    static abstract TSelf IsGreater(TSelf x, float limit);
    /// <summary>Per element, <paramref name="whenTrue"/> where <paramref name="mask"/> is set, else <paramref name="whenFalse"/>.</summary>
    static abstract TSelf Select(TSelf mask, TSelf whenTrue, TSelf whenFalse);
    /// <summary>Whether some element is set in <paramref name="mask"/> and not in <paramref name="except"/>.</summary>
    static abstract bool AnyAndNot(TSelf mask, TSelf except);
    /// <summary>
    /// <c>x · factor</c> rounded once, for |x| below 2^-125 (subnormal, ±0, or of the smallest normal exponent) and
    /// 0 ≤ <paramref name="factor"/> &lt; 1, on the integers: such an x is ±k·2^-149 with k &lt; 2^24 its bits past the sign
    /// (the exponent field's 1 is k's 2^23), so the result is ±round(k·factor)·2^-149, k·factor exact in double and rounded
    /// to the nearest integer, ties to even, as the float multiply rounds on that grid (2^-149 apart up to 2^-125).
    /// Other elements give garbage.
    /// </summary>
    static abstract TSelf MultiplyOnSubnormalGrid(TSelf x, float factor);
}

internal readonly struct Simd512(Vector512<float> value) : ISimdLane<Simd512>
{
    // vfpclassps's class of the subnormals (denormals), and the least normal float, 2^-126 (exact; AdamNearZero's bounds too).
    internal const byte SubnormalClass = 0x20;
    internal const float SmallestNormal = 1.1754943508222875e-38f;
    public readonly Vector512<float> Value = value;
    public static int Count => Vector512<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 Load(ref float source, nuint offset) => new(Vector512.LoadUnsafe(ref source, offset));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Simd512 value, ref float destination, nuint offset) => value.Value.StoreUnsafe(ref destination, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 Create(float value) => new(Vector512.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 operator +(Simd512 left, Simd512 right) => new(left.Value + right.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 operator -(Simd512 left, Simd512 right) => new(left.Value - right.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 operator *(Simd512 left, Simd512 right) => new(left.Value * right.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 operator /(Simd512 left, Simd512 right) => new(left.Value / right.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 MultiplyAdd(Simd512 a, Simd512 b, Simd512 c) => new(Vector512.MultiplyAddEstimate(a.Value, b.Value, c.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 DecayProduct(Simd512 a, Simd512 b, Simd512 negativeZero) => new(DecayProducts.Of(a.Value, b.Value, negativeZero.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 Min(Simd512 left, Simd512 right) => new(Vector512.Min(left.Value, right.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 Max(Simd512 left, Simd512 right) => new(Vector512.Max(left.Value, right.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 Abs(Simd512 value) => new(Vector512.Abs(value.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 Sqrt(Simd512 value) => new(Vector512.Sqrt(value.Value));
    public static bool HasSqrtOnMultiplyAdds => FmaSqrt.Preferred;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 SqrtOnMultiplyAdds(Simd512 value) => new(FmaSqrt.Of(value.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 Exp(Simd512 value) => VectorMath.ExpCore(value);
    // maxps/minps return the second operand when one is NaN: the value goes second so NaN passes through.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 Clamp(Simd512 value, float low, float high) => new(Vector512.MinNative(Vector512.Create(high), Vector512.MaxNative(Vector512.Create(low), value.Value)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 ScaleByPowerOfTwo(Simd512 x, Simd512 n)
    {
        if (Avx512F.IsSupported)
            return new(Avx512F.Scale(x.Value, n.Value)); // one instruction in place of eight on the exp's critical path
        Vector512<int> power = (n.Value + Vector512.Create(VectorMath.RoundingShift)).AsInt32() - Vector512.Create(VectorMath.RoundingShiftBits);
        Vector512<int> half = Vector512.ShiftRightArithmetic(power, 1), bias = Vector512.Create(127);
        return new(x.Value * Vector512.ShiftLeft(half + bias, 23).AsSingle() * Vector512.ShiftLeft(power - half + bias, 23).AsSingle());
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 Log(Simd512 value) => VectorMath.LogCore(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 SplitExponent(Simd512 x, out Simd512 exponent)
    {
        var bits = x.Value.AsInt32();
        exponent = new(Vector512.ConvertToSingle(Vector512.ShiftRightLogical(bits, 23) - Vector512.Create(127)));
        return new(((bits & Vector512.Create(0x007FFFFF)) | Vector512.Create(0x3F800000)).AsSingle());
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 SelectWhereGreater(Simd512 x, float limit, Simd512 whenTrue, Simd512 whenFalse) => new(Vector512.ConditionalSelect(Vector512.GreaterThan(x.Value, Vector512.Create(limit)), whenTrue.Value, whenFalse.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 SelectWhereAbsLess(Simd512 x, float limit, Simd512 whenTrue, Simd512 whenFalse) => new(Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(x.Value), Vector512.Create(limit)), whenTrue.Value, whenFalse.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 CopySign(Simd512 magnitude, Simd512 sign) => new(Vector512.CopySign(magnitude.Value, sign.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Simd512 value) => Vector512.Sum(value.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 NonzeroBelow(Simd512 x, float limit) => new(NonzeroBelowBits(x.Value, limit).AsSingle());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyNonzeroBelow(Simd512 x, float limit) => NonzeroBelowBits(x.Value, limit) != Vector512<uint>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnySubnormal(Simd512 x) => SubnormalBits(x.Value) != Vector512<uint>.Zero;
    /// <summary>A mask of the subnormal elements (class 0x20 of <c>vfpclassps</c>), as <see cref="NonzeroBelowBits"/> below 2^-126.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<uint> SubnormalBits(Vector512<float> x) =>
#if NET10_0_OR_GREATER // vfpclassps came to .NET in 10; .NET 9 compares the bits
        Avx512DQ.IsSupported ? Avx512DQ.Classify(x, SubnormalClass).AsUInt32() :
#endif
        NonzeroBelowBits(x, SmallestNormal);
    /// <summary><see cref="NonzeroBelow"/>'s mask on a vector, with no wrapper to construct (AdamRegisterStep's check: a level of inlining less each update).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<uint> NonzeroBelowBits(Vector512<float> x, float limit) =>
        Vector512.LessThan((x.AsUInt32() & Vector512.Create(0x7FFFFFFFu)) - Vector512<uint>.One, Vector512.Create(BitConverter.SingleToUInt32Bits(limit) - 1));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 IsZero(Simd512 x) => new(Vector512.Equals(x.Value.AsUInt32() & Vector512.Create(0x7FFFFFFFu), Vector512<uint>.Zero).AsSingle());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 IsGreater(Simd512 x, float limit) => new(Vector512.GreaterThan(x.Value, Vector512.Create(limit)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd512 Select(Simd512 mask, Simd512 whenTrue, Simd512 whenFalse) => new(Vector512.ConditionalSelect(mask.Value, whenTrue.Value, whenFalse.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyAndNot(Simd512 mask, Simd512 except) => Vector512.AndNot(mask.Value.AsUInt32(), except.Value.AsUInt32()) != Vector512<uint>.Zero;
    // Simd512 runs only where Vector512 is accelerated: x86 with AVX-512F.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a call made the deferred loop spill every live vector
    public static Simd512 MultiplyOnSubnormalGrid(Simd512 x, float factor)
    {
        // k·factor in double from the 32-bit k (exact), back to int32 rounded to nearest even: eight instructions where
        // the widening to 64-bit integers took twenty-two.
        var bits = x.Value.AsInt32();
        var significands = bits & Vector512.Create(0x00FFFFFF);
        var f64 = Vector512.Create((double)factor);
        var low = Avx512F.ConvertToVector256Int32(Avx512F.ConvertToVector512Double(significands.GetLower()) * f64, FloatRoundingMode.ToEven);
        var high = Avx512F.ConvertToVector256Int32(Avx512F.ConvertToVector512Double(significands.GetUpper()) * f64, FloatRoundingMode.ToEven);
        return new(((bits & Vector512.Create(int.MinValue)) | low.ToVector512Unsafe().WithUpper(high)).AsSingle());
    }
}

internal readonly struct Simd256(Vector256<float> value) : ISimdLane<Simd256>
{
    public readonly Vector256<float> Value = value;
    public static int Count => Vector256<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 Load(ref float source, nuint offset) => new(Vector256.LoadUnsafe(ref source, offset));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Simd256 value, ref float destination, nuint offset) => value.Value.StoreUnsafe(ref destination, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 Create(float value) => new(Vector256.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 operator +(Simd256 left, Simd256 right) => new(left.Value + right.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 operator -(Simd256 left, Simd256 right) => new(left.Value - right.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 operator *(Simd256 left, Simd256 right) => new(left.Value * right.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 operator /(Simd256 left, Simd256 right) => new(left.Value / right.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 MultiplyAdd(Simd256 a, Simd256 b, Simd256 c) => new(Vector256.MultiplyAddEstimate(a.Value, b.Value, c.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 DecayProduct(Simd256 a, Simd256 b, Simd256 negativeZero) => new(DecayProducts.Of(a.Value, b.Value, negativeZero.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 Min(Simd256 left, Simd256 right) => new(Vector256.Min(left.Value, right.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 Max(Simd256 left, Simd256 right) => new(Vector256.Max(left.Value, right.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 Abs(Simd256 value) => new(Vector256.Abs(value.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 Sqrt(Simd256 value) => new(Vector256.Sqrt(value.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 Exp(Simd256 value) => VectorMath.ExpCore(value);
    // maxps/minps return the second operand when one is NaN: the value goes second so NaN passes through.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 Clamp(Simd256 value, float low, float high) => new(Vector256.MinNative(Vector256.Create(high), Vector256.MaxNative(Vector256.Create(low), value.Value)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 ScaleByPowerOfTwo(Simd256 x, Simd256 n)
    {
        if (Avx512F.VL.IsSupported)
            return new(Avx512F.VL.Scale(x.Value, n.Value)); // one instruction in place of eight on the exp's critical path
        Vector256<int> power = (n.Value + Vector256.Create(VectorMath.RoundingShift)).AsInt32() - Vector256.Create(VectorMath.RoundingShiftBits);
        Vector256<int> half = Vector256.ShiftRightArithmetic(power, 1), bias = Vector256.Create(127);
        return new(x.Value * Vector256.ShiftLeft(half + bias, 23).AsSingle() * Vector256.ShiftLeft(power - half + bias, 23).AsSingle());
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 Log(Simd256 value) => VectorMath.LogCore(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 SplitExponent(Simd256 x, out Simd256 exponent)
    {
        var bits = x.Value.AsInt32();
        exponent = new(Vector256.ConvertToSingle(Vector256.ShiftRightLogical(bits, 23) - Vector256.Create(127)));
        return new(((bits & Vector256.Create(0x007FFFFF)) | Vector256.Create(0x3F800000)).AsSingle());
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 SelectWhereGreater(Simd256 x, float limit, Simd256 whenTrue, Simd256 whenFalse) => new(Vector256.ConditionalSelect(Vector256.GreaterThan(x.Value, Vector256.Create(limit)), whenTrue.Value, whenFalse.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 SelectWhereAbsLess(Simd256 x, float limit, Simd256 whenTrue, Simd256 whenFalse) => new(Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(x.Value), Vector256.Create(limit)), whenTrue.Value, whenFalse.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 CopySign(Simd256 magnitude, Simd256 sign) => new(Vector256.CopySign(magnitude.Value, sign.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Simd256 value) => Vector256.Sum(value.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 NonzeroBelow(Simd256 x, float limit) => new(NonzeroBelowBits(x.Value, limit).AsSingle());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyNonzeroBelow(Simd256 x, float limit) => NonzeroBelowBits(x.Value, limit) != Vector256<uint>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnySubnormal(Simd256 x) => SubnormalBits(x.Value) != Vector256<uint>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<uint> SubnormalBits(Vector256<float> x) =>
#if NET10_0_OR_GREATER
        Avx512DQ.VL.IsSupported ? Avx512DQ.VL.Classify(x, Simd512.SubnormalClass).AsUInt32() :
#endif
        NonzeroBelowBits(x, Simd512.SmallestNormal);
    /// <summary><see cref="NonzeroBelow"/>'s mask on a vector, with no wrapper to construct (AdamRegisterStep's check: a level of inlining less each update).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<uint> NonzeroBelowBits(Vector256<float> x, float limit) =>
        Vector256.LessThan((x.AsUInt32() & Vector256.Create(0x7FFFFFFFu)) - Vector256<uint>.One, Vector256.Create(BitConverter.SingleToUInt32Bits(limit) - 1));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 IsZero(Simd256 x) => new(Vector256.Equals(x.Value.AsUInt32() & Vector256.Create(0x7FFFFFFFu), Vector256<uint>.Zero).AsSingle());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 IsGreater(Simd256 x, float limit) => new(Vector256.GreaterThan(x.Value, Vector256.Create(limit)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd256 Select(Simd256 mask, Simd256 whenTrue, Simd256 whenFalse) => new(Vector256.ConditionalSelect(mask.Value, whenTrue.Value, whenFalse.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyAndNot(Simd256 mask, Simd256 except) => Vector256.AndNot(mask.Value.AsUInt32(), except.Value.AsUInt32()) != Vector256<uint>.Zero;
    // Simd256 runs only where Vector256 is accelerated: x86 with AVX.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a call made the deferred loop spill every live vector
    public static Simd256 MultiplyOnSubnormalGrid(Simd256 x, float factor)
    {
        // As Simd512's: k·factor in double from the 32-bit k, rounded to nearest even, then to int32 (exact).
        var bits = x.Value.AsInt32();
        var significands = bits & Vector256.Create(0x00FFFFFF);
        var f64 = Vector256.Create((double)factor);
        var low = Avx.ConvertToVector128Int32WithTruncation(Avx.RoundToNearestInteger(Avx.ConvertToVector256Double(significands.GetLower()) * f64));
        var high = Avx.ConvertToVector128Int32WithTruncation(Avx.RoundToNearestInteger(Avx.ConvertToVector256Double(significands.GetUpper()) * f64));
        return new(((bits & Vector256.Create(int.MinValue)) | low.ToVector256Unsafe().WithUpper(high)).AsSingle());
    }
}

internal readonly struct Simd128(Vector128<float> value) : ISimdLane<Simd128>
{
    public readonly Vector128<float> Value = value;
    public static int Count => Vector128<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 Load(ref float source, nuint offset) => new(Vector128.LoadUnsafe(ref source, offset));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Simd128 value, ref float destination, nuint offset) => value.Value.StoreUnsafe(ref destination, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 Create(float value) => new(Vector128.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 operator +(Simd128 left, Simd128 right) => new(left.Value + right.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 operator -(Simd128 left, Simd128 right) => new(left.Value - right.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 operator *(Simd128 left, Simd128 right) => new(left.Value * right.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 operator /(Simd128 left, Simd128 right) => new(left.Value / right.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 MultiplyAdd(Simd128 a, Simd128 b, Simd128 c) => new(Vector128.MultiplyAddEstimate(a.Value, b.Value, c.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 DecayProduct(Simd128 a, Simd128 b, Simd128 negativeZero) => new(DecayProducts.Of(a.Value, b.Value, negativeZero.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 Min(Simd128 left, Simd128 right) => new(Vector128.Min(left.Value, right.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 Max(Simd128 left, Simd128 right) => new(Vector128.Max(left.Value, right.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 Abs(Simd128 value) => new(Vector128.Abs(value.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 Sqrt(Simd128 value) => new(Vector128.Sqrt(value.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 Exp(Simd128 value) => VectorMath.ExpCore(value);
    // maxps/minps return the second operand when one is NaN: the value goes second so NaN passes through.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 Clamp(Simd128 value, float low, float high) => new(Vector128.MinNative(Vector128.Create(high), Vector128.MaxNative(Vector128.Create(low), value.Value)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 ScaleByPowerOfTwo(Simd128 x, Simd128 n)
    {
        if (Avx512F.VL.IsSupported)
            return new(Avx512F.VL.Scale(x.Value, n.Value)); // one instruction in place of eight on the exp's critical path
        Vector128<int> power = (n.Value + Vector128.Create(VectorMath.RoundingShift)).AsInt32() - Vector128.Create(VectorMath.RoundingShiftBits);
        Vector128<int> half = Vector128.ShiftRightArithmetic(power, 1), bias = Vector128.Create(127);
        return new(x.Value * Vector128.ShiftLeft(half + bias, 23).AsSingle() * Vector128.ShiftLeft(power - half + bias, 23).AsSingle());
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 Log(Simd128 value) => VectorMath.LogCore(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 SplitExponent(Simd128 x, out Simd128 exponent)
    {
        var bits = x.Value.AsInt32();
        exponent = new(Vector128.ConvertToSingle(Vector128.ShiftRightLogical(bits, 23) - Vector128.Create(127)));
        return new(((bits & Vector128.Create(0x007FFFFF)) | Vector128.Create(0x3F800000)).AsSingle());
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 SelectWhereGreater(Simd128 x, float limit, Simd128 whenTrue, Simd128 whenFalse) => new(Vector128.ConditionalSelect(Vector128.GreaterThan(x.Value, Vector128.Create(limit)), whenTrue.Value, whenFalse.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 SelectWhereAbsLess(Simd128 x, float limit, Simd128 whenTrue, Simd128 whenFalse) => new(Vector128.ConditionalSelect(Vector128.LessThan(Vector128.Abs(x.Value), Vector128.Create(limit)), whenTrue.Value, whenFalse.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 CopySign(Simd128 magnitude, Simd128 sign) => new(Vector128.CopySign(magnitude.Value, sign.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Simd128 value) => Vector128.Sum(value.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 NonzeroBelow(Simd128 x, float limit) => new(NonzeroBelowBits(x.Value, limit).AsSingle());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyNonzeroBelow(Simd128 x, float limit) => NonzeroBelowBits(x.Value, limit) != Vector128<uint>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnySubnormal(Simd128 x) => SubnormalBits(x.Value) != Vector128<uint>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<uint> SubnormalBits(Vector128<float> x) =>
#if NET10_0_OR_GREATER
        Avx512DQ.VL.IsSupported ? Avx512DQ.VL.Classify(x, Simd512.SubnormalClass).AsUInt32() :
#endif
        NonzeroBelowBits(x, Simd512.SmallestNormal);
    /// <summary><see cref="NonzeroBelow"/>'s mask on a vector, with no wrapper to construct (AdamRegisterStep's check: a level of inlining less each update).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<uint> NonzeroBelowBits(Vector128<float> x, float limit) =>
        Vector128.LessThan((x.AsUInt32() & Vector128.Create(0x7FFFFFFFu)) - Vector128<uint>.One, Vector128.Create(BitConverter.SingleToUInt32Bits(limit) - 1));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 IsZero(Simd128 x) => new(Vector128.Equals(x.Value.AsUInt32() & Vector128.Create(0x7FFFFFFFu), Vector128<uint>.Zero).AsSingle());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 IsGreater(Simd128 x, float limit) => new(Vector128.GreaterThan(x.Value, Vector128.Create(limit)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Simd128 Select(Simd128 mask, Simd128 whenTrue, Simd128 whenFalse) => new(Vector128.ConditionalSelect(mask.Value, whenTrue.Value, whenFalse.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyAndNot(Simd128 mask, Simd128 except) => Vector128.AndNot(mask.Value.AsUInt32(), except.Value.AsUInt32()) != Vector128<uint>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a call made the deferred loop spill every live vector
    public static Simd128 MultiplyOnSubnormalGrid(Simd128 x, float factor)
    {
        var bits = x.Value.AsInt32();
        var (low, high) = Vector128.Widen(bits & Vector128.Create(0x00FFFFFF));
        var f = Vector128.Create((double)factor);
        low = Vector128.ConvertToInt64(Vector128.Round(Vector128.ConvertToDouble(low) * f));
        high = Vector128.ConvertToInt64(Vector128.Round(Vector128.ConvertToDouble(high) * f));
        return new(((bits & Vector128.Create(int.MinValue)) | Vector128.Narrow(low, high)).AsSingle());
    }
}

internal readonly struct SimdScalar(float value) : ISimdLane<SimdScalar>
{
    public readonly float Value = value;
    public static int Count => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar Load(ref float source, nuint offset) => new(Unsafe.Add(ref source, offset));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(SimdScalar value, ref float destination, nuint offset) => Unsafe.Add(ref destination, offset) = value.Value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar Create(float value) => new(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar operator +(SimdScalar left, SimdScalar right) => new(left.Value + right.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar operator -(SimdScalar left, SimdScalar right) => new(left.Value - right.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar operator *(SimdScalar left, SimdScalar right) => new(left.Value * right.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar operator /(SimdScalar left, SimdScalar right) => new(left.Value / right.Value);
    // A plain multiply and add: MathF.FusedMultiplyAdd is emulated in software where the CPU has no FMA.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar MultiplyAdd(SimdScalar a, SimdScalar b, SimdScalar c) => new(a.Value * b.Value + c.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar DecayProduct(SimdScalar a, SimdScalar b, SimdScalar negativeZero) => new(DecayProducts.Of(a.Value, b.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar Min(SimdScalar left, SimdScalar right) => new(MathF.Min(left.Value, right.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar Max(SimdScalar left, SimdScalar right) => new(MathF.Max(left.Value, right.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar Abs(SimdScalar value) => new(MathF.Abs(value.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar Sqrt(SimdScalar value) => new(MathF.Sqrt(value.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar Exp(SimdScalar value) => new(MathF.Exp(value.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar Clamp(SimdScalar value, float low, float high) => float.IsNaN(value.Value) ? value : new(Math.Clamp(value.Value, low, high));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar ScaleByPowerOfTwo(SimdScalar x, SimdScalar n) => new(MathF.ScaleB(x.Value, (int)n.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar Log(SimdScalar value) => VectorMath.LogCore(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar SplitExponent(SimdScalar x, out SimdScalar exponent)
    {
        int bits = BitConverter.SingleToInt32Bits(x.Value);
        exponent = new((bits >>> 23) - 127);
        return new(BitConverter.Int32BitsToSingle((bits & 0x007FFFFF) | 0x3F800000));
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar SelectWhereGreater(SimdScalar x, float limit, SimdScalar whenTrue, SimdScalar whenFalse) => x.Value > limit ? whenTrue : whenFalse;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar SelectWhereAbsLess(SimdScalar x, float limit, SimdScalar whenTrue, SimdScalar whenFalse) => MathF.Abs(x.Value) < limit ? whenTrue : whenFalse;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar CopySign(SimdScalar magnitude, SimdScalar sign) => new(MathF.CopySign(magnitude.Value, sign.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(SimdScalar value) => value.Value;
    private static readonly float AllSet = BitConverter.Int32BitsToSingle(-1);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static SimdScalar Mask(bool set) => new(set ? AllSet : 0f);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar NonzeroBelow(SimdScalar x, float limit) => Mask(AnyNonzeroBelow(x, limit));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyNonzeroBelow(SimdScalar x, float limit) => (BitConverter.SingleToUInt32Bits(x.Value) & 0x7FFFFFFFu) - 1 < BitConverter.SingleToUInt32Bits(limit) - 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnySubnormal(SimdScalar x) => float.IsSubnormal(x.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar IsZero(SimdScalar x) => Mask((BitConverter.SingleToUInt32Bits(x.Value) & 0x7FFFFFFFu) == 0);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar IsGreater(SimdScalar x, float limit) => Mask(x.Value > limit);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static SimdScalar Select(SimdScalar mask, SimdScalar whenTrue, SimdScalar whenFalse) => BitConverter.SingleToInt32Bits(mask.Value) != 0 ? whenTrue : whenFalse;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyAndNot(SimdScalar mask, SimdScalar except) => (BitConverter.SingleToInt32Bits(mask.Value) & ~BitConverter.SingleToInt32Bits(except.Value)) != 0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a call made the deferred loop spill every live vector
    public static SimdScalar MultiplyOnSubnormalGrid(SimdScalar x, float factor)
    {
        int bits = BitConverter.SingleToInt32Bits(x.Value);
        return new(BitConverter.Int32BitsToSingle((bits & int.MinValue) | (int)Math.Round((bits & 0x00FFFFFF) * (double)factor)));
    }
}
