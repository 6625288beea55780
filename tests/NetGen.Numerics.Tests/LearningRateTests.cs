using System;
using System.Linq;
using Xunit;
using static NetGen.Numerics.Tests.Support.NetworkState;

namespace NetGen.Numerics.Tests;

/// <summary>The learning rate set at run time: the step scales with it, a schedule takes it as its base, a bad one changes nothing.</summary>
public class LearningRateTests
{
    [Fact]
    public void Plain_SGD_moves_the_parameters_in_proportion_to_the_rate_set()
    {
        var (inputs, targets) = GradientCheckTests.Data(new XorSgd(), 5, seed: 3);
        var declared = new XorSgd(seed: 1);
        var doubled = new XorSgd(seed: 1);
        Assert.Equal(XorSgd.DefaultLearningRate, declared.LearningRate);
        doubled.LearningRate = 2 * XorSgd.DefaultLearningRate;

        float[] start = Parameters(declared);
        declared.TrainBatch(inputs, targets);
        doubled.TrainBatch(inputs, targets);
        var steps = Parameters(declared).Zip(start, (p, s) => (double)p - s).ToArray();
        var doubledSteps = Parameters(doubled).Zip(start, (p, s) => (double)p - s).ToArray();
        Assert.Contains(steps, step => step != 0);
        for (int k = 0; k < steps.Length; k++)
            Assert.Equal(2 * steps[k], doubledSteps[k], 1e-6);
    }

    [Fact]
    public void A_schedule_scales_the_rate_set()
    {
        var network = new LogitsAdamStepSchedule(); // 0.05 halved every 2 steps
        Assert.Equal(0.025f, network.LearningRateAt(2));
        network.LearningRate = 0.2f;
        Assert.Equal(0.1f, network.LearningRateAt(2));
    }

    [Fact]
    public void The_schedules_parameters_are_settable_and_checked()
    {
        var step = new LogitsAdamStepSchedule(); // 0.05, halved every 2 steps
        Assert.Equal(0.5, step.ScheduleGamma);
        step.ScheduleGamma = 0.25;
        step.ScheduleStepSize = 1;
        Assert.Equal(0.05f * 0.25f * 0.25f, step.LearningRateAt(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => step.ScheduleGamma = 1.5);
        Assert.Throws<ArgumentOutOfRangeException>(() => step.ScheduleStepSize = 0);
        Assert.Equal(0.25, step.ScheduleGamma);

        var cosine = new KullbackLeiblerCosine(); // 0.05 down to 0.001 over 4 steps
        cosine.ScheduleSteps = 8;
        cosine.MinLearningRate = 0.002;
        Assert.Equal((float)(0.002 + (0.05 - 0.002) * (1 + Math.Cos(Math.PI / 2)) / 2), cosine.LearningRateAt(4));
        Assert.Equal(0.002f, cosine.LearningRateAt(80));
        Assert.Throws<ArgumentOutOfRangeException>(() => cosine.MinLearningRate = -1);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void A_rate_that_is_not_positive_and_finite_is_refused_and_changes_nothing(float rate)
    {
        var network = new XorSgd();
        network.LearningRate = 0.3f;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => network.LearningRate = rate);
        Assert.Equal("LearningRate", error.ParamName);
        Assert.Equal(0.3f, network.LearningRate);
    }

    [Fact]
    public void Generic_code_sets_it_through_INetwork()
    {
        INetwork network = new XorSgd();
        network.LearningRate = 0.125f;
        Assert.Equal(0.125f, ((XorSgd)network).LearningRate);
    }
}
