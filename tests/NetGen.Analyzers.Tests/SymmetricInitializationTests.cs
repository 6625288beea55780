using System.Threading.Tasks;
using Xunit;
using Verify = NetGen.Analyzers.Tests.AnalyzerVerifier<NetGen.Analyzers.SymmetricInitializationAnalyzer>;
using VerifyFix = NetGen.Analyzers.Tests.CodeFixVerifier<NetGen.Analyzers.SymmetricInitializationAnalyzer, NetGen.CodeFixes.AttributeFixCodeFix>;

namespace NetGen.Analyzers.Tests;

public class SymmetricInitializationTests
{
    [Fact]
    public Task Flags_zero_and_constant_weights_on_layers_of_several_units() => Verify.VerifyAsync("""
        using NetGen;
        [Network]
        [Input(4)]
        [Dense(8, Activation.Relu, {|NG1002:Init = Init.Zero|})]
        [Dense(8, Activation.Tanh, {|NG1002:Init = Init.Constant|}, InitValue = 0.3f)]
        [Dense(1, Init = Init.Zero)]
        public partial class Net { }
        """);

    [Fact]
    public Task A_frozen_layer_keeps_the_weights_it_loads_so_its_init_is_not_flagged() => Verify.VerifyAsync("""
        using NetGen;
        [Network]
        [Input(4)]
        [Dense(8, Activation.Relu, Init = Init.Zero, Trainable = false)]
        [Dense(8, Activation.Tanh, {|NG1002:Init = Init.Zero|})]
        [Dense(1)]
        public partial class Net { }
        """);

    [Fact]
    public Task Fix_uses_the_init_that_suits_the_activation_and_drops_InitValue() => VerifyFix.VerifyAsync("""
        using NetGen;
        [Network]
        [Input(4)]
        [Dense(8, Activation.Relu, {|NG1002:Init = Init.Zero|})]
        [Dense(8, Activation.Tanh, {|NG1002:Init = Init.Constant|}, InitValue = 0.3f)]
        [Dense(1)]
        public partial class Net { }
        """, """
        using NetGen;
        [Network]
        [Input(4)]
        [Dense(8, Activation.Relu, Init = Init.HeUniform)]
        [Dense(8, Activation.Tanh, Init = Init.XavierUniform)]
        [Dense(1)]
        public partial class Net { }
        """);

    [Fact]
    public Task FixAll_fixes_every_layer_at_once() => VerifyFix.VerifyAsync("""
        using NetGen;
        [Network]
        [Input(4), Dense(8, Activation.Relu, {|NG1002:Init = Init.Zero|}), Dense(8, Activation.LeakyRelu, {|NG1002:Init = Init.Zero|}), Dense(1)]
        public partial class Net { }
        """, """
        using NetGen;
        [Network]
        [Input(4), Dense(8, Activation.Relu, Init = Init.HeUniform), Dense(8, Activation.LeakyRelu, Init = Init.HeUniform), Dense(1)]
        public partial class Net { }
        """);
}
