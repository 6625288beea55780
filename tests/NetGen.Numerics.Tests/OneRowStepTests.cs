using System;
using System.Reflection;
using System.Runtime.Intrinsics;
using NetGen;
using Xunit;
using static NetGen.Numerics.Tests.Support.NetworkState;

namespace NetGen.Numerics.Tests;

// Networks whose one-row TrainBatch takes its plain SGD step inside the gradient pass (StepPlan.StepsInRegisters).

[Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.5f, BatchSize = 1, Seed = 41)]
[Input(2)] [Dense(4, Activation.Tanh)] [Dense(1, Activation.Sigmoid)]
public partial class StepInRegistersXor { }

[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Sgd, LearningRate = 0.05f, BatchSize = 4, Seed = 42,
    Schedule = LearningRateSchedule.Step, ScheduleStepSize = 3, ScheduleGamma = 0.5f)]
[Input(3)] [Dense(5, Activation.Relu)] [Dense(2, Activation.Identity)]
public partial class StepInRegistersScheduledMse { }

[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.1f, BatchSize = 1, Seed = 43)]
[Input(4)] [Dense(6, Activation.Tanh, Trainable = false)] [Dense(5, Activation.Relu, Bias = false)] [Dense(3, Activation.Identity)]
public partial class StepInRegistersFrozenClassifier { }

[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Sgd, LearningRate = 0.1f, BatchSize = 1, Seed = 44)]
[Input(3)] [Dense(9, Activation.Sigmoid)] [Dense(1, Activation.Tanh)] [Dense(2, Activation.Identity)]
public partial class StepInRegistersHiddenUnit { }

[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.01f, BatchSize = 16, Seed = 45)]
[Input(4)] [Dense(16, Activation.Relu)] [Dense(16, Activation.Relu)] [Dense(3, Activation.Identity)]
public partial class StepInRegistersAdamIris { }

[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.AdamW, LearningRate = 0.02f, WeightDecay = 0f, BatchSize = 1, Seed = 46,
    Schedule = LearningRateSchedule.Exponential, ScheduleGamma = 0.9f)]
[Input(3)] [Dense(9, Activation.Tanh)] [Dense(1, Activation.Sigmoid)] [Dense(2, Activation.Identity, Bias = false)]
public partial class StepInRegistersAdamHiddenUnit { }

[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.01f, BatchSize = 8, Seed = 47)]
[Input(5)] [Dense(8, Activation.Tanh)] [Dense(6, Activation.Identity)]
public partial class StepInRegistersSixClasses { }

[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.01f, BatchSize = 8, Seed = 48)]
[Input(3)] [Dense(12, Activation.Relu)] [Dense(10, Activation.Identity)]
public partial class StepInRegistersTenClasses { }

/// <summary>
/// A one-row TrainBatch or TrainStep with no opt-in check on takes its SGD step as the gradient registers are made
/// (TrainOneRowInRegisters, GradientsOfOneRow with step). It must be the step ApplyGradients takes, bit for bit: the same network with
/// DetectConcurrentUse on (which takes the ordinary path) is its twin.
/// </summary>
public class OneRowStepTests
{
    public static TheoryData<string> Networks => new()
    {
        nameof(StepInRegistersXor), nameof(StepInRegistersScheduledMse), nameof(StepInRegistersFrozenClassifier), nameof(StepInRegistersHiddenUnit),
        nameof(StepInRegistersAdamIris), nameof(StepInRegistersAdamHiddenUnit), nameof(StepInRegistersSixClasses), nameof(StepInRegistersTenClasses),
    };

    private static INetwork Create(string name) => name switch
    {
        nameof(StepInRegistersXor) => new StepInRegistersXor(),
        nameof(StepInRegistersScheduledMse) => new StepInRegistersScheduledMse(),
        nameof(StepInRegistersFrozenClassifier) => new StepInRegistersFrozenClassifier(),
        nameof(StepInRegistersAdamIris) => new StepInRegistersAdamIris(),
        nameof(StepInRegistersAdamHiddenUnit) => new StepInRegistersAdamHiddenUnit(),
        nameof(StepInRegistersSixClasses) => new StepInRegistersSixClasses(),
        nameof(StepInRegistersTenClasses) => new StepInRegistersTenClasses(),
        _ => new StepInRegistersHiddenUnit(),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void The_fused_step_is_the_ordinary_step_bit_for_bit(string name)
    {
        INetwork fused = Create(name), ordinary = Create(name);
        Assert.NotNull(fused.GetType().GetMethod("TrainOneRowInRegisters", BindingFlags.NonPublic | BindingFlags.Instance));
        // The twins differ only where this machine's vectors hold the layers (TrainsInRegisters: Vector256 is enough for
        // every network here); on narrower vectors both take the ordinary path, so the wide runs are the ones that test
        // the fused step, and there it must be taken.
        var trainsInRegisters = fused.GetType().GetProperty("TrainsInRegisters", BindingFlags.NonPublic | BindingFlags.Static);
        Assert.NotNull(trainsInRegisters);
        if (Vector256.IsHardwareAccelerated)
            Assert.True((bool)trainsInRegisters.GetValue(null)!);
        SetDetectConcurrentUse(ordinary);
        var (inputs, targets) = GradientCheckTests.Data(fused, 12, seed: 7);
        int inputSize = fused.InputSize, outputSize = fused.OutputSize;
        for (int step = 0; step < 40; step++)
        {
            int row = step % 12;
            var x = inputs.AsSpan(row * inputSize, inputSize);
            var t = targets.AsSpan(row * outputSize, outputSize);
            float expected = step % 2 == 0 ? ordinary.TrainBatch(x, t) : ordinary.TrainStep(x, t);
            float actual = step % 2 == 0 ? fused.TrainBatch(x, t) : fused.TrainStep(x, t);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(actual));
            Assert.Equal(Bits(Gradients(ordinary)), Bits(Gradients(fused)));
            Assert.Equal(Bits(Parameters(ordinary)), Bits(Parameters(fused)));
        }
        Assert.NotEqual(Parameters(Create(name)), Parameters(fused)); // it trained
    }

    /// <summary>
    /// Xor's one-row step takes its loss from the output register (NetworkPlan.LossValueInRegisters), its z and y not
    /// stored: the value must be the one ComputeLoss's LossOfRows gives from the stored row, bit for bit (the forward
    /// passes agree to the bit on this network; on the others here their sums group differently).
    /// </summary>
    [Fact]
    public void A_loss_taken_from_the_register_is_ComputeLoss_bit_for_bit()
    {
        var network = new StepInRegistersXor();
        var (inputs, targets) = GradientCheckTests.Data(network, 12, seed: 8);
        for (int k = 0; k < 4; k++)
            targets[k] = 0.25f * k; // targets between 0 and 1 as well: both logs weighted
        for (int step = 0; step < 24; step++)
        {
            var x = inputs.AsSpan(step % 12 * 2, 2);
            var t = targets.AsSpan(step % 12, 1);
            float before = network.ComputeLoss(x, t);
            float loss = step % 2 == 0 ? network.TrainStep(x, t) : network.TrainBatch(x, t);
            Assert.Equal(BitConverter.SingleToInt32Bits(before), BitConverter.SingleToInt32Bits(loss));
        }
    }

    /// <summary>
    /// A cross-entropy's one-row pass takes the row's loss from its gradient's kernel (NetworkPlan.LossValueInRegisters),
    /// the logits not stored: the value must be the one LossOfRows' kernel gives from the logits Predict returns (the
    /// same forward pass in registers), bit for bit, with one-hot and soft targets, stepping and not; 3, 6 and 10 classes
    /// take a Vector128, a Vector256 and a Vector512 of logits (10 on Vector256 are two registers: LossOfRows' value, the
    /// same). Where the vectors are too narrow for the pass (TrainsInRegisters false), the row takes the batch kernels:
    /// ComputeLoss's value.
    /// </summary>
    [Theory]
    [InlineData(nameof(StepInRegistersAdamIris))]
    [InlineData(nameof(StepInRegistersFrozenClassifier))]
    [InlineData(nameof(StepInRegistersSixClasses))]
    [InlineData(nameof(StepInRegistersTenClasses))]
    public void A_cross_entropy_taken_from_the_register_is_the_loss_kernel_s_bit_for_bit(string name)
    {
        var network = Create(name);
        bool inRegisters = (bool)network.GetType().GetProperty("TrainsInRegisters", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        var (inputs, targets) = GradientCheckTests.Data(network, 12, seed: 10);
        int inputSize = network.InputSize, classes = network.OutputSize;
        for (int k = 0; k < classes; k++)
            targets[classes + k] = 0.25f * (k + 1); // a soft row whose sum is not 1
        for (int r = 0; r < 12; r += 3)
            for (int k = 0; k < classes; k++)
                targets[r * classes + k] = k == r % classes ? 1f : 0f; // one-hot rows; the others are distributions
        var logits = new float[16];
        var delta = new float[16];
        for (int step = 0; step < 24; step++)
        {
            var x = inputs.AsSpan(step % 12 * inputSize, inputSize);
            var t = targets.AsSpan(step % 12 * classes, classes);
            network.Predict(x, logits.AsSpan(0, classes));
            float expected = inRegisters
                ? NetGen.Runtime.LossKernels.SoftmaxCrossEntropy(ref logits[0], 16, ref t[0], classes, ref delta[0], 1, 1f, false, true) * 1f
                : network.ComputeLoss(x, t);
            float loss = step % 3 == 0 ? network.ComputeGradients(x, t) : step % 3 == 1 ? network.TrainStep(x, t) : network.TrainBatch(x, t);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(loss));
        }
    }

    /// <summary>
    /// A unit killed after some steps (its bias far below zero: Relu passes nothing, its weights' gradients are exactly 0)
    /// leaves Adam's first moments of its weights decaying by β1 a step, into the range where the fused step defers a
    /// vector to AdamRegisterStep.Finish after the pass (some 650 steps on). Its steps must still be the ordinary ones.
    /// </summary>
    [Fact]
    public void Moments_decayed_near_zero_are_stepped_as_the_ordinary_step_does()
    {
        INetwork fused = new StepInRegistersAdamIris(), ordinary = new StepInRegistersAdamIris();
        SetDetectConcurrentUse(ordinary);
        var (inputs, targets) = GradientCheckTests.Data(fused, 12, seed: 9);
        void Train(int steps, int from)
        {
            for (int step = from; step < from + steps; step++)
            {
                var x = inputs.AsSpan(step % 12 * 4, 4);
                var t = targets.AsSpan(step % 12 * 3, 3);
                Assert.Equal(Bits(ordinary.TrainBatch(x, t)), Bits(fused.TrainBatch(x, t)));
            }
        }
        Train(10, 0);
        var parameters = Parameters(fused);
        for (int i = 0; i < 4; i++)
            parameters[i] = 0f; // layer 0's unit 0: its weight row [0, 4) and its bias at 64 (state_dict order)
        parameters[64] = -1000f;
        fused.SetParameters(parameters);
        ordinary.SetParameters(parameters);
        Train(1000, 10);
        Assert.Equal(Bits(Parameters(ordinary)), Bits(Parameters(fused)));
    }

    [Theory]
    [InlineData(nameof(StepInRegistersHiddenUnit))]
    [InlineData(nameof(StepInRegistersAdamHiddenUnit))]
    public void A_diverging_fused_step_is_not_taken(string name)
    {
        var network = Create(name);
        network.LearningRate = 1e38f;
        var (inputs, targets) = GradientCheckTests.Data(network, 4, seed: 4);
        for (int k = 0; k < targets.Length; k++) targets[k] *= 1e12f;
        ArithmeticException? error = null;
        for (int step = 0; step < 40 && error is null; step++)
        {
            var x = inputs.AsSpan(step % 4 * 3, 3);
            var t = targets.AsSpan(step % 4 * 2, 2);
            var before = Parameters(network);
            try { network.TrainBatch(x, t); }
            catch (ArithmeticException e)
            {
                error = e;
                Assert.Equal(Bits(before), Bits(Parameters(network)));
            }
        }
        Assert.NotNull(error);
        Assert.Contains("not taken", error!.Message);
    }

    [Theory]
    [InlineData(nameof(StepInRegistersScheduledMse))]
    [InlineData(nameof(StepInRegistersAdamHiddenUnit))]
    public void A_fused_step_counts_only_the_steps_taken(string name)
    {
        // The schedule (and Adam's bias corrections) follow the step count: a refused step must not count, or the twins part.
        INetwork fused = Create(name), ordinary = Create(name);
        SetDetectConcurrentUse(ordinary);
        var (inputs, targets) = GradientCheckTests.Data(fused, 4, seed: 5);
        float[] bad = [float.NaN, 0f, 0f]; // the loss is NaN: the step is refused (an ArgumentException naming the input)
        for (int step = 0; step < 8; step++)
        {
            if (step == 4)
            {
                Assert.Throws<ArgumentException>(() => fused.TrainBatch(bad, targets.AsSpan(0, 2)));
                Assert.Throws<ArgumentException>(() => ordinary.TrainBatch(bad, targets.AsSpan(0, 2)));
            }
            var x = inputs.AsSpan(step % 4 * 3, 3);
            var t = targets.AsSpan(step % 4 * 2, 2);
            Assert.Equal(ordinary.TrainBatch(x, t), fused.TrainBatch(x, t));
        }
        Assert.Equal(Bits(Parameters(ordinary)), Bits(Parameters(fused)));
    }

    [Theory]
    [InlineData(nameof(StepInRegistersFrozenClassifier))]
    [InlineData(nameof(StepInRegistersAdamIris))]
    public void A_labelled_row_takes_the_fused_step_bit_for_bit(string name)
    {
        IClassifier fused = (IClassifier)Create(name), ordinary = (IClassifier)Create(name);
        SetDetectConcurrentUse(ordinary);
        var (inputs, _) = GradientCheckTests.Data(fused, 10, seed: 8);
        int n = fused.InputSize;
        for (int step = 0; step < 30; step++)
        {
            var x = inputs.AsSpan(step % 10 * n, n);
            int label = step * 7 % fused.OutputSize;
            float expected = step % 2 == 0 ? ordinary.TrainBatch(x, [label]) : ordinary.TrainStep(x, label);
            float actual = step % 2 == 0 ? fused.TrainBatch(x, [label]) : fused.TrainStep(x, label);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(actual));
            Assert.Equal(Bits(Parameters(ordinary)), Bits(Parameters(fused)));
        }
        var before = Parameters(fused);
        Assert.Throws<ArgumentOutOfRangeException>(() => fused.TrainBatch(inputs.AsSpan(0, n), [fused.OutputSize]));
        Assert.Equal(Bits(before), Bits(Parameters(fused)));
    }

    [Fact]
    public void The_fused_step_allocates_nothing()
    {
        var network = new StepInRegistersXor();
        float[] x = [0f, 1f], t = [1f];
        AllocationTests.AssertNoAllocation("fused TrainBatch", () => network.TrainBatch(x, t));

        var classifier = new StepInRegistersAdamIris();
        float[] row = [0.1f, 0.2f, -0.3f, 0.4f];
        int[] label = [2];
        AllocationTests.AssertNoAllocation("fused labelled TrainBatch", () => classifier.TrainBatch(row, label));
    }
}
