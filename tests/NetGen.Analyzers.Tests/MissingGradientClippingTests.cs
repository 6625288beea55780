using System.Collections.Generic;
using System.Threading.Tasks;
using NetGen.CodeFixes;
using NetGen.Testing;
using Xunit;

namespace NetGen.Analyzers.Tests;

public class MissingGradientClippingTests
{
    private static readonly MissingGradientClippingAnalyzer Analyzer = new();

    [Fact]
    public Task Flags_a_deep_network() => AnalyzerHarness.VerifyAsync("""
        using NetGen;
        [{|NG1003:Network(Loss = Loss.CrossEntropy)|}]
        [Input(8), Dense(16, Activation.Relu), Dense(16, Activation.Relu), Dense(16, Activation.Relu), Dense(3)]
        public partial class Deep { }
        """, Analyzer);

    [Theory]
    [InlineData("Optimizer = Optimizer.Sgd, LearningRate = 2f")]
    [InlineData("Optimizer = Optimizer.Adam, LearningRate = 0.1f")]
    public Task Flags_a_high_learning_rate(string options) => AnalyzerHarness.VerifyAsync($$"""
        using NetGen;
        [{|NG1003:Network({{options}})|}]
        [Input(8), Dense(4, Activation.Relu), Dense(1)]
        public partial class Fast { }
        """, Analyzer);

    [Theory]
    [InlineData("[Network(Loss = Loss.CrossEntropy), GradientClipping(MaxNorm = 1f)] [Input(8), Dense(16, Activation.Relu), Dense(16, Activation.Relu), Dense(16, Activation.Relu), Dense(3)]")]
    [InlineData("[Network(Optimizer = Optimizer.Sgd, LearningRate = 0.5f)] [Input(2), Dense(4, Activation.Tanh), Dense(1, Activation.Sigmoid)]")]
    [InlineData("[Network(Optimizer = Optimizer.Adam, LearningRate = 0.01f)] [Input(8), Dense(4, Activation.Relu), Dense(1)]")]
    public Task Is_silent_when_clipped_shallow_or_slow(string attributes) => AnalyzerHarness.VerifyAsync($$"""
        using NetGen;
        {{attributes}}
        public partial class Net { }
        """, Analyzer);

    [Fact]
    public Task Thresholds_come_from_editorconfig() => AnalyzerHarness.VerifyAsync("""
        using NetGen;
        [{|NG1003:Network|}]
        [Input(8), Dense(4, Activation.Relu), Dense(1)]
        public partial class Net { }
        """, Analyzer, new Dictionary<string, string> { [MissingGradientClippingAnalyzer.MinWeightLayersKey] = "2" });

    [Fact]
    public Task Fix_adds_norm_clipping_after_the_network_attribute() => CodeFixHarness.VerifyAsync("""
        using NetGen;

        [Network(Loss = Loss.CrossEntropy)]
        [Input(8)]
        [Dense(16, Activation.Relu)]
        [Dense(16, Activation.Relu)]
        [Dense(16, Activation.Relu)]
        [Dense(3)]
        public partial class Deep { }
        """, """
        using NetGen;

        [Network(Loss = Loss.CrossEntropy)]
        [GradientClipping(MaxNorm = 1f)]
        [Input(8)]
        [Dense(16, Activation.Relu)]
        [Dense(16, Activation.Relu)]
        [Dense(16, Activation.Relu)]
        [Dense(3)]
        public partial class Deep { }
        """, Analyzer, new MissingGradientClippingCodeFix());

    [Fact]
    public Task FixAll_fixes_every_network_in_the_file() => CodeFixHarness.VerifyFixAllAsync("""
        [NetGen.Network(LearningRate = 3f)]
        [NetGen.Input(8), NetGen.Dense(1)]
        public partial class A { }

        [NetGen.Network(LearningRate = 3f)]
        [NetGen.Input(8), NetGen.Dense(1)]
        public partial class B { }
        """, """
        [NetGen.Network(LearningRate = 3f)]
        [NetGen.GradientClipping(MaxNorm = 1f)]
        [NetGen.Input(8), NetGen.Dense(1)]
        public partial class A { }

        [NetGen.Network(LearningRate = 3f)]
        [NetGen.GradientClipping(MaxNorm = 1f)]
        [NetGen.Input(8), NetGen.Dense(1)]
        public partial class B { }
        """, Analyzer, new MissingGradientClippingCodeFix());
}
