using System;
using System.Runtime.Intrinsics;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>
/// Adam's step where first moments have decayed towards zero (subnormal, or about to be), which the kernels
/// take without subnormal arithmetic: the same bits as the plain step, computed here element by element in scalar float
/// (slow on Intel, exact everywhere). The values mix subnormal, tiny and ordinary moments, zero and nonzero gradients, and
/// parameters at, near and far from zero in every vector, so each of the path's fallbacks is taken too.
/// </summary>
public class AdamNearZeroTests
{
    private const double Beta1 = 0.9, Beta2 = 0.999;

    [Theory]
    [InlineData(1e-3f, 1000L, 1f, 1e-8f, 0.9, 1)]
    [InlineData(1e-3f, 1000L, 0.5f, 1e-8f, 0.9, 2)]
    [InlineData(0.01f, 3L, 1f, 1e-8f, 0.9, 3)]
    [InlineData(0.5f, 1L, 1f, 0f, 0.9, 4)] // a step size above 1, and ε = 0 (a zero denominator)
    [InlineData(2f, 1L, 1f, 1e-8f, 0.9, 11)] // a step size of 20: no parameter is kept by the bound, all take the plain update
    [InlineData(1e-3f, 800L, 1f, 1e-8f, 0.9, 5)]
    [InlineData(1e-3f, 1000L, 1f, 1e-8f, 0.3, 6)] // β1 below 1/2: the smallest subnormals decay to zero, of m's sign
    [InlineData(1e-3f, 1000L, 1f, 1e-8f, 0.5, 10)] // β1 of 1/2: 2^-149·β1 is a tie, rounded to an even zero
    public void Adam_near_zero_gives_the_plain_steps_bits(float learningRate, long step, float gradientScale, float epsilon, double beta1, int seed)
    {
        var (p, g, m, v) = Values(2000, seed); // the pass marks vectors near zero by blocks of 64: two and a part at 16 lanes
        var (wantP, wantM, wantV) = ((float[])p.Clone(), (float[])m.Clone(), (float[])v.Clone());
        var scalars = AdamStep.Of(learningRate, beta1, Beta2, step);
        var (stepSize, inverse) = (scalars.StepSize, scalars.InverseSecondMomentCorrection);
        for (int i = 0; i < p.Length; i++)
            PlainStep(g[i] * gradientScale, ref wantP[i], ref wantM[i], ref wantV[i], stepSize, inverse, epsilon, beta1, MultiplyAddsFuse);
        OptimizerKernels.Adam(ref p[0], ref g[0], ref m[0], ref v[0], p.Length, learningRate, beta1, Beta2, epsilon, step, gradientScale);
        AssertBits(wantM, m, "first moment");
        AssertBits(wantV, v, "second moment");
        AssertBits(wantP, p, "parameters");
    }

    /// <summary>The generated one-row step's updates (AdamRegisterStep), each vector width this machine accelerates.</summary>
    [Theory]
    [InlineData(1e-3f, 1000L, 6)]
    [InlineData(0.5f, 1L, 7)]
    public void Register_steps_near_zero_give_the_plain_steps_bits(float learningRate, long step, int seed)
    {
        var (p, g, m, v) = Values(256, seed);
        var (wantP, wantM, wantV) = ((float[])p.Clone(), (float[])m.Clone(), (float[])v.Clone());
        var scalars = AdamStep.Of(learningRate, Beta1, Beta2, step);
        var (stepSize, inverse) = (scalars.StepSize, scalars.InverseSecondMomentCorrection);
        int width = Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : Vector128.IsHardwareAccelerated ? 4 : 0;
        if (width == 0)
            return; // the register step has only vector overloads for whole vectors; its scalar one takes the plain step
        Span<ulong> deferred = stackalloc ulong[AdamRegisterStep<Hyperparameters>.DeferredWords(p.Length, width)];
        deferred.Fill(ulong.MaxValue); // the constructor clears it
        var update = new AdamRegisterStep<Hyperparameters>(learningRate, step, ref p[0], deferred);
        for (int i = 0; i < p.Length; i++)
            PlainStep(g[i], ref wantP[i], ref wantM[i], ref wantV[i], stepSize, inverse, Hyperparameters.Epsilon, Beta1, MultiplyAddsFuse);
        for (nuint i = 0; i < (nuint)p.Length; i += (nuint)width)
        {
            if (width == 16) update.Update(Vector512.LoadUnsafe(ref g[0], i), ref p[0], ref m[0], ref v[0], i);
            else if (width == 8) update.Update(Vector256.LoadUnsafe(ref g[0], i), ref p[0], ref m[0], ref v[0], i);
            else update.Update(Vector128.LoadUnsafe(ref g[0], i), ref p[0], ref m[0], ref v[0], i);
        }
        Assert.NotEqual(0UL, deferred[0]); // some vectors near zero wait for Finish
        update.Finish(ref g[0], ref m[0], ref v[0], width);
        AssertBits(wantM, m, "first moment");
        AssertBits(wantV, v, "second moment");
        AssertBits(wantP, p, "parameters");
    }

    /// <summary>
    /// The step interleaved with a kernel (AdamInterleave, Vector512 only): vectors near zero wait for Finish, a bit each in
    /// the caller's block; a storage past the block's bits steps them in the kernel's loop, the plain way.
    /// </summary>
    [Theory]
    [InlineData(1024, 512, 8)]
    [InlineData(32768 + 1024, 1024, 9)]
    public void Interleaved_steps_near_zero_give_the_plain_steps_bits(int length, int pipelined, int seed)
    {
        if (!Vector512.IsHardwareAccelerated)
            return; // AdamInterleave serves the Vector512 kernels only
        var (p, g, m, v) = Values(length, seed);
        var (wantP, wantM, wantV) = ((float[])p.Clone(), (float[])m.Clone(), (float[])v.Clone());
        var scalars = AdamStep.Of(1e-3f, Beta1, Beta2, 1000);
        var (stepSize, inverse) = (scalars.StepSize, scalars.InverseSecondMomentCorrection);
        for (int i = 0; i < p.Length; i++)
            PlainStep(g[i], ref wantP[i], ref wantM[i], ref wantV[i], stepSize, inverse, 1e-8f, Beta1, MultiplyAddsFuse);
        Span<ulong> deferred = stackalloc ulong[AdamInterleave.DeferredWords];
        var adam = new AdamInterleave(ref p[0], ref g[0], ref m[0], ref v[0], pipelined, length, 1e-3f, Beta1, Beta2, 1e-8f, 1000, deferred);
        // As a kernel: a piece of work per row, the pipelined gradients made final a block at a time.
        for (int ready = 64; ready <= pipelined; ready += 64)
        {
            adam.Ready(ready);
            for (int row = 0; row < 5; row++)
                adam.Step();
        }
        adam.Finish();
        AssertBits(wantM, m, "first moment");
        AssertBits(wantV, v, "second moment");
        AssertBits(wantP, p, "parameters");
    }

    private readonly struct Hyperparameters : IAdamHyperparameters
    {
        public static double Beta1 => AdamNearZeroTests.Beta1;
        public static double Beta2 => AdamNearZeroTests.Beta2;
        public static float Epsilon => 1e-8f;
    }

    /// <summary>The kernels' arithmetic, one float at a time: PyTorch's moments, p - stepSize·(m / d), multiply-adds fused where the kernels' are.</summary>
    private static void PlainStep(float g, ref float p, ref float m, ref float v, float stepSize, float inverse, float epsilon, double beta1, bool fused)
    {
        m = MultiplyAdd(g, (float)(1 - beta1), m * (float)beta1, fused);
        v = MultiplyAdd((float)(1 - Beta2) * g, g, v * (float)Beta2, fused);
        p = MultiplyAdd(-stepSize, m / MultiplyAdd(MathF.Sqrt(v), inverse, epsilon, fused), p, fused);
    }

    private static float MultiplyAdd(float a, float b, float c, bool fused) => fused ? MathF.FusedMultiplyAdd(a, b, c) : a * b + c;

    /// <summary>
    /// Parameters, gradients and both moments. Most vectors are of decayed moments with zero gradients (the path's own
    /// arithmetic); some hold a gradient on a subnormal moment, or a parameter at or near zero (its fallbacks).
    /// </summary>
    private static (float[] P, float[] G, float[] M, float[] V) Values(int length, int seed)
    {
        var random = new Random(seed);
        var (p, g, m, v) = (new float[length], new float[length], new float[length], new float[length]);
        for (int i = 0; i < length; i++)
        {
            int vector = i / 16;
            m[i] = (random.Next(7)) switch
            {
                6 => Signed(random, BitConverter.Int32BitsToSingle(random.Next(1 << 23, 2 << 23))), // 2^-126 to 2^-125: β1·m crosses into the subnormals
                0 => 0f,
                1 => Signed(random, BitConverter.Int32BitsToSingle(random.Next(1, 1 << 23))), // subnormal
                2 => Signed(random, BitConverter.Int32BitsToSingle(random.Next(1 << 23, (127 - 89) << 23))), // 2^-126 to 2^-89
                3 => Signed(random, BitConverter.Int32BitsToSingle(random.Next(1, 16))), // the smallest subnormals
                4 => -0f,
                _ => Signed(random, (float)random.NextDouble() * 1e-3f),
            };
            // Zero gradients, but for every fourth vector's odd elements (a unit coming back to life).
            g[i] = vector % 4 == 3 && i % 2 == 1 ? Signed(random, (float)random.NextDouble() * 1e-2f) : random.Next(2) == 0 ? 0f : -0f;
            v[i] = random.Next(5) switch
            {
                0 => 0f,
                1 => BitConverter.Int32BitsToSingle(random.Next(1, 1 << 23)),
                _ => (float)Math.Pow(10, -2 - 8 * random.NextDouble()),
            };
            // Ordinary parameters, but for every fifth vector's: zeros, subnormals and values around 2^-120 (the bounds).
            p[i] = vector % 5 != 4 ? Signed(random, (float)random.NextDouble()) : random.Next(4) switch
            {
                0 => random.Next(2) == 0 ? 0f : -0f,
                1 => Signed(random, BitConverter.Int32BitsToSingle(random.Next(1, 1 << 23))),
                2 => Signed(random, BitConverter.Int32BitsToSingle(random.Next((127 - 122) << 23, (127 - 118) << 23))),
                _ => Signed(random, 1e-30f),
            };
            // One element of another fifth of the vectors: a subnormal moment, no gradient and a parameter of 2^-119 to
            // 2^-85, where |p|·d meets stepSize·2^-97 (the bound on kept parameters); the vector's other parameters are
            // ordinary, so whether its p is kept is that element's bound alone.
            if (vector % 5 == 2 && i % 16 == vector / 5 % 16)
            {
                m[i] = Signed(random, BitConverter.Int32BitsToSingle(random.Next(1, 1 << 23)));
                g[i] = 0f;
                p[i] = Signed(random, (float)Math.Pow(2, -119 + 34 * random.NextDouble()));
            }
        }
        return (p, g, m, v);
    }

    private static float Signed(Random random, float value) => random.Next(2) == 0 ? value : -value;

    private static void AssertBits(float[] want, float[] actual, string what)
    {
        for (int i = 0; i < want.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(want[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"{what}[{i}]: plain step {want[i]:R} ({BitConverter.SingleToInt32Bits(want[i]):X8}), kernel {actual[i]:R} ({BitConverter.SingleToInt32Bits(actual[i]):X8})");
    }

    private static bool MultiplyAddsFuse => OptimizerKernelsTests.MultiplyAddsFuse;
}
