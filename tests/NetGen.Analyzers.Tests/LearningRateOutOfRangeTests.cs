using System.Collections.Generic;
using System.Threading.Tasks;
using Xunit;
using Verify = NetGen.Analyzers.Tests.AnalyzerVerifier<NetGen.Analyzers.LearningRateOutOfRangeAnalyzer>;
using VerifyFix = NetGen.Analyzers.Tests.CodeFixVerifier<NetGen.Analyzers.LearningRateOutOfRangeAnalyzer, NetGen.CodeFixes.AttributeFixCodeFix>;

namespace NetGen.Analyzers.Tests;

public class LearningRateOutOfRangeTests
{
    [Theory]
    [InlineData("Optimizer = Optimizer.Adam, {|NG1007:LearningRate = 0.05f|}")]
    [InlineData("Optimizer = Optimizer.AdamW, {|NG1007:LearningRate = 0.1f|}")]
    [InlineData("Optimizer = Optimizer.RmsProp, {|NG1007:LearningRate = 0.02f|}")]
    [InlineData("Optimizer = Optimizer.Sgd, {|NG1007:LearningRate = 2f|}")]
    [InlineData("{|NG1007:LearningRate = 1e-7f|}")]
    [InlineData("Optimizer = Optimizer.Adam, {|NG1007:LearningRate = 1e-8f|}")]
    [InlineData("Optimizer = Optimizer.AdaGrad, {|NG1007:LearningRate = 3f|}")]
    [InlineData("Optimizer = Optimizer.Newton, {|NG1007:LearningRate = 1.5f|}")]
    public Task Flags_rates_outside_the_optimizers_range(string options) => Verify.VerifyAsync($$"""
        using NetGen;
        [Network({{options}})]
        [Input(4), Dense(4, Activation.Tanh), Dense(1)]
        public partial class Net { }
        """);

    [Theory]
    [InlineData("Optimizer = Optimizer.Adam, LearningRate = 0.01f")]
    [InlineData("Optimizer = Optimizer.Adam, LearningRate = 1e-4f")]
    [InlineData("Optimizer = Optimizer.Sgd, LearningRate = 0.5f")]
    [InlineData("Optimizer = Optimizer.Newton, LearningRate = 1f")]
    [InlineData("Optimizer = Optimizer.AdaGrad, LearningRate = 0.1f")]
    [InlineData("Optimizer = Optimizer.Sgd")]
    public Task Is_silent_inside_the_range(string options) => Verify.VerifyAsync($$"""
        using NetGen;
        [Network({{options}})]
        [Input(4), Dense(4, Activation.Tanh), Dense(1)]
        public partial class Net { }
        """);

    [Fact]
    public Task Bounds_come_from_editorconfig_per_optimizer() => Verify.VerifyAsync("""
        using NetGen;
        [Network(Optimizer = Optimizer.Adam, {|NG1007:LearningRate = 0.005f|})]
        [Input(4), Dense(4, Activation.Tanh), Dense(1)]
        public partial class Net { }
        """, new Dictionary<string, string> { [LearningRateOutOfRangeAnalyzer.MaxKeyPrefix + ".adam"] = "0.003" });

    [Fact]
    public Task Message_gives_the_range_and_a_starting_point() => Verify.VerifyAsync("""
        using NetGen;
        [Network(Optimizer = Optimizer.Adam, {|#0:LearningRate = 0.1f|}), Input(4), Dense(1)]
        public partial class Net { }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage(
            "LearningRate 0.1 is high for Adam (sane: 1e-6 to 0.01): an adaptive optimizer moves every parameter by about the rate itself each step, so the loss oscillates or diverges; start from 0.001"));

    [Fact]
    public Task Fix_sets_the_typical_rate() => VerifyFix.VerifyAsync("""
        using NetGen;
        [Network(Optimizer = Optimizer.Adam, {|NG1007:LearningRate = 0.1f|}), Input(4), Dense(1)]
        public partial class Net { }
        """, """
        using NetGen;
        [Network(Optimizer = Optimizer.Adam, LearningRate = 0.001f), Input(4), Dense(1)]
        public partial class Net { }
        """);

    [Fact]
    public Task FixAll_fixes_every_network() => VerifyFix.VerifyAsync("""
        using NetGen;
        [Network({|NG1007:LearningRate = 5f|}), Input(4), Dense(1)]
        public partial class A { }
        [Network(Optimizer = Optimizer.RmsProp, {|NG1007:LearningRate = 0.5f|}), Input(4), Dense(1)]
        public partial class B { }
        """, """
        using NetGen;
        [Network(LearningRate = 0.01f), Input(4), Dense(1)]
        public partial class A { }
        [Network(Optimizer = Optimizer.RmsProp, LearningRate = 0.001f), Input(4), Dense(1)]
        public partial class B { }
        """);
}
