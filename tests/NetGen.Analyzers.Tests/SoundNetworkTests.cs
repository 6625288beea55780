using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using NetGen.Testing;
using Xunit;

namespace NetGen.Analyzers.Tests;

/// <summary>Sound designs across the catalogue raise no NG1xxx at all: the rules have no false alarms here.</summary>
public class SoundNetworkTests
{
    private static readonly DiagnosticAnalyzer[] All = [new SigmoidInDeepNetworkAnalyzer(), new SymmetricInitializationAnalyzer(), new MissingGradientClippingAnalyzer()];

    public static IEnumerable<object[]> Declarations()
    {
        string[] hidden = ["Activation.Relu", "Activation.LeakyRelu", "Activation.Tanh"];
        (string Attribute, string Output)[] heads =
        [
            ("Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.001f", "Dense(10)"),
            ("Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.01f", "Dense(3, Activation.Softmax)"),
            ("Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.1f, Momentum = 0.9f", "Dense(1, Activation.Sigmoid)"),
            ("Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Sgd, LearningRate = 0.05f", "Dense(2)"),
        ];
        int n = 0;
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
    public void There_are_at_least_30() => Assert.True(Declarations().Count() >= 30);

    [Theory]
    [MemberData(nameof(Declarations))]
    public async Task Raise_nothing(string declaration)
    {
        var compilation = TestCompilation.Create("using NetGen;\n" + declaration);
        foreach (var analyzer in All)
            Assert.Empty(await AnalyzerHarness.AnalyzeAsync(compilation, analyzer));
    }
}
