using System;
using System.Runtime.Intrinsics;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>Every width of the activation math against double precision, including saturation and tiny inputs.</summary>
public class VectorMathTests
{
    private static float[] Points()
    {
        var points = new System.Collections.Generic.List<float> { 0f, 1e-30f, -1e-30f, 1e-7f, -3e-5f, 0.6249f, 0.6251f, -0.625f, 88f, -88f, 100f, -100f };
        for (float x = -30f; x <= 30f; x += 0.0137f)
            points.Add(x);
        while (points.Count % 16 != 0)
            points.Add(1f);
        return points.ToArray();
    }

    [Fact]
    public void Tanh_is_accurate_on_every_width()
    {
        // The rational tanh: 6 ulps (its float32 evaluation measures 4.8 at worst, as Eigen's does).
        AssertEveryWidth(Points(), VectorMath.Tanh, VectorMath.Tanh, VectorMath.Tanh, VectorMath.Tanh, Math.Tanh, "tanh", ulps: 6);
    }

    [Fact]
    public void Tanh_is_within_six_ulps_on_every_eighth_float_up_to_16()
    {
        // Dense: every 8th float from 2^-20 to 16 (above 9.02 tanh is ±1 within an ulp), both signs, on Vector256.
        int from = BitConverter.SingleToInt32Bits(1f / (1 << 20)), to = BitConverter.SingleToInt32Bits(16f);
        Span<float> x = stackalloc float[8];
        for (int bits = from; bits < to; bits += 64)
        {
            for (int k = 0; k < 8; k++)
                x[k] = BitConverter.Int32BitsToSingle(bits + 8 * k) * (k % 2 == 0 ? 1f : -1f);
            var y = VectorMath.Tanh(Vector256.Create<float>(x));
            for (int k = 0; k < 8; k++)
                AssertClose(Math.Tanh(x[k]), y[k], "tanh", "Vector256", x[k], ulps: 6);
        }
    }

    [Theory]
    [InlineData(0f, 0f)]
    [InlineData(-1e-30f, -1e-30f)]
    [InlineData(1e-30f, 1e-30f)]
    [InlineData(float.PositiveInfinity, 1f)]
    [InlineData(float.NegativeInfinity, -1f)]
    [InlineData(float.NaN, float.NaN)]
    public void Tanh_keeps_zero_tiny_values_and_NaN_and_saturates_on_every_width(float x, float expected)
    {
        // ±∞ clamp to ±9.02, where the rational is exactly ±1 (as torch.tanh); -0 keeps its sign.
        Assert.True(float.IsNegative(VectorMath.Tanh(Vector128.Create(-0f))[0]));
        foreach (float y in new[] { VectorMath.Tanh(Vector128.Create(x))[3], VectorMath.Tanh(Vector256.Create(x))[7], VectorMath.Tanh(Vector512.Create(x))[15] })
            Assert.Equal(expected, y);
    }

    [Fact]
    public void Sigmoid_is_accurate_on_every_width()
    {
        var points = Array.FindAll(Points(), x => Math.Abs(x) <= 80f); // beyond, the true value is a float32 denormal
        while (points.Length % 16 != 0) points = [.. points, 0f];
        AssertEveryWidth(points, VectorMath.Sigmoid, VectorMath.Sigmoid, VectorMath.Sigmoid, VectorMath.Sigmoid, x => 1 / (1 + Math.Exp(-x)), "sigmoid");
    }

    [Fact]
    public void Exp_is_accurate_on_every_width_down_to_the_denormals()
    {
        var points = new System.Collections.Generic.List<float> { 0f, -0f, 1e-30f, -1e-7f, 0.34657359f, -0.34657359f, 88.72f, -87.33f, -87.34f };
        for (float x = -87.3f; x <= 88.7f; x += 0.0173f)
            points.Add(x);
        while (points.Count % 16 != 0) points.Add(1f);
        AssertEveryWidth(points.ToArray(), VectorMath.Exp, VectorMath.Exp, VectorMath.Exp, VectorMath.Exp, Math.Exp, "exp");
    }

    [Theory]
    [InlineData(88.73f, float.PositiveInfinity)]
    [InlineData(1000f, float.PositiveInfinity)]
    [InlineData(float.PositiveInfinity, float.PositiveInfinity)]
    [InlineData(-104f, 0f)]
    [InlineData(float.NegativeInfinity, 0f)]
    [InlineData(float.NaN, float.NaN)]
    public void Exp_saturates_and_keeps_NaN_on_every_width(float x, float expected)
    {
        Assert.Equal(expected, VectorMath.Exp(Vector128.Create(x))[3]);
        Assert.Equal(expected, VectorMath.Exp(Vector256.Create(x))[7]);
        Assert.Equal(expected, VectorMath.Exp(Vector512.Create(x))[15]);
    }

    [Fact]
    public void Exp_underflows_gradually_like_the_true_value()
    {
        for (float x = -103f; x < -87.4f; x += 0.37f)
        {
            double expected = Math.Exp(x);
            float actual = VectorMath.Exp(Vector256.Create(x))[0];
            // Denormals carry fewer bits: within two of the smallest denormal steps.
            Assert.True(Math.Abs(actual - expected) <= 2 * float.Epsilon + 4 * expected * Math.Pow(2, -24), $"exp({x}) = {actual:R}, expected {expected:R}");
        }
    }

    [Fact]
    public void Log_is_accurate_on_every_width_from_the_denormals_up()
    {
        var points = new System.Collections.Generic.List<float> { float.Epsilon, 1e-40f, 1.17549435e-38f, 0.70710677f, 0.7071068f, 1f, 1.0000001f, 0.99999994f, 1.4142135f, 1.4142137f, 2f, float.MaxValue };
        for (double x = 1e-44; x < 3e38; x *= 1.0731)
            points.Add((float)x);
        for (float x = 0.5f; x < 2f; x += 0.00137f)
            points.Add(x);
        while (points.Count % 16 != 0) points.Add(1f);
        AssertEveryWidth(points.ToArray(), VectorMath.Log, VectorMath.Log, VectorMath.Log, VectorMath.Log, Math.Log, "log", ulps: 2);
    }

    [Theory]
    [InlineData(0f, float.NegativeInfinity)]
    [InlineData(-1f, float.NaN)]
    [InlineData(-1e-40f, float.NaN)]
    [InlineData(float.NegativeInfinity, float.NaN)]
    [InlineData(float.PositiveInfinity, float.PositiveInfinity)]
    [InlineData(float.NaN, float.NaN)]
    public void Log_of_zero_negatives_infinity_and_NaN_as_MathF_on_every_width(float x, float expected)
    {
        Assert.Equal(expected, MathF.Log(x));
        Assert.Equal(expected, VectorMath.Log(Vector128.Create(x))[3]);
        Assert.Equal(expected, VectorMath.Log(Vector256.Create(x))[7]);
        Assert.Equal(expected, VectorMath.Log(Vector512.Create(x))[15]);
    }

    private static void AssertEveryWidth(float[] x, Func<float, float> scalar, Func<Vector128<float>, Vector128<float>> v128,
        Func<Vector256<float>, Vector256<float>> v256, Func<Vector512<float>, Vector512<float>> v512, Func<double, double> exact, string name, int ulps = 4)
    {
        for (int i = 0; i < x.Length; i += 16)
        {
            var a = v512(Vector512.Create(x.AsSpan(i, 16)));
            for (int k = 0; k < 16; k++)
            {
                double expected = exact(x[i + k]);
                AssertClose(expected, scalar(x[i + k]), name, "scalar", x[i + k], ulps);
                AssertClose(expected, a[k], name, "Vector512", x[i + k], ulps);
                AssertClose(expected, v256(Vector256.Create(x.AsSpan(i + k / 8 * 8, 8)))[k % 8], name, "Vector256", x[i + k], ulps);
                AssertClose(expected, v128(Vector128.Create(x.AsSpan(i + k / 4 * 4, 4)))[k % 4], name, "Vector128", x[i + k], ulps);
            }
        }
    }

    private static void AssertClose(double expected, float actual, string name, string width, float x, int ulps = 4)
    {
        // A few float32 ulps: ulps × 2^-24 relative.
        double tolerance = ulps * Math.Abs(expected) * Math.Pow(2, -24) + 1e-38;
        Assert.True(Math.Abs(actual - expected) <= tolerance, $"{name}({x:R}) on {width}: {actual:R}, expected {expected:R}");
    }
}
