using System.Collections.Generic;
using System.Threading.Tasks;
using Xunit;
using Verify = NetGen.Analyzers.Tests.AnalyzerVerifier<NetGen.Analyzers.MissingGradientClippingAnalyzer>;
using VerifyFix = NetGen.Analyzers.Tests.CodeFixVerifier<NetGen.Analyzers.MissingGradientClippingAnalyzer, NetGen.CodeFixes.MissingGradientClippingCodeFix>;

namespace NetGen.Analyzers.Tests;

public class MissingGradientClippingTests
{
    [Fact]
    public Task Flags_a_deep_network() => Verify.VerifyAsync("""
        using NetGen;
        [{|NG1003:Network(Loss = Loss.CrossEntropy)|}]
        [Input(8), Dense(16, Activation.Relu), Dense(16, Activation.Relu), Dense(16, Activation.Relu), Dense(3)]
        public partial class Deep { }
        """);

    [Theory]
    [InlineData("Optimizer = Optimizer.Sgd, LearningRate = 2f")]
    [InlineData("Optimizer = Optimizer.Adam, LearningRate = 0.1f")]
    public Task Flags_a_high_learning_rate(string options) => Verify.VerifyAsync($$"""
        using NetGen;
        [{|NG1003:Network({{options}})|}]
        [Input(8), Dense(4, Activation.Relu), Dense(1)]
        public partial class Fast { }
        """);

    [Theory]
    [InlineData("[Network(Loss = Loss.CrossEntropy), GradientClipping(MaxNorm = 1f)] [Input(8), Dense(16, Activation.Relu), Dense(16, Activation.Relu), Dense(16, Activation.Relu), Dense(3)]")]
    [InlineData("[Network(Optimizer = Optimizer.Sgd, LearningRate = 0.5f)] [Input(2), Dense(4, Activation.Tanh), Dense(1, Activation.Sigmoid)]")]
    [InlineData("[Network(Optimizer = Optimizer.Adam, LearningRate = 0.01f)] [Input(8), Dense(4, Activation.Relu), Dense(1)]")]
    public Task Is_silent_when_clipped_shallow_or_slow(string attributes) => Verify.VerifyAsync($$"""
        using NetGen;
        {{attributes}}
        public partial class Net { }
        """);

    [Fact]
    public Task Thresholds_come_from_editorconfig() => Verify.VerifyAsync("""
        using NetGen;
        [{|NG1003:Network|}]
        [Input(8), Dense(4, Activation.Relu), Dense(1)]
        public partial class Net { }
        """, new Dictionary<string, string> { [MissingGradientClippingAnalyzer.MinWeightLayersKey] = "2" });

    [Fact]
    public Task Fix_adds_norm_clipping_after_the_network_attribute() => VerifyFix.VerifyAsync("""
        using NetGen;

        [{|NG1003:Network(Loss = Loss.CrossEntropy)|}]
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
        """);

    [Fact]
    public Task FixAll_fixes_every_network_in_the_file() => VerifyFix.VerifyAsync("""
        [{|NG1003:NetGen.Network(LearningRate = 3f)|}]
        [NetGen.Input(8), NetGen.Dense(1)]
        public partial class A { }

        [{|NG1003:NetGen.Network(LearningRate = 3f)|}]
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
        """);
}
