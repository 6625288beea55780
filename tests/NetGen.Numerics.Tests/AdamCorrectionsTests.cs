using System;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>
/// The default betas' table gives Math.Pow's corrections to the bit, at every step, on both sides of its end; past it the
/// pair kept from the thread's last call is given only for that call's betas and step.
/// </summary>
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

    [Fact]
    public void The_last_pair_kept_is_given_only_for_the_same_betas_and_step()
    {
        long late = AdamCorrections.TableSteps + 500;
        // Each call changes one of the three against the call before it, then repeats it (the kept pair's hit).
        (double, double, long)[] calls =
        [
            (0.9, 0.999, late), (0.9, 0.999, late), (0.9, 0.999, late + 1), (0.9, 0.999, late + 1), (0.8, 0.999, late + 1),
            (0.8, 0.99, late + 1), (0.8, 0.99, late + 1), (0.9, 0.999, late + 1), (0.9, 0.999, 3), (0.9, 0.999, late + 1),
        ];
        foreach (var (beta1, beta2, step) in calls)
        {
            var (first, inverseSqrtSecond) = AdamCorrections.For(beta1, beta2, step);
            Assert.Equal(1 - Math.Pow(beta1, step), first);
            Assert.Equal(1 / Math.Sqrt(1 - Math.Pow(beta2, step)), inverseSqrtSecond);
        }
    }
}
