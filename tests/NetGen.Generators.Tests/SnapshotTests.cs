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
    public void StepInRegisters() => VerifyGenerated("""
        using NetGen;

        namespace Samples;

        // One-row training in registers with Adam's step fused (AdamRegisterStep), prediction in registers on Vector128 and up.
        [Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.01f, Seed = 7)]
        [Input(2)]
        [Dense(8, Activation.Relu)]
        [Dense(1, Activation.Sigmoid)]
        public partial class TinyAdamNet { }
        """, "TinyAdamNet");

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
    public void FineTune() => VerifyGenerated("""
        using NetGen;

        namespace Samples;

        // A frozen stem, a bias-free layer, decay on the weight matrices only, two training threads' split.
        [Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.AdamW, LearningRate = 0.001f, RegularizeBias = false, BatchSize = 8)]
        [GradientClipping(MaxNorm = 1f, PerLayer = true)]
        [Input(4)]
        [Dense(8, Activation.Tanh, Trainable = false)]
        [Dense(8, Activation.Relu, Bias = false)]
        [Dense(3)]
        public partial class FineTuneNet { }
        """, "FineTuneNet");

    [Fact]
    public void Wide() => VerifyGenerated("""
        using NetGen;

        [Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.01f, Momentum = 0.9f, BatchSize = 64)]
        [Input(784)]
        [Dense(128, Activation.Relu)]
        [Dense(10)]
        public partial class MnistNet { }
        """, "MnistNet");

    [Fact]
    public void EveryActivation() => VerifyGenerated("""
        using NetGen;

        namespace Samples;

        // Every trainable activation once (BinaryStep cannot train: see NG0011), with their options.
        [Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.AdamW, LearningRate = 0.01f, L1 = 1e-4f, BatchSize = 8,
            Schedule = LearningRateSchedule.Cosine, ScheduleSteps = 1000)]
        [GradientClipping(MaxNorm = 1f, PerLayer = true)]
        [Input(6)]
        [Dense(8, Activation.Sigmoid)]
        [Dense(8, Activation.Tanh)]
        [Dense(8, Activation.Relu)]
        [Dense(8, Activation.LeakyRelu, Slope = 0.1f)]
        [Dense(8, Activation.PRelu, PerUnit = true)]
        [Dense(8, Activation.RRelu)]
        [Dense(8, Activation.Elu, Alpha = 0.5f)]
        [Dense(8, Activation.Selu)]
        [Dense(4, Activation.CRelu)]
        [Dense(8, Activation.Maxout, Pieces = 3)]
        [Dense(8, Activation.Swish, LearnableBeta = true)]
        [Dense(8, Activation.Gelu)]
        [Dense(8, Activation.GeluTanh)]
        [Dense(8, Activation.Softplus)]
        [Dense(8, Activation.HardSigmoid)]
        [Dense(8, Activation.Mish, Init = Init.Orthogonal, BiasInit = Init.Uniform)]
        [Dense(8, Activation.Identity, Init = Init.Normal, InitStd = 0.05f)]
        [Dense(3, Activation.Softmax)]
        public partial class EveryActivationNet { }
        """, "EveryActivationNet");

    private static void VerifyGenerated(string source, string name)
    {
        var run = GeneratorHarness.Run(new NetworkGenerator(), source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        Snapshot.Verify(run.Sources.Single().SourceText.ToString(), name);
    }
}
