using System.Threading.Tasks;
using Xunit;
using Verify = NetGen.Analyzers.Tests.AnalyzerVerifier<NetGen.Analyzers.DeadReluRiskAnalyzer>;
using VerifyFix = NetGen.Analyzers.Tests.CodeFixVerifier<NetGen.Analyzers.DeadReluRiskAnalyzer, NetGen.CodeFixes.AttributeFixCodeFix>;

namespace NetGen.Analyzers.Tests;

public class DeadReluRiskTests
{
    [Fact]
    public Task Flags_every_relu_layer_at_a_high_rate() => Verify.VerifyAsync("""
        using NetGen;
        [Network(Optimizer = Optimizer.Adam, LearningRate = 0.008f)]
        [Input(4), Dense(8, {|NG1009:Activation.Relu|}), Dense(8, Activation.LeakyRelu), Dense(8, {|NG1009:Activation.Relu|}), Dense(1)]
        public partial class Net { }
        """);

    [Fact]
    public Task Flags_a_relu_layer_with_negative_bias_init() => Verify.VerifyAsync("""
        using NetGen;
        [Network(Optimizer = Optimizer.Adam, LearningRate = 0.001f)]
        [Input(4), Dense(8, {|NG1009:Activation.Relu|}, BiasInit = Init.Constant, BiasValue = -0.5f), Dense(8, Activation.Relu, BiasInit = Init.Constant, BiasValue = 0.1f), Dense(1)]
        public partial class Net { }
        """);

    [Theory]
    [InlineData("Optimizer = Optimizer.Adam, LearningRate = 0.001f")]
    [InlineData("Optimizer = Optimizer.Sgd, LearningRate = 0.05f, Momentum = 0.9f")]
    [InlineData("Optimizer = Optimizer.Newton, LearningRate = 1f")]
    public Task Is_silent_at_ordinary_rates(string options) => Verify.VerifyAsync($$"""
        using NetGen;
        [Network({{options}})]
        [Input(4), Dense(8, Activation.Relu), Dense(1)]
        public partial class Net { }
        """);

    [Fact]
    public Task Message_gives_the_reasons() => Verify.VerifyAsync("""
        using NetGen;
        [Network(Optimizer = Optimizer.Sgd, LearningRate = 0.3f), Input(4), Dense(8, {|#0:Activation.Relu|}, BiasInit = Init.Constant, BiasValue = -1f), Dense(1)]
        public partial class Net { }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage(
            "Layer 0 uses Relu at learning rate 0.3, high for Sgd (above 0.1) and with biases starting at -1, which pushes units toward z < 0: a unit whose input goes negative for every row gets zero gradient and never recovers; use LeakyRelu"));

    [Fact]
    public Task FixAll_switches_to_leaky_relu() => VerifyFix.VerifyAsync("""
        using NetGen;
        [Network(LearningRate = 0.2f), Input(4), Dense(8, {|NG1009:Activation.Relu|}), Dense(8, {|NG1009:Activation.Relu|}), Dense(1)]
        public partial class Net { }
        """, """
        using NetGen;
        [Network(LearningRate = 0.2f), Input(4), Dense(8, Activation.LeakyRelu), Dense(8, Activation.LeakyRelu), Dense(1)]
        public partial class Net { }
        """);
}
