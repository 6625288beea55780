using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>
/// DecayProducts takes an optimizer's products as multiply-adds of -0 where the CPU fuses them: each must give the
/// multiply's bits, on the subnormals, on products that underflow to a zero (of the product's sign) and on zeros of
/// either sign. The numerics tests run Adam's near-zero path (the project's AdamNearZeroPath switch), so the plain step
/// on subnormal moments, which Zen cores take, is checked here through its products.
/// </summary>
public class DecayProductsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Each_width_gives_the_multiplys_bits(int lanes)
    {
        var (a, b) = Operands();
        var got = new float[a.Length];
        for (int i = 0; i < a.Length; i += lanes)
        {
            if (lanes == 1) got[i] = DecayProducts.Of(a[i], b[i]);
            else if (lanes == 4) DecayProducts.Of(Vector128.Create(a.AsSpan(i, 4)), Vector128.Create(b.AsSpan(i, 4))).CopyTo(got.AsSpan(i, 4));
            else if (lanes == 8) DecayProducts.Of(Vector256.Create(a.AsSpan(i, 8)), Vector256.Create(b.AsSpan(i, 8))).CopyTo(got.AsSpan(i, 8));
            else DecayProducts.Of(Vector512.Create(a.AsSpan(i, 16)), Vector512.Create(b.AsSpan(i, 16))).CopyTo(got.AsSpan(i, 16));
        }
        for (int i = 0; i < a.Length; i++)
        {
            float want = a[i] * b[i];
            Assert.True(BitConverter.SingleToInt32Bits(want) == BitConverter.SingleToInt32Bits(got[i]),
                $"{a[i]:R} · {b[i]:R}: the multiply gives {want:R} (0x{BitConverter.SingleToInt32Bits(want):X8}), DecayProducts {got[i]:R} (0x{BitConverter.SingleToInt32Bits(got[i]):X8})");
        }
    }

    /// <summary>Moments on the subnormals' grid and about it, zeros, ordinary values, of both signs, times betas and step sizes; a multiple of 16 long.</summary>
    private static (float[] A, float[] B) Operands()
    {
        var random = new Random(7);
        var factors = new[] { 0.9f, 0.999f, 0.5f, 0.3f, 1e-3f, 1e-2f, 0.0316f, 1f, 1e-8f };
        var a = new List<float>();
        var b = new List<float>();
        void Add(float x)
        {
            foreach (float f in factors)
                foreach (float sign in new[] { 1f, -1f })
                {
                    a.Add(x * sign);
                    b.Add(f);
                }
        }
        Add(0f);
        for (int k = 1; k <= 40; k++)
            Add(BitConverter.Int32BitsToSingle(k)); // k · 2^-149: k·β rounds back to k for small k, or to a zero
        for (int i = 0; i < 400; i++)
            Add(BitConverter.Int32BitsToSingle(random.Next(1, 1 << 25))); // subnormals and the smallest normals
        for (int i = 0; i < 200; i++)
            Add((float)Math.Pow(2, -random.Next(60, 150)) * (1f + (float)random.NextDouble())); // products about 2^-126
        for (int i = 0; i < 50; i++)
            Add((float)(random.NextDouble() * 2 - 1)); // ordinary moments
        while (a.Count % 16 != 0)
        {
            a.Add(-0f);
            b.Add(0.9f);
        }
        return (a.ToArray(), b.ToArray());
    }
}
