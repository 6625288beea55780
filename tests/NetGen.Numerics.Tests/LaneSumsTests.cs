using System;
using System.Runtime.Intrinsics;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>The four-at-once lane sums of the input-gradient kernels, on every width, against double sums.</summary>
public class LaneSumsTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void SumEach_gives_the_four_sums_in_order(int width)
    {
        var random = new Random(width);
        for (int trial = 0; trial < 200; trial++)
        {
            var lanes = new float[4][];
            var expected = new double[4];
            for (int k = 0; k < 4; k++)
            {
                lanes[k] = new float[width];
                for (int i = 0; i < width; i++)
                {
                    lanes[k][i] = (float)(random.NextDouble() * 2 - 1) * (k + 1);
                    expected[k] += lanes[k][i];
                }
            }
            Vector128<float> sums = width switch
            {
                4 => LaneSums.SumEach(Vector128.Create(lanes[0]), Vector128.Create(lanes[1]), Vector128.Create(lanes[2]), Vector128.Create(lanes[3])),
                8 => LaneSums.SumEach(Vector256.Create(lanes[0]), Vector256.Create(lanes[1]), Vector256.Create(lanes[2]), Vector256.Create(lanes[3])),
                _ => LaneSums.SumEach(Vector512.Create(lanes[0]), Vector512.Create(lanes[1]), Vector512.Create(lanes[2]), Vector512.Create(lanes[3])),
            };
            for (int k = 0; k < 4; k++)
                Assert.True(Math.Abs(sums[k] - expected[k]) <= 1e-5 * (k + 1) * width, $"sum {k} of width {width}: {sums[k]} vs {expected[k]}");
        }
    }

    /// <summary>The sixteen-at-once sums: each the bits of the four-at-once SumEach (the same grouping), in order.</summary>
    [Fact]
    public void SumEach_of_sixteen_gives_the_four_at_once_bits_in_order()
    {
        var random = new Random(16);
        for (int trial = 0; trial < 500; trial++)
        {
            var v = new Vector512<float>[16];
            for (int k = 0; k < 16; k++)
            {
                var lanes = new float[16];
                for (int i = 0; i < 16; i++) // magnitudes apart, so that the grouping shows in the bits
                    lanes[i] = (float)((random.NextDouble() * 2 - 1) * Math.Pow(2, random.Next(-12, 12)));
                v[k] = Vector512.Create(lanes);
            }
            var sums = LaneSums.SumEach(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15]);
            for (int q = 0; q < 4; q++)
            {
                var four = LaneSums.SumEach(v[4 * q], v[4 * q + 1], v[4 * q + 2], v[4 * q + 3]);
                for (int r = 0; r < 4; r++)
                    Assert.True(BitConverter.SingleToInt32Bits(four[r]) == BitConverter.SingleToInt32Bits(sums[4 * q + r]),
                        $"sum {4 * q + r}: four at once {four[r]:R}, sixteen {sums[4 * q + r]:R}");
            }
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void SumInEveryLane_puts_the_same_sum_on_every_lane(int width)
    {
        var random = new Random(100 + width);
        for (int trial = 0; trial < 200; trial++)
        {
            var lanes = new float[width];
            double expected = 0;
            for (int i = 0; i < width; i++)
            {
                lanes[i] = (float)(random.NextDouble() * 2 - 1);
                expected += lanes[i];
            }
            float[] sums = width switch
            {
                4 => ToArray(LaneSums.SumInEveryLane(Vector128.Create(lanes))),
                8 => ToArray(LaneSums.SumInEveryLane(Vector256.Create(lanes))),
                _ => ToArray(LaneSums.SumInEveryLane(Vector512.Create(lanes))),
            };
            Assert.True(Math.Abs(sums[0] - expected) <= 1e-6 * width, $"width {width}: {sums[0]} vs {expected}");
            for (int i = 1; i < width; i++)
                Assert.Equal(BitConverter.SingleToInt32Bits(sums[0]), BitConverter.SingleToInt32Bits(sums[i]));
        }
    }

    private static float[] ToArray<T>(T vector) where T : struct
    {
        var span = System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(new[] { vector });
        return span.ToArray();
    }
}
