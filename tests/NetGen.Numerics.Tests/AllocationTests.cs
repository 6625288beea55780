using System;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>After construction, no predict or train member allocates: 1,000 calls of each, zero bytes.</summary>
public class AllocationTests
{
    private const int Calls = 1000;

    public static TheoryData<string> Networks() =>
        new(nameof(XorNet), nameof(SgdMomentumDecayMse), nameof(AdamClipNormSoftTargets), nameof(SgdClipValueBce), nameof(WideCrossEntropy), nameof(CrossEntropySoftmax));

    [Theory]
    [MemberData(nameof(Networks))]
    public void No_member_allocates_after_construction(string name)
    {
        INetwork network = name == nameof(XorNet) ? new XorNet()
            : GoldenTests.Networks.TryGetValue(name, out var golden) ? golden()
            : GradientCheckTests.Networks[name].Create();
        int rows = network.BatchSize;
        var (inputs, targets) = GradientCheckTests.Data(network, rows, seed: 5);
        var input = inputs.AsSpan(0, network.InputSize).ToArray();
        var target = targets.AsSpan(0, network.OutputSize).ToArray();
        var output = new float[network.OutputSize];
        var parameters = new float[network.ParameterCount];
        network.CopyParametersTo(parameters);
        var gradients = new float[network.ParameterCount];

        AssertNoAllocation("Predict", () => network.Predict(input, output));
        AssertNoAllocation("TrainStep", () => network.TrainStep(input, target));
        AssertNoAllocation("TrainBatch", () => network.TrainBatch(inputs, targets));
        AssertNoAllocation("ComputeLoss", () => network.ComputeLoss(inputs, targets));
        AssertNoAllocation("ComputeGradients", () => network.ComputeGradients(inputs, targets));
        AssertNoAllocation("ApplyGradients", network.ApplyGradients);
        AssertNoAllocation("CopyParametersTo", () => network.CopyParametersTo(parameters));
        AssertNoAllocation("SetParameters", () => network.SetParameters(parameters));
        AssertNoAllocation("CopyGradientsTo", () => network.CopyGradientsTo(gradients));
        var stream = new System.IO.MemoryStream(capacity: 1 << 20);
        AssertNoAllocation("Save", () => { stream.Position = 0; network.Save(stream); });
    }

    private static void AssertNoAllocation(string member, Action call)
    {
        for (int i = 0; i < 50; i++)
            call(); // warm up: JIT, tiering, static initializers
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
            call();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"{member} allocated {allocated} bytes over {Calls} calls.");
    }
}
