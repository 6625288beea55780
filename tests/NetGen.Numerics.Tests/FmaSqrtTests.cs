using System;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>
/// FmaSqrt's roots are the divider's bits on every float of [0, 2^64) (all 1 602 224 128 of them), and the values it
/// hands to the divider (2^64 and up, infinities, NaN, negatives) come back as the divider's too. The sequence starts from
/// vrsqrt14ps, whose table another CPU may fill differently within its bound (2^-14): the estimate perturbed by up to
/// 2^-13 must give the same bits. The numerics tests set NetGen.Runtime.FmaSqrt, so Adam's steps take it on every
/// AVX-512 CPU and the goldens check it there too.
/// </summary>
public class FmaSqrtTests
{
    private const uint TwoTo64Bits = (127 + 64) << 23;

    [Fact]
    public void Every_float_below_two_to_64_has_the_dividers_root()
    {
        if (!Avx512F.IsSupported)
            return; // FmaSqrt needs AVX-512F; elsewhere Adam takes the divider's root
        var lanes = Vector512.Create(0u, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        for (uint bits = 0; bits < TwoTo64Bits; bits += 16)
        {
            var v = (Vector512.Create(bits) + lanes).AsSingle();
            if (FmaSqrt.Of(v).AsUInt32() != Vector512.Sqrt(v).AsUInt32())
                Assert.Fail(Mismatch(v, FmaSqrt.Of(v)));
        }
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(-1f)]
    [InlineData(2f)]
    [InlineData(-2f)]
    [InlineData(0f)] // a random factor in (-2^-13, 2^-13) on each lane
    public void Another_tables_estimates_give_the_same_bits(float perturbation)
    {
        if (!Avx512F.IsSupported)
            return;
        var lanes = Vector512.Create(0u, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        var fixedFactor = Vector512.Create(1f + perturbation / 16384f);
        var state = Vector512.Create(0x9E3779B9u) + lanes * 0x85EBCA6Bu;
        // Every 7th float: all binades and both exponent parities, each a stride away from the next (7 is odd).
        for (uint bits = 0; bits + 15 * 7 < TwoTo64Bits; bits += 7 * 16)
        {
            var v = (Vector512.Create(bits) + lanes * 7).AsSingle();
            var factor = fixedFactor;
            if (perturbation == 0)
            {
                state ^= state << 13; state ^= state >> 17; state ^= state << 5;
                factor = Vector512.ConvertToSingle(state.AsInt32()) * Vector512.Create(1f / (1L << 44)) + Vector512<float>.One;
            }
            var got = FmaSqrt.OfPerturbed(v, factor);
            if (got.AsUInt32() != Vector512.Sqrt(v).AsUInt32())
                Assert.Fail(Mismatch(v, got));
        }
    }

    [Fact]
    public void Values_outside_the_range_are_the_dividers()
    {
        if (!Avx512F.IsSupported)
            return;
        float[] values =
        [
            BitConverter.Int32BitsToSingle((int)TwoTo64Bits), float.MaxValue, float.PositiveInfinity, float.NaN, -0f, -1f,
            float.NegativeInfinity, BitConverter.Int32BitsToSingle(unchecked((int)0xFFC12345)), 1e30f, 3e38f,
            0f, float.Epsilon, 1f, 2f, 4f, 1e-20f, // with values in range on the other lanes
        ];
        var v = Vector512.Create(values);
        Assert.Equal(Vector512.Sqrt(v).AsUInt32(), FmaSqrt.Of(v).AsUInt32());
    }

    private static string Mismatch(Vector512<float> v, Vector512<float> got)
    {
        var want = Vector512.Sqrt(v);
        for (int i = 0; i < 16; i++)
            if (BitConverter.SingleToUInt32Bits(got[i]) != BitConverter.SingleToUInt32Bits(want[i]))
                return $"√{v[i]:R} (0x{BitConverter.SingleToUInt32Bits(v[i]):X8}): the divider gives {want[i]:R} (0x{BitConverter.SingleToUInt32Bits(want[i]):X8}), FmaSqrt {got[i]:R} (0x{BitConverter.SingleToUInt32Bits(got[i]):X8})";
        return "no lane differs";
    }
}
