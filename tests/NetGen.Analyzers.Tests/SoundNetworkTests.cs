using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace NetGen.Analyzers.Tests;

/// <summary>
/// Sound designs across the catalogue (every trainable activation, loss, optimizer but AdaGrad,
/// schedule, clipping mode and initializer) raise no NG1xxx at all, and the generator accepts them
/// with code that compiles without warnings: the rules have no false alarms here. AdaGrad is absent
/// on purpose: NG1010 always notes it.
/// </summary>
public class SoundNetworkTests
{
    /// <summary>Every rule in the analyzer assembly, found by reflection so a new rule is checked here too.</summary>
    private static readonly DiagnosticAnalyzer[] All = typeof(NetworkAnalyzer).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(NetworkAnalyzer)) && !t.IsAbstract)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToArray();

    private static readonly string[] Catalogue =
    [
        "[Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.5f, Seed = 7)] [Input(2), Dense(4, Activation.Tanh), Dense(1, Activation.Sigmoid)]",
        "[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.001f)] [Input(16), Dense(32, Activation.PRelu), Dense(3, Activation.Softmax)]",
        "[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.001f)] [Input(16), Dense(32, Activation.PRelu, PerUnit = true, Slope = 0.1f), Dense(3)]",
        "[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Sgd, LearningRate = 0.01f, Momentum = 0.9f)] [Input(8), Dense(16, Activation.RRelu), Dense(1)]",
        "[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Adam, LearningRate = 0.001f)] [Input(8), Dense(16, Activation.Elu, Alpha = 0.5f), Dense(2)]",
        "[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Adam, LearningRate = 0.001f)] [Input(8), Dense(16, Activation.Selu), Dense(16, Activation.Selu, Init = Init.LeCunNormal), Dense(1)]",
        "[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.001f)] [Input(16), Dense(8, Activation.CRelu), Dense(8, Activation.Relu), Dense(4)]",
        "[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.002f)] [Input(16), Dense(8, Activation.Maxout, Pieces = 3), Dense(4, Activation.Softmax)]",
        "[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Adam, LearningRate = 0.001f)] [Input(8), Dense(16, Activation.Swish, LearnableBeta = true), Dense(1)]",
        "[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.AdamW, LearningRate = 0.001f)] [Input(16), Dense(32, Activation.Gelu), Dense(10)]",
        "[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.RmsProp, LearningRate = 0.001f)] [Input(16), Dense(32, Activation.GeluTanh), Dense(10, Activation.Softmax)]",
        "[Network(Loss = Loss.Huber, HuberDelta = 0.5f, Optimizer = Optimizer.Adam, LearningRate = 0.001f)] [Input(8), Dense(16, Activation.Softplus), Dense(1)]",
        "[Network(Loss = Loss.MeanAbsoluteError, Optimizer = Optimizer.Adam, LearningRate = 0.001f)] [Input(8), Dense(16, Activation.Mish), Dense(1)]",
        "[Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.1f)] [Input(8), Dense(8, Activation.HardSigmoid), Dense(1, Activation.Sigmoid)]",
        "[Network(Loss = Loss.Focal, Optimizer = Optimizer.Adam, LearningRate = 0.001f)] [Input(8), Dense(16, Activation.LeakyRelu, Slope = 0.1f), Dense(2)]",
        "[Network(Loss = Loss.BinaryCrossEntropyWithLogits, Optimizer = Optimizer.Adam, LearningRate = 0.001f)] [Input(8), Dense(16, Activation.Relu), Dense(3)]",
        "[Network(Loss = Loss.KullbackLeibler, Optimizer = Optimizer.Adam, LearningRate = 0.001f)] [Input(8), Dense(16, Activation.Tanh), Dense(4, Activation.Softmax)]",
        "[Network(Loss = Loss.CrossEntropy, ClassWeights = new[] { 1f, 2f, 0.5f }, Optimizer = Optimizer.Adam, LearningRate = 0.001f)] [Input(8), Dense(16, Activation.Relu), Dense(3)]",
        "[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Newton, LearningRate = 1f, BatchSize = 8)] [Input(3), Dense(4, Activation.Tanh), Dense(1)]",
        "[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.05f, Schedule = LearningRateSchedule.Step, ScheduleStepSize = 100)] [Input(8), Dense(16, Activation.Relu), Dense(3)]",
        "[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.003f, Schedule = LearningRateSchedule.Exponential, ScheduleGamma = 0.99f)] [Input(8), Dense(16, Activation.Relu), Dense(3)]",
        "[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.AdamW, LearningRate = 0.001f, Schedule = LearningRateSchedule.Cosine, ScheduleSteps = 1000)] [Input(8), Dense(16, Activation.Gelu), Dense(3)]",
        "[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Sgd, LearningRate = 0.01f), GradientClipping(MaxValue = 0.5f)] [Input(8), Dense(16, Activation.Tanh), Dense(16, Activation.Tanh), Dense(8, Activation.Tanh), Dense(1)]",
        "[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.001f), GradientClipping(MaxNorm = 1f, PerLayer = true)] [Input(32), Dense(32, Activation.Relu), Dense(32, Activation.Relu), Dense(16, Activation.Relu), Dense(10)]",
        "[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.001f)] [Input(16), Dense(16, Activation.Relu, Init = Init.HeNormal), Dense(16, Activation.Tanh, Init = Init.XavierNormal), Dense(4)]",
        "[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Adam, LearningRate = 0.001f)] [Input(16), Dense(16, Activation.Tanh, Init = Init.Orthogonal), Dense(16, Activation.Tanh, Init = Init.LeCunNormal), Dense(1)]",
        "[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Adam, LearningRate = 0.001f)] [Input(16), Dense(16, Activation.Tanh, Init = Init.Normal, InitStd = 0.2f), Dense(16, Activation.Relu, Init = Init.Uniform, InitLow = -0.5f, InitHigh = 0.5f), Dense(1)]",
        "[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Sgd, LearningRate = 0.01f)] [Input(8), Dense(16, Activation.Relu, BiasInit = Init.Constant, BiasValue = 0.1f), Dense(8, Activation.Relu, BiasInit = Init.Uniform), Dense(1)]",
        "[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Sgd, LearningRate = 0.01f, WeightDecay = 1e-4f, L1 = 1e-5f, RegularizeBias = true)] [Input(8), Dense(16, Activation.Tanh), Dense(1)]",
        "[Network(Trainable = false, Loss = Loss.ZeroOne)] [Input(2), Dense(3, Activation.Relu), Dense(1, Activation.BinaryStep)]",
        "[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.05f, Momentum = 0.9f, Nesterov = true)] [Input(8), Dense(16, Activation.Relu), Dense(3)]",
        "[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.RmsProp, LearningRate = 0.001f, Momentum = 0.9f, Centered = true, Alpha = 0.9f)] [Input(8), Dense(16, Activation.Tanh), Dense(1)]",
        "[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.001f, BatchSize = 32, MaxMemoryBytes = 1000000)] [Input(64), Dense(32, Activation.Relu), Dense(10)]",
        "[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.AdamW, WeightDecay = 0.05f, LearningRate = 0.001f, Epsilon = 1e-7f, Beta2 = 0.99f)] [Input(8), Dense(16, Activation.Relu), Dense(3)]",
        "[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Sgd, LearningRate = 0.01f), GradientClipping(MaxNorm = 5f)] [Input(8), Dense(16, Activation.Tanh), Dense(16, Activation.Tanh), Dense(16, Activation.Tanh), Dense(1)]",
    ];

    public static IEnumerable<object[]> Declarations()
    {
        int n = 0;
        foreach (var attributes in Catalogue)
            yield return [$"{attributes}\npublic partial class Sound{n++} {{ }}"];

        // The common shapes: three hidden activations × four heads × three depths.
        string[] hidden = ["Activation.Relu", "Activation.LeakyRelu", "Activation.Tanh"];
        (string Attribute, string Output)[] heads =
        [
            ("Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.001f", "Dense(10)"),
            ("Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.005f", "Dense(3, Activation.Softmax)"),
            ("Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.1f, Momentum = 0.9f", "Dense(1, Activation.Sigmoid)"),
            ("Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Sgd, LearningRate = 0.05f", "Dense(2)"),
        ];
        foreach (var activation in hidden)
            foreach (var (attribute, output) in heads)
                foreach (int depth in new[] { 1, 2, 4 })
                {
                    string clipping = depth + 1 >= 4 ? "[GradientClipping(MaxNorm = 1f)]" : "";
                    string layers = string.Join(", ", Enumerable.Repeat($"Dense(32, {activation})", depth));
                    yield return [$"[Network({attribute})]{clipping}\n[Input(16), {layers}, {output}]\npublic partial class Sound{n++} {{ }}"];
                }
    }

    [Fact]
    public void There_are_at_least_30_across_the_catalogue_and_every_rule_is_checked()
    {
        Assert.True(Catalogue.Length >= 30, $"{Catalogue.Length} catalogue declarations");
        Assert.True(All.Length >= 13, $"{All.Length} rules found");
    }

    [Theory]
    [MemberData(nameof(Declarations))]
    public Task Raise_nothing(string declaration) => new BuildTest(All) { TestCode = "using NetGen;\n" + declaration }.RunAsync();
}
