using System;
using System.Linq;
using NetGen.Numerics.Tests.Support;
using Xunit;

namespace NetGen.Numerics.Tests;

// Frozen and bias-free layers beyond the golden fixtures: the one-row path (BatchSize 1, which would train in
// registers were every layer trainable with a bias), layers too wide for registers, and every penalty and clip.

[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.01f, WeightDecay = 0.01f, BatchSize = 1, Seed = 41)]
[GradientClipping(MaxNorm = 0.5f)]
[Input(3)]
[Dense(6, Activation.Tanh, Trainable = false)]
[Dense(5, Activation.Relu, Bias = false)]
[Dense(3, Activation.Identity)]
public partial class OneRowFrozenBiasFree { }

[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Sgd, LearningRate = 0.05f, Momentum = 0.9f, WeightDecay = 0.01f, L1 = 0.001f, BatchSize = 8, Seed = 42)]
[GradientClipping(MaxNorm = 0.5f, PerLayer = true)]
[Input(5)]
[Dense(20, Activation.Relu)]
[Dense(24, Activation.PRelu, PerUnit = true, Trainable = false)]
[Dense(2, Activation.Identity, Bias = false)]
public partial class FrozenMiddleWide { }

[Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.AdamW, LearningRate = 0.01f, WeightDecay = 0.1f, RegularizeBias = false, BatchSize = 8, Seed = 43)]
[Input(4)]
[Dense(32, Activation.Relu, Trainable = false)]
[Dense(16, Activation.Tanh, Trainable = false)]
[Dense(8, Activation.Relu)]
[Dense(1, Activation.Sigmoid)]
public partial class FrozenBaseAdamW { }

// Trains in registers with Adam's step fused: the moments hold the trainable parameters only, from TrainableStart.
[Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.01f, BatchSize = 1, Seed = 44)]
[Input(4)]
[Dense(5, Activation.Tanh, Bias = false, Trainable = false)]
[Dense(1, Activation.Sigmoid)]
public partial class OneRowFrozenAdamInRegisters { }

public class FrozenLayerTests
{
    private static readonly Func<INetwork>[] Networks = [() => new OneRowFrozenBiasFree(), () => new FrozenMiddleWide(), () => new FrozenBaseAdamW()];

    public static TheoryData<int> Cases() => new(Enumerable.Range(0, Networks.Length));

    public static TheoryData<int, int> CasesAndThreads()
    {
        var data = new TheoryData<int, int>();
        for (int index = 0; index < Networks.Length; index++)
        {
            data.Add(index, 1);
            if (Networks[index]().BatchSize > 1)
                data.Add(index, 2);
        }
        return data;
    }

    [Fact]
    public void Adam_fused_into_the_one_row_pass_steps_as_the_batch_step_does_below_frozen_layers()
    {
        // The twin checks for concurrent use, which takes ComputeGradients and ApplyGradients (OptimizerKernels.Adam): the
        // fused step is that step bit for bit. It read and wrote the moments at the parameters' storage offsets, past the
        // end of their buffers when a frozen layer comes first (corrupted memory; NaN or a crash within a few steps).
        var fused = new OneRowFrozenAdamInRegisters();
        var twin = new OneRowFrozenAdamInRegisters { DetectConcurrentUse = true };
        var random = new Random(9);
        float[] input = new float[4], target = new float[1];
        float[] a = new float[OneRowFrozenAdamInRegisters.ParameterCount], b = new float[OneRowFrozenAdamInRegisters.ParameterCount];
        for (int step = 0; step < 30; step++)
        {
            for (int i = 0; i < input.Length; i++)
                input[i] = (float)(random.NextDouble() * 2 - 1);
            target[0] = random.Next(2);
            Assert.Equal(twin.TrainStep(input, target), fused.TrainStep(input, target));
            fused.CopyParametersTo(a);
            twin.CopyParametersTo(b);
            Assert.True(a.AsSpan().SequenceEqual(b), $"step {step}: the parameters differ");
        }
        GC.Collect(); // a write past the moments' buffers shows here if not before
    }

    /// <summary>Which elements of the state_dict vector belong to frozen tensors, from the declared layers.</summary>
    private static bool[] FrozenMask(INetwork network) => network switch
    {
        OneRowFrozenBiasFree => Mask(network, "0.weight", "0.bias"),
        FrozenMiddleWide => Mask(network, "2.weight", "2.bias", "3.weight"),
        _ => Mask(network, "0.weight", "0.bias", "2.weight", "2.bias"),
    };

    private static bool[] Mask(INetwork network, params string[] frozen)
    {
        var mask = new bool[network.ParameterCount];
        foreach (var tensor in network.ParameterTensors.Where(t => frozen.Contains(t.Name)))
            Array.Fill(mask, true, tensor.Offset, tensor.Length);
        Assert.Equal(frozen.Length, network.ParameterTensors.Count(t => frozen.Contains(t.Name)));
        return mask;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Trainable_gradients_match_differences_and_frozen_ones_are_zero(int index)
    {
        var network = Networks[index]();
        int rows = Math.Min(network.BatchSize, 5);
        var (inputs, targets) = GradientCheckTests.Data(network, rows, seed: 7 + index);
        var theta = GradientCheckTests.MovedOffKinks(network, seed: index);
        network.ComputeGradients(inputs, targets);
        var analytic = new float[network.ParameterCount];
        network.CopyGradientsTo(analytic);
        var numeric = GradientCheckTests.GeneratedDifferences(network, theta, inputs, targets, 1e-2f);
        var frozen = FrozenMask(network);
        var trainable = Enumerable.Range(0, frozen.Length).Where(k => !frozen[k]).ToArray();
        Assert.All(Enumerable.Range(0, frozen.Length).Where(k => frozen[k]), k => Assert.Equal(0f, analytic[k]));
        // The loss does depend on the frozen parameters: their gradients are 0 because they are frozen, not because they do not matter.
        Assert.Contains(Enumerable.Range(0, frozen.Length).Where(k => frozen[k]), k => Math.Abs(numeric[k]) > 1e-4f);
        NumericAssert.RelativeL2(trainable.Select(k => numeric[k]).ToArray(), trainable.Select(k => analytic[k]).ToArray(), 1e-2, $"network {index}: trainable gradients vs differences");
    }

    [Theory]
    [MemberData(nameof(CasesAndThreads))]
    public void Training_moves_trainable_parameters_and_never_frozen_ones(int index, int threads)
    {
        var network = Networks[index]();
        network.TrainingThreads = threads;
        var (inputs, targets) = GradientCheckTests.Data(network, network.BatchSize, seed: 3 + index);
        var before = new float[network.ParameterCount];
        network.CopyParametersTo(before);
        for (int step = 0; step < 20; step++)
            network.TrainBatch(inputs, targets);
        network.TrainingThreads = 1; // ends the worker thread, which would otherwise outlive the test
        var after = new float[network.ParameterCount];
        network.CopyParametersTo(after);
        var frozen = FrozenMask(network);
        for (int k = 0; k < frozen.Length; k++)
        {
            if (frozen[k])
                Assert.Equal(before[k], after[k]); // bit for bit: no step, no decay, no clip
        }
        Assert.Contains(Enumerable.Range(0, frozen.Length), k => !frozen[k] && before[k] != after[k]);
    }

    [Fact]
    public void Bias_free_layers_have_no_bias_tensor_and_frozen_ones_still_count()
    {
        var tensors = OneRowFrozenBiasFree.ParameterTensors;
        Assert.Equal(["0.weight", "0.bias", "2.weight", "4.weight", "4.bias"], tensors.Select(t => t.Name));
        Assert.Equal(6 * 3 + 6 + 5 * 6 + 3 * 5 + 3, OneRowFrozenBiasFree.ParameterCount);
        Assert.Equal([5, 6], tensors[2].Shape);
        Assert.Contains("5 Relu no bias", OneRowFrozenBiasFree.Architecture);
    }
}
