using System;
using System.Reflection;
using System.Runtime.Intrinsics;
using NetGen;
using Xunit;
using static NetGen.Numerics.Tests.Support.NetworkState;

namespace NetGen.Numerics.Tests;

// Networks whose TrainBatch takes Adam's step inside the backward pass (StepPlan.StepsInBackward): between the rows of
// the lowest layer's weight gradient (NetGen.Runtime.AdamInterleave), or each layer's range after its backward.

[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 1e-3f, BatchSize = 32, Seed = 51)]
[Input(64)] [Dense(64, Activation.Relu)] [Dense(32, Activation.Relu)] [Dense(10, Activation.Identity)]
public partial class StepInBackwardDigits { }

// 30 inputs: the weight gradient's last block of 4 inputs moves back over the one before; Tanh's derivative taken above.
[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Adam, LearningRate = 0.01f, BatchSize = 8, Seed = 52,
    Schedule = LearningRateSchedule.Exponential, ScheduleGamma = 0.9f)]
[Input(30)] [Dense(64, Activation.Tanh)] [Dense(3, Activation.Identity)]
public partial class StepInBackwardOddInputs { }

// 80 columns: a 4 × 4 block of vectors, then one vector the kernel takes without stepping between its rows.
[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.AdamW, WeightDecay = 0f, LearningRate = 0.005f, BatchSize = 16, Seed = 53)]
[Input(16)] [Dense(80, Activation.Relu, Bias = false)] [Dense(5, Activation.Identity)]
public partial class StepInBackwardWideNoBias { }

// Layer 1's input gradient as dot products (48 columns for 8 rows): layer 0 takes Gelu's derivative in a pass of its own.
[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Adam, LearningRate = 0.003f, BatchSize = 8, Seed = 54)]
[Input(24)] [Dense(64, Activation.Gelu)] [Dense(48, Activation.Elu)] [Dense(2, Activation.Identity)]
public partial class StepInBackwardOwnDerivative { }

// PReLU above: its slopes' gradients are summed over rows, so the pass clears them first, as GradientsInto does.
[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.003f, BatchSize = 32, Seed = 55)]
[Input(16)] [Dense(64, Activation.Relu)] [Dense(32, Activation.PRelu, PerUnit = true)] [Dense(4, Activation.Identity)]
public partial class StepInBackwardPReluAbove { }

// Iris's shape: the lowest layer has one vector of columns, too few to host the step, so each layer's range is stepped
// as soon as its backward is done (StepPlan.InterleavesInLowest false).
[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.01f, BatchSize = 16, Seed = 56)]
[Input(4)] [Dense(16, Activation.Relu)] [Dense(16, Activation.Relu)] [Dense(3, Activation.Identity)]
public partial class StepInBackwardEachLayer { }

// Each layer's range again: PReLU's slopes (summed over rows, cleared first) in the lowest layer's range, a bias-free
// layer, a schedule.
[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Adam, LearningRate = 0.01f, BatchSize = 8, Seed = 57,
    Schedule = LearningRateSchedule.Exponential, ScheduleGamma = 0.95f)]
[Input(6)] [Dense(12, Activation.PRelu, PerUnit = true)] [Dense(20, Activation.Tanh, Bias = false)] [Dense(2, Activation.Identity)]
public partial class StepInBackwardEachLayerPRelu { }

/// <summary>
/// TrainBatch's step taken inside the backward pass must be the step ApplyGradients takes, bit for bit, and leave the
/// gradient buffer as ComputeGradients does: the same network with DetectConcurrentUse on (the ordinary path) is its twin.
/// On a machine without Vector512 both take the ordinary path, and the twins agree all the same.
/// </summary>
public class StepInBackwardTests
{
    public static TheoryData<string> Networks => new()
    {
        nameof(StepInBackwardDigits), nameof(StepInBackwardOddInputs), nameof(StepInBackwardWideNoBias), nameof(StepInBackwardOwnDerivative),
        nameof(StepInBackwardPReluAbove), nameof(StepInBackwardEachLayer), nameof(StepInBackwardEachLayerPRelu),
    };

    private static INetwork Create(string name) => name switch
    {
        nameof(StepInBackwardDigits) => new StepInBackwardDigits(),
        nameof(StepInBackwardOddInputs) => new StepInBackwardOddInputs(),
        nameof(StepInBackwardOwnDerivative) => new StepInBackwardOwnDerivative(),
        nameof(StepInBackwardPReluAbove) => new StepInBackwardPReluAbove(),
        nameof(StepInBackwardEachLayer) => new StepInBackwardEachLayer(),
        nameof(StepInBackwardEachLayerPRelu) => new StepInBackwardEachLayerPRelu(),
        _ => new StepInBackwardWideNoBias(),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void The_step_in_backward_is_the_ordinary_step_bit_for_bit(string name)
    {
        INetwork stepping = Create(name), ordinary = Create(name);
        Assert.NotNull(stepping.GetType().GetMethod("BackwardStepping", BindingFlags.NonPublic | BindingFlags.Instance));
        SetDetectConcurrentUse(ordinary);
        int batch = stepping.BatchSize, n = stepping.InputSize, m = stepping.OutputSize;
        var (inputs, targets) = GradientCheckTests.Data(stepping, 3 * batch, seed: 9);
        for (int step = 0; step < 30; step++)
        {
            // Partial batches too: more than half a batch, and a quarter (an input gradient of few rows takes dot products
            // with the weights, not their transposed copy).
            int rows = step % 3 == 2 ? Math.Max(1, batch / 2 + 1) : step % 6 == 1 ? Math.Max(2, batch / 4) : batch;
            int start = step % 3 * batch;
            var x = inputs.AsSpan(start * n, rows * n);
            var t = targets.AsSpan(start * m, rows * m);
            float expected = ordinary.TrainBatch(x, t), actual = stepping.TrainBatch(x, t);
            Assert.Equal(Bits(expected), Bits(actual));
            Assert.Equal(Bits(Gradients(ordinary)), Bits(Gradients(stepping)));
            Assert.Equal(Bits(Parameters(ordinary)), Bits(Parameters(stepping)));
        }
        Assert.Equal(Checkpoint(ordinary), Checkpoint(stepping)); // the moments and the step count too
        Assert.NotEqual(Bits(Parameters(Create(name))), Bits(Parameters(stepping))); // it trained
    }

    [Theory]
    [InlineData(nameof(StepInBackwardDigits))]
    [InlineData(nameof(StepInBackwardWideNoBias))]
    [InlineData(nameof(StepInBackwardPReluAbove))]
    [InlineData(nameof(StepInBackwardEachLayer))]
    public void Labelled_batches_take_the_step_in_backward_bit_for_bit(string name)
    {
        IClassifier stepping = (IClassifier)Create(name), ordinary = (IClassifier)Create(name);
        SetDetectConcurrentUse(ordinary);
        int batch = stepping.BatchSize, n = stepping.InputSize;
        var (inputs, _) = GradientCheckTests.Data(stepping, batch, seed: 10);
        var labels = new int[batch];
        for (int step = 0; step < 20; step++)
        {
            int rows = step % 4 == 3 ? 1 : step % 4 == 2 ? batch - 3 : batch;
            for (int r = 0; r < rows; r++)
                labels[r] = (r * 7 + step) % stepping.OutputSize;
            float expected = ordinary.TrainBatch(inputs.AsSpan(0, rows * n), labels.AsSpan(0, rows));
            float actual = stepping.TrainBatch(inputs.AsSpan(0, rows * n), labels.AsSpan(0, rows));
            Assert.Equal(Bits(expected), Bits(actual));
            Assert.Equal(Bits(Parameters(ordinary)), Bits(Parameters(stepping)));
        }
        var before = Checkpoint(stepping);
        labels[0] = stepping.OutputSize;
        Assert.Throws<ArgumentOutOfRangeException>(() => stepping.TrainBatch(inputs.AsSpan(0, n), labels.AsSpan(0, 1)));
        Assert.Equal(before, Checkpoint(stepping));
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_refused_step_changes_nothing_and_is_not_counted(string name)
    {
        // A non-finite input makes the loss NaN: the step is refused (an ArgumentException naming it) before the backward
        // pass, so the parameters, the moments and the step count (which the schedule and Adam's corrections follow) stay.
        INetwork stepping = Create(name), ordinary = Create(name);
        SetDetectConcurrentUse(ordinary);
        int batch = stepping.BatchSize, n = stepping.InputSize, m = stepping.OutputSize;
        var (inputs, targets) = GradientCheckTests.Data(stepping, batch, seed: 11);
        var bad = (float[])inputs.Clone();
        bad[n + 1] = float.NaN;
        for (int step = 0; step < 6; step++)
        {
            if (step == 3)
            {
                var before = Checkpoint(stepping);
                Assert.Throws<ArgumentException>(() => stepping.TrainBatch(bad, targets));
                Assert.Equal(before, Checkpoint(stepping));
            }
            Assert.Equal(Bits(ordinary.TrainBatch(inputs, targets)), Bits(stepping.TrainBatch(inputs, targets)));
        }
        Assert.Equal(Checkpoint(ordinary), Checkpoint(stepping));
    }

    [Fact]
    public void Logits_past_the_loss_bound_have_their_loss_tested_before_the_step()
    {
        // Iris's shape takes a labelled batch's loss after the step when the bound without the log (Σ |max| + |Σt·y| over
        // the rows) is below 2^126. Logits of 6e36 each (the output layer's bias; its weights 0) pass that bound, and their
        // loss is finite (log 3 is lost in 6e36): the loss is taken first, the step taken, both as the ordinary path does.
        // Logits of ±3e38 make the loss infinite: the step is refused and nothing changes.
        const int OutputBias = 64 + 16 + 256 + 16 + 48; // layer 2's bias in state_dict order, after its [3, 16] weights
        IClassifier stepping = new StepInBackwardEachLayer(), ordinary = new StepInBackwardEachLayer();
        SetDetectConcurrentUse(ordinary);
        int batch = stepping.BatchSize, n = stepping.InputSize;
        var (inputs, _) = GradientCheckTests.Data(stepping, batch, seed: 13);
        var labels = new int[batch];
        for (int r = 0; r < batch; r++)
            labels[r] = r % 3;
        var parameters = Parameters(stepping);
        Array.Clear(parameters, OutputBias - 48, 48);
        parameters[OutputBias] = parameters[OutputBias + 1] = parameters[OutputBias + 2] = 6e36f;
        stepping.SetParameters(parameters);
        ordinary.SetParameters(parameters);
        float expected = ordinary.TrainBatch(inputs, labels), actual = stepping.TrainBatch(inputs, labels);
        Assert.Equal(Bits(expected), Bits(actual));
        Assert.Equal(Bits(Parameters(ordinary)), Bits(Parameters(stepping)));
        Assert.NotEqual(Bits(parameters), Bits(Parameters(stepping))); // the step was taken

        parameters[OutputBias] = parameters[OutputBias + 1] = 3e38f;
        parameters[OutputBias + 2] = -3e38f;
        stepping.SetParameters(parameters);
        var before = Checkpoint(stepping);
        Assert.Throws<ArithmeticException>(() => stepping.TrainBatch(inputs, labels));
        Assert.Equal(before, Checkpoint(stepping));
    }

    [Fact]
    public void The_step_in_backward_allocates_nothing()
    {
        var network = new StepInBackwardDigits();
        var (inputs, targets) = GradientCheckTests.Data(network, StepInBackwardDigits.BatchSize, seed: 12);
        var initial = Parameters(network);
        AllocationTests.AssertNoAllocation("TrainBatch stepping in backward", () => network.TrainBatch(inputs, targets));
        network.SetParameters(initial);
        var labels = new int[StepInBackwardDigits.BatchSize];
        for (int r = 0; r < labels.Length; r++)
            labels[r] = r % StepInBackwardDigits.OutputSize;
        AllocationTests.AssertNoAllocation("labelled TrainBatch stepping in backward", () => network.TrainBatch(inputs, labels));
    }

    [Fact]
    public void Machines_with_Vector512_take_the_step_in_backward()
    {
        // The twin tests pass on either path; this one shows the stepping path is the one taken where it applies.
        var network = new StepInBackwardDigits();
        bool taken = (bool)network.GetType().GetProperty("StepsInBackward", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(network)!;
        Assert.Equal(Vector512.IsHardwareAccelerated, taken);
        SetDetectConcurrentUse(network);
        Assert.False((bool)network.GetType().GetProperty("StepsInBackward", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(network)!);
    }

    [Fact]
    public void Each_layers_step_is_taken_on_every_width_and_allocates_nothing()
    {
        // Stepping each layer's range needs no Vector512 (StepOnRange takes the machine's widest).
        var network = new StepInBackwardEachLayer();
        Assert.True((bool)network.GetType().GetProperty("StepsInBackward", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(network)!);
        Assert.Null(network.GetType().GetMethod("Layer0BackwardStepping", BindingFlags.NonPublic | BindingFlags.Static));
        var (inputs, _) = GradientCheckTests.Data(network, StepInBackwardEachLayer.BatchSize, seed: 13);
        var labels = new int[StepInBackwardEachLayer.BatchSize];
        for (int r = 0; r < labels.Length; r++)
            labels[r] = r % StepInBackwardEachLayer.OutputSize;
        AllocationTests.AssertNoAllocation("labelled TrainBatch stepping each layer in backward", () => network.TrainBatch(inputs, labels));
    }

    /// <summary>The network's checkpoint bytes: parameters, moments and the step count, compared whole.</summary>
    private static byte[] Checkpoint(INetwork network)
    {
        var stream = new System.IO.MemoryStream();
        network.GetType().GetMethod("SaveCheckpoint", [typeof(System.IO.Stream)])!.Invoke(network, [stream]);
        return stream.ToArray();
    }
}
