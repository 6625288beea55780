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
        AssertEveryWidth(Points(), VectorMath.Tanh, VectorMath.Tanh, VectorMath.Tanh, VectorMath.Tanh, Math.Tanh, "tanh");
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

    private static void AssertEveryWidth(float[] x, Func<float, float> scalar, Func<Vector128<float>, Vector128<float>> v128,
        Func<Vector256<float>, Vector256<float>> v256, Func<Vector512<float>, Vector512<float>> v512, Func<double, double> exact, string name)
    {
        for (int i = 0; i < x.Length; i += 16)
        {
            var a = v512(Vector512.Create(x.AsSpan(i, 16)));
            for (int k = 0; k < 16; k++)
            {
                double expected = exact(x[i + k]);
                AssertClose(expected, scalar(x[i + k]), name, "scalar", x[i + k]);
                AssertClose(expected, a[k], name, "Vector512", x[i + k]);
                AssertClose(expected, v256(Vector256.Create(x.AsSpan(i + k / 8 * 8, 8)))[k % 8], name, "Vector256", x[i + k]);
                AssertClose(expected, v128(Vector128.Create(x.AsSpan(i + k / 4 * 4, 4)))[k % 4], name, "Vector128", x[i + k]);
            }
        }
    }

    private static void AssertClose(double expected, float actual, string name, string width, float x)
    {
        // A few float32 ulps: 4 × 2^-24 relative.
        double tolerance = 4 * Math.Abs(expected) * Math.Pow(2, -24) + 1e-38;
        Assert.True(Math.Abs(actual - expected) <= tolerance, $"{name}({x:R}) on {width}: {actual:R}, expected {expected:R}");
    }
}
