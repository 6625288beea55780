using System;
using Xunit.Sdk;

namespace NetGen.Numerics.Tests.Support;

/// <summary>Float comparisons that say which element differs and by how much.</summary>
internal static class NumericAssert
{
    /// <summary>
    /// Every element within <paramref name="relative"/> of the expected value. Elements below a tenth
    /// of the vector's largest are compared against that tenth instead: a gradient that is a sum of
    /// larger terms cancelling out carries float32 rounding of the terms' size, not of the result's.
    /// </summary>
    public static void AllClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double relative, string what)
    {
        if (expected.Length != actual.Length)
            throw new XunitException($"{what}: expected {expected.Length} values, got {actual.Length}.");
        double scale = 0;
        foreach (float e in expected)
            scale = Math.Max(scale, Math.Abs(e));
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = relative * Math.Max(Math.Abs(expected[i]), 0.1 * scale) + 1e-12;
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance))
                throw new XunitException($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (difference {Math.Abs(expected[i] - actual[i]):E2}, tolerance {tolerance:E2}).");
        }
    }

    /// <summary>‖actual - expected‖ / ‖expected‖ within <paramref name="relative"/>.</summary>
    public static void RelativeL2(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double relative, string what)
    {
        double error = RelativeL2Error(expected, actual);
        if (!(error <= relative))
            throw new XunitException($"{what}: relative L2 error {error:E3} exceeds {relative:E1}.");
    }

    public static double RelativeL2Error(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        if (expected.Length != actual.Length)
            throw new XunitException($"Expected {expected.Length} values, got {actual.Length}.");
        double difference = 0, norm = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            difference += Math.Pow(actual[i] - (double)expected[i], 2);
            norm += Math.Pow(expected[i], 2);
        }
        return Math.Sqrt(difference) / Math.Max(Math.Sqrt(norm), 1e-30);
    }

    public static void Close(double expected, double actual, double relative, string what)
    {
        if (!(Math.Abs(expected - actual) <= relative * Math.Abs(expected)))
            throw new XunitException($"{what}: expected {expected:R}, got {actual:R}.");
    }
}
