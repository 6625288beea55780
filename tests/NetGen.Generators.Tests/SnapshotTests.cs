using System.Linq;
using NetGen.Generators;
using NetGen.Testing;
using Xunit;

namespace NetGen.Generators.Tests;

/// <summary>The generated text itself, reviewed as a snapshot; and it must compile cleanly.</summary>
public class SnapshotTests
{
    [Fact]
    public void Xor() => VerifyGenerated("""
        using NetGen;

        namespace Samples;

        [Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.5f, Seed = 7)]
        [Input(2)]
        [Dense(4, Activation.Tanh)]
        [Dense(1, Activation.Sigmoid)]
        public partial class XorNet { }
        """, "XorNet");

    [Fact]
    public void Iris() => VerifyGenerated("""
        using NetGen;

        namespace Samples;

        [Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.01f, BatchSize = 16)]
        [GradientClipping(MaxNorm = 1f)]
        [Input(4)]
        [Dense(16, Activation.Relu)]
        [Dense(16, Activation.Relu)]
        [Dense(3, Activation.Softmax)]
        public partial class IrisNet { }
        """, "IrisNet");

    [Fact]
    public void Wide() => VerifyGenerated("""
        using NetGen;

        [Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.01f, Momentum = 0.9f, BatchSize = 64)]
        [Input(784)]
        [Dense(128, Activation.Relu)]
        [Dense(10)]
        public partial class MnistNet { }
        """, "MnistNet");

    private static void VerifyGenerated(string source, string name)
    {
        var run = GeneratorHarness.Run(new NetworkGenerator(), source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        Snapshot.Verify(run.Sources.Single().SourceText.ToString(), name);
    }
}
