using System.Threading.Tasks;
using Xunit;
using Verify = NetGen.Analyzers.Tests.AnalyzerVerifier<NetGen.Analyzers.InitDoesNotSuitActivationAnalyzer>;
using VerifyFix = NetGen.Analyzers.Tests.CodeFixVerifier<NetGen.Analyzers.InitDoesNotSuitActivationAnalyzer, NetGen.CodeFixes.AttributeFixCodeFix>;

namespace NetGen.Analyzers.Tests;

public class InitDoesNotSuitActivationTests
{
    [Fact]
    public Task Flags_xavier_on_relus_he_on_saturating_units_and_selu_without_lecun() => Verify.VerifyAsync("""
        using NetGen;
        [Network]
        [Input(8)]
        [Dense(16, Activation.Relu, {|NG1004:Init = Init.XavierUniform|})]
        [Dense(16, Activation.LeakyRelu, {|NG1004:Init = Init.LeCunNormal|})]
        [Dense(16, Activation.Tanh, {|NG1004:Init = Init.HeNormal|})]
        [Dense(16, Activation.Selu, {|NG1004:Init = Init.HeUniform|})]
        [Dense(1, Activation.Sigmoid, {|NG1004:Init = Init.HeUniform|})]
        public partial class Net { }
        """);

    [Fact]
    public Task Is_silent_on_defaults_and_matching_or_unscaled_inits() => Verify.VerifyAsync("""
        using NetGen;
        [Network]
        [Input(8)]
        [Dense(16, Activation.Relu, Init = Init.HeNormal)]
        [Dense(16, Activation.Tanh, Init = Init.LeCunNormal)]
        [Dense(16, Activation.Selu, Init = Init.LeCunNormal)]
        [Dense(16, Activation.Selu)]
        [Dense(16, Activation.Gelu, Init = Init.HeUniform)]
        [Dense(16, Activation.Relu, Init = Init.Orthogonal)]
        [Dense(1, Activation.Sigmoid, Init = Init.XavierNormal)]
        public partial class Net { }
        """);

    [Fact]
    public Task Message_says_what_the_init_is_for_and_what_to_use() => Verify.VerifyAsync("""
        using NetGen;
        [Network, Input(8), Dense(16, Activation.Relu, {|#0:Init = Init.XavierUniform|}), Dense(1)]
        public partial class Net { }
        """,
        Verify.Diagnostic().WithLocation(0).WithMessage(
            "Layer 0 initializes Relu weights with Init.XavierUniform, which is scaled for tanh and sigmoid: a ReLU passes about half of its inputs, so with this variance every layer halves the signal and deep stacks fade; use Init.HeUniform"));

    [Fact]
    public Task Fix_switches_to_the_matching_init_keeping_the_distribution() => VerifyFix.VerifyAsync("""
        using NetGen;
        [Network]
        [Input(8)]
        [Dense(16, Activation.Relu, {|NG1004:Init = Init.XavierNormal|})]
        [Dense(16, Activation.Tanh, {|NG1004:Init = NetGen.Init.HeUniform|})]
        [Dense(1, Activation.Selu, {|NG1004:Init = Init.XavierUniform|})]
        public partial class Net { }
        """, """
        using NetGen;
        [Network]
        [Input(8)]
        [Dense(16, Activation.Relu, Init = Init.HeNormal)]
        [Dense(16, Activation.Tanh, Init = NetGen.Init.XavierUniform)]
        [Dense(1, Activation.Selu, Init = Init.LeCunNormal)]
        public partial class Net { }
        """);

    [Fact]
    public Task FixAll_fixes_every_layer() => VerifyFix.VerifyAsync("""
        using NetGen;
        [Network, Input(8), Dense(16, Activation.Relu, {|NG1004:Init = Init.XavierUniform|}), Dense(16, Activation.PRelu, {|NG1004:Init = Init.XavierUniform|}), Dense(1)]
        public partial class Net { }
        """, """
        using NetGen;
        [Network, Input(8), Dense(16, Activation.Relu, Init = Init.HeUniform), Dense(16, Activation.PRelu, Init = Init.HeUniform), Dense(1)]
        public partial class Net { }
        """);
}
