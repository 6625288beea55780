using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>The whole-span tests the argument checks make before a training step: one vector instruction a vector.</summary>
internal static class SpanScans
{
    /// <summary>Whether every float of <paramref name="values"/> is finite.</summary>
    public static bool AllFinite(ReadOnlySpan<float> values)
    {
        if (Vector512.IsHardwareAccelerated)
            return AllFinite<Lanes512, Vector512<float>>(values);
        if (Vector256.IsHardwareAccelerated)
            return AllFinite<Lanes256, Vector256<float>>(values);
        if (Vector128.IsHardwareAccelerated)
            return AllFinite<Lanes128, Vector128<float>>(values);
        return AllFiniteOneByOne(values);
    }

    private static bool AllFinite<L, V>(ReadOnlySpan<float> values) where L : struct, ILanes<V> where V : struct
    {
        // v·0 + s is s for a finite v and NaN for NaN and ±∞, and NaN stays NaN: one multiply-add a vector (exact, fused
        // or not), one test at the end. Eight sums, so the multiply-adds do not wait on each other (digits' 2 048 inputs:
        // 128 of Vector512, 16 a chain); the last vector ends at the span's end (values tested twice are harmless).
        nuint n = (nuint)L.Count, length = (nuint)values.Length;
        if (length < n)
            return AllFiniteOneByOne(values);
        ref float start = ref MemoryMarshal.GetReference(values);
        V zero = L.Zero, s0 = zero, s1 = zero, s2 = zero, s3 = zero, s4 = zero, s5 = zero, s6 = zero, s7 = zero;
        nuint i = 0;
        for (; i + 8 * n <= length; i += 8 * n)
        {
            s0 = L.MultiplyAdd(L.Load(ref start, i), zero, s0);
            s1 = L.MultiplyAdd(L.Load(ref start, i + n), zero, s1);
            s2 = L.MultiplyAdd(L.Load(ref start, i + 2 * n), zero, s2);
            s3 = L.MultiplyAdd(L.Load(ref start, i + 3 * n), zero, s3);
            s4 = L.MultiplyAdd(L.Load(ref start, i + 4 * n), zero, s4);
            s5 = L.MultiplyAdd(L.Load(ref start, i + 5 * n), zero, s5);
            s6 = L.MultiplyAdd(L.Load(ref start, i + 6 * n), zero, s6);
            s7 = L.MultiplyAdd(L.Load(ref start, i + 7 * n), zero, s7);
        }
        for (; i + 2 * n <= length; i += 2 * n)
        {
            s0 = L.MultiplyAdd(L.Load(ref start, i), zero, s0);
            s1 = L.MultiplyAdd(L.Load(ref start, i + n), zero, s1);
        }
        if (i + n <= length)
        {
            s2 = L.MultiplyAdd(L.Load(ref start, i), zero, s2);
            i += n;
        }
        if (i < length) // fewer than n left
            s3 = L.MultiplyAdd(L.Load(ref start, length - n), zero, s3);
        V all = L.Add(L.Add(L.Add(s0, s1), L.Add(s2, s3)), L.Add(L.Add(s4, s5), L.Add(s6, s7)));
        return L.Sum(all) == 0;
    }

    private static bool AllFiniteOneByOne(ReadOnlySpan<float> values)
    {
        foreach (float value in values)
            if (!float.IsFinite(value))
                return false;
        return true;
    }

    /// <summary>Whether every value of <paramref name="values"/> is below <paramref name="bound"/>: their largest is.</summary>
    public static bool AllBelow(ReadOnlySpan<uint> values, uint bound)
    {
        // The last vector ends at the span's end (values seen twice do not change a maximum).
        ref uint start = ref MemoryMarshal.GetReference(values);
        nuint length = (nuint)values.Length;
        if (Vector512.IsHardwareAccelerated && length >= 16)
        {
            var most = Vector512.LoadUnsafe(ref start, length - 16);
            for (nuint i = 0; i + 16 <= length; i += 16)
                most = Vector512.Max(most, Vector512.LoadUnsafe(ref start, i));
            return Vector512.LessThanAll(most, Vector512.Create(bound));
        }
        if (Vector256.IsHardwareAccelerated && length >= 8)
        {
            var most = Vector256.LoadUnsafe(ref start, length - 8);
            for (nuint i = 0; i + 8 <= length; i += 8)
                most = Vector256.Max(most, Vector256.LoadUnsafe(ref start, i));
            return Vector256.LessThanAll(most, Vector256.Create(bound));
        }
        if (Vector128.IsHardwareAccelerated && length >= 4)
        {
            var most = Vector128.LoadUnsafe(ref start, length - 4);
            for (nuint i = 0; i + 4 <= length; i += 4)
                most = Vector128.Max(most, Vector128.LoadUnsafe(ref start, i));
            return Vector128.LessThanAll(most, Vector128.Create(bound));
        }
        foreach (uint value in values)
            if (value >= bound)
                return false;
        return true;
    }
}
