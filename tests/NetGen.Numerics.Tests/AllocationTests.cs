using System;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>After construction, no predict or train member allocates: 1,000 calls of each, zero bytes.</summary>
public class AllocationTests
{
    private const int Calls = 1000;

    /// <summary>The README's network, two gradient-check networks, and every golden network: each activation, loss, optimizer, schedule and clipping.</summary>
    public static TheoryData<string> Networks() =>
        new([nameof(XorNet), nameof(WideCrossEntropy), nameof(CrossEntropySoftmax), .. GoldenTests.Networks.Keys, .. GoldenTests.PredictOnly.Keys]);

    [Theory]
    [MemberData(nameof(Networks))]
    public void No_member_allocates_after_construction(string name)
    {
        INetwork network = name == nameof(XorNet) ? new XorNet()
            : GoldenTests.Networks.TryGetValue(name, out var golden) ? golden()
            : GoldenTests.PredictOnly.TryGetValue(name, out var predictOnly) ? predictOnly()
            : GradientCheckTests.Networks[name].Create();
        int rows = network.BatchSize;
        var (inputs, targets) = GradientCheckTests.Data(network, rows, seed: 5);
        var input = inputs.AsSpan(0, network.InputSize).ToArray();
        var target = targets.AsSpan(0, network.OutputSize).ToArray();
        var output = new float[network.OutputSize];
        var parameters = new float[network.ParameterCount];
        network.CopyParametersTo(parameters);
        var initial = (float[])parameters.Clone(); // long training on one batch may diverge: SetParameters gets the finite start
        var gradients = new float[network.ParameterCount];

        AssertNoAllocation("Predict", () => network.Predict(input, output));
        var outputs = new float[rows * network.OutputSize];
        AssertNoAllocation("PredictBatch", () => network.PredictBatch(inputs, outputs));
        AssertNoAllocation("TrainStep", () => network.TrainStep(input, target));
        AssertNoAllocation("TrainBatch", () => network.TrainBatch(inputs, targets));
        AssertNoAllocation("ComputeLoss", () => network.ComputeLoss(inputs, targets));
        AssertNoAllocation("ComputeGradients", () => network.ComputeGradients(inputs, targets));
        AssertNoAllocation("ApplyGradients", network.ApplyGradients);
        AssertNoAllocation("Evaluate", () => network.Evaluate(inputs, targets));
        AssertNoAllocation("CopyParametersTo", () => network.CopyParametersTo(parameters));
        AssertNoAllocation("SetParameters", () => network.SetParameters(initial));
        AssertNoAllocation("CopyGradientsTo", () => network.CopyGradientsTo(gradients));
        var stream = new System.IO.MemoryStream(capacity: 1 << 20);
        AssertNoAllocation("Save", () => { stream.Position = 0; network.Save(stream); });
    }

    [Fact]
    public void Label_overloads_and_untrainable_networks_do_not_allocate()
    {
        var network = new WeightedCrossEntropyLabels();
        var (inputs, _) = GradientCheckTests.Data(network, 5, seed: 2);
        var labels = new[] { 0, 2, 1, 1, 0 };
        var input = inputs.AsSpan(0, 4).ToArray();
        AssertNoAllocation("TrainStep(label)", () => network.TrainStep(input, 2));
        AssertNoAllocation("TrainBatch(labels)", () => network.TrainBatch(inputs, labels));
        AssertNoAllocation("ComputeLoss(labels)", () => network.ComputeLoss(inputs, labels));
        AssertNoAllocation("Evaluate(labels)", () => network.Evaluate(inputs, labels));

        var perceptron = new StepPerceptron();
        float[] points = [2, 1, 1, 2, 3, 0, 0, 3], classes = [1, 0, 1, 1], output = new float[1];
        AssertNoAllocation("untrainable Predict", () => perceptron.Predict(points.AsSpan(0, 2), output));
        AssertNoAllocation("untrainable Evaluate", () => perceptron.Evaluate(points, classes));
    }

    /// <summary>
    /// Zero bytes over 1,000 calls, in at least one of three rounds: a real allocation shows in every
    /// round, while the runtime's own one-off work (tiered recompilation after warm-up) may fall into one.
    /// </summary>
    internal static void AssertNoAllocation(string member, Action call)
    {
        for (int i = 0; i < 100; i++)
            call(); // warm up: JIT, tiering, static initializers
        long allocated = 0;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Calls; i++)
                call();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated == 0)
                return;
        }
        Assert.Fail($"{member} allocated {allocated} bytes over {Calls} calls, in each of three rounds.");
    }
}
