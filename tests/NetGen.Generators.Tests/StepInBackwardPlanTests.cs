using System.Linq;
using NetGen.Testing;
using Xunit;

namespace NetGen.Generators.Tests;

/// <summary>
/// Which networks' TrainBatch takes Adam's step inside the backward pass (StepPlan.StepsInBackward): plain Adam over the
/// whole storage, within the L2-sized limit; between the rows of the lowest layer's weight gradient where that layer has
/// 4 × 4 register blocks (StepPlan.InterleavesInLowest), else, up to 16 rows, each layer's range after its backward. The generated code
/// compiles either way; the numerics tests hold the step to ApplyGradients' bit for bit.
/// </summary>
public class StepInBackwardPlanTests
{
    private const string Digits = "[Input(64)] [Dense(64, Activation.Relu)] [Dense(32, Activation.Relu)] [Dense(10)]";

    [Theory]
    [InlineData("Optimizer = Optimizer.Adam, BatchSize = 32", Digits, "interleaved")]
    [InlineData("Optimizer = Optimizer.AdamW, WeightDecay = 0f, BatchSize = 32", Digits, "interleaved")]
    [InlineData("Optimizer = Optimizer.Adam, BatchSize = 8", Digits, "interleaved")] // layer 1's input gradient as dot products: layer 0 takes its own derivative
    [InlineData("Optimizer = Optimizer.AdamW, WeightDecay = 0.01f, BatchSize = 32", Digits, "none")] // a decay: not plain Adam
    [InlineData("Optimizer = Optimizer.Adam, BatchSize = 32", "[GradientClipping(MaxNorm = 1f)] " + Digits, "none")] // the clip needs every gradient first
    [InlineData("Optimizer = Optimizer.Adam, BatchSize = 32, L1 = 0.001f", Digits, "none")]
    [InlineData("Optimizer = Optimizer.Sgd, BatchSize = 32", Digits, "none")]
    [InlineData("Optimizer = Optimizer.Adam, BatchSize = 16", "[Input(64)] [Dense(48, Activation.Relu)] [Dense(10)]", "each layer")] // 3 vectors of columns: too few for the blocks
    [InlineData("Optimizer = Optimizer.Adam, BatchSize = 32", "[Input(64)] [Dense(48, Activation.Relu)] [Dense(10)]", "none")] // more rows than MostRowsSteppingEachLayer
    [InlineData("Optimizer = Optimizer.Adam, BatchSize = 8", "[Input(64)] [Dense(64, Activation.PRelu)] [Dense(10)]", "each layer")] // activation parameters: the blocks do not sum them
    [InlineData("Optimizer = Optimizer.Adam, BatchSize = 16", "[Input(20)] [Dense(64, Activation.Gelu)] [Dense(64, Activation.Elu)] [Dense(4)]", "interleaved")] // derivatives of z
    [InlineData("Optimizer = Optimizer.Adam, BatchSize = 32", "[Input(64)] [Dense(64, Activation.Relu, Trainable = false)] [Dense(64, Activation.Relu)] [Dense(10)]", "none")]
    [InlineData("Optimizer = Optimizer.Adam, BatchSize = 32", "[Input(96)] [Dense(128, Activation.Relu)] [Dense(32, Activation.Relu)] [Dense(10)]", "interleaved")] // 17 072 floats stored
    [InlineData("Optimizer = Optimizer.Adam, BatchSize = 32", "[Input(256)] [Dense(128, Activation.Relu)] [Dense(10)]", "none")] // 34 960: beyond the storage limit
    [InlineData("Optimizer = Optimizer.Adam, BatchSize = 16", "[Input(4)] [Dense(16, Activation.Relu)] [Dense(16, Activation.Relu)] [Dense(3)]", "each layer")] // iris
    public void The_plan_takes_the_step_in_backward_where_it_applies(string options, string layers, string expected)
    {
        string source = $"using NetGen;\n[Network(Loss = Loss.CrossEntropy, {options}, Seed = 1)]\n{layers}\npublic partial class Net {{ }}";
        var run = GeneratorHarness.Run(new NetworkGenerator(), source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        string generated = run.Sources.Single().SourceText.ToString();
        string taken = !generated.Contains("private void BackwardStepping(") ? "none"
            : generated.Contains("private static void Layer0BackwardStepping(") ? "interleaved" : "each layer";
        Assert.Equal(expected, taken);
    }

    [Fact]
    public void The_plans_unit_row_limit_is_the_runtimes()
    {
        // The generator does not reference the runtime: its copy of the limit must follow the kernel's.
        Assert.Equal(NetGen.Runtime.UnitRowKernels.InputsInLanesLimit, NetGen.Generators.Model.StepPlan.UnitRowInputsInLanesLimit);
    }
}
