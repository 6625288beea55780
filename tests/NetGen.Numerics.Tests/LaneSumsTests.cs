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
