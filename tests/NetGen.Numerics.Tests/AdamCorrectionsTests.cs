using System;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>The default betas' table gives Math.Pow's corrections to the bit, at every step, on both sides of its end.</summary>
public class AdamCorrectionsTests
{
    [Theory]
    [InlineData(0.9, 0.999)]
    [InlineData(0.8, 0.99)]
    [InlineData(0.9, 0.99)]
    public void Corrections_are_those_of_Math_Pow(double beta1, double beta2)
    {
        for (long step = 1; step <= AdamCorrections.TableSteps + 100; step++)
        {
            var (first, inverseSqrtSecond) = AdamCorrections.For(beta1, beta2, step);
            Assert.Equal(1 - Math.Pow(beta1, step), first);
            Assert.Equal(1 / Math.Sqrt(1 - Math.Pow(beta2, step)), inverseSqrtSecond);
        }
        Assert.Equal(1 - Math.Pow(beta1, 1L << 40), AdamCorrections.For(beta1, beta2, 1L << 40).FirstMoment);
    }
}
