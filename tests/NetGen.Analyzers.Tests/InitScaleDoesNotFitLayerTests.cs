using System.Collections.Generic;
using System.Threading.Tasks;
using Xunit;
using Verify = NetGen.Analyzers.Tests.AnalyzerVerifier<NetGen.Analyzers.InitScaleDoesNotFitLayerAnalyzer>;
using VerifyFix = NetGen.Analyzers.Tests.CodeFixVerifier<NetGen.Analyzers.InitScaleDoesNotFitLayerAnalyzer, NetGen.CodeFixes.AttributeFixCodeFix>;

namespace NetGen.Analyzers.Tests;

public class InitScaleDoesNotFitLayerTests
{
    [Fact]
    public Task Flags_shifted_wide_and_tiny_distributions() => Verify.VerifyAsync("""
        using NetGen;
        [Network]
        [Input(16)]
        [Dense(16, Activation.Relu, {|NG1012:Init = Init.Uniform|})]
        [Dense(16, Activation.Relu, {|NG1012:Init = Init.Normal|})]
        [Dense(16, Activation.Tanh, {|NG1012:Init = Init.Normal|}, InitStd = 0.001f)]
        [Dense(16, Activation.Tanh, Init = Init.Normal, InitStd = 0.25f)]
        [Dense(16, Activation.Relu, Init = Init.Uniform, InitLow = -0.5f, InitHigh = 0.5f)]
        [Dense(1)]
        public partial class Net { }
        """);

    [Fact]
    public Task Message_gives_the_numbers() => Verify.VerifyAsync("""
        using NetGen;
        [Network, Input(16), Dense(16, Activation.Relu, {|#0:Init = Init.Normal|}), Dense(1)]
        public partial class Net { }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage(
            "Layer 0 starts with weights of mean 0 and standard deviation 1, but 16 inputs through Relu want mean 0 and about 0.354: every layer like this scales the signal by about 2.83×, so activations saturate or explode; use Init.HeUniform"));

    [Fact]
    public Task Ratios_come_from_editorconfig() => Verify.VerifyAsync("""
        using NetGen;
        [Network, Input(16), Dense(16, Activation.Tanh, {|NG1012:Init = Init.Normal|}, InitStd = 0.25f), Dense(1)]
        public partial class Net { }
        """, new Dictionary<string, string> { [InitScaleDoesNotFitLayerAnalyzer.MaxRatioKey] = "0.5" });

    [Fact]
    public Task Fix_uses_the_recommended_init_and_drops_the_numbers() => VerifyFix.VerifyAsync("""
        using NetGen;
        [Network]
        [Input(16)]
        [Dense(16, Activation.Relu, {|NG1012:Init = Init.Uniform|}, InitLow = 0f, InitHigh = 2f)]
        [Dense(16, Activation.Tanh, InitMean = 0f, {|NG1012:Init = Init.Normal|}, InitStd = 3f)]
        [Dense(1)]
        public partial class Net { }
        """, """
        using NetGen;
        [Network]
        [Input(16)]
        [Dense(16, Activation.Relu, Init = Init.HeUniform)]
        [Dense(16, Activation.Tanh, Init = Init.XavierUniform)]
        [Dense(1)]
        public partial class Net { }
        """);

    [Fact]
    public Task FixAll_fixes_every_layer() => VerifyFix.VerifyAsync("""
        using NetGen;
        [Network, Input(16), Dense(16, Activation.Relu, {|NG1012:Init = Init.Uniform|}), Dense(16, Activation.Selu, {|NG1012:Init = Init.Normal|}, InitStd = 2f), Dense(1)]
        public partial class Net { }
        """, """
        using NetGen;
        [Network, Input(16), Dense(16, Activation.Relu, Init = Init.HeUniform), Dense(16, Activation.Selu, Init = Init.LeCunNormal), Dense(1)]
        public partial class Net { }
        """);
}
