using System.Threading.Tasks;
using Xunit;
using Verify = NetGen.Analyzers.Tests.AnalyzerVerifier<NetGen.Analyzers.MissingNonlinearityAnalyzer>;
using VerifyFix = NetGen.Analyzers.Tests.CodeFixVerifier<NetGen.Analyzers.MissingNonlinearityAnalyzer, NetGen.CodeFixes.AttributeFixCodeFix>;

namespace NetGen.Analyzers.Tests;

public class MissingNonlinearityTests
{
    [Fact]
    public Task Flags_linear_hidden_layers_written_or_defaulted_even_when_untrainable() => Verify.VerifyAsync("""
        using NetGen;
        [Network]
        [Input(4), Dense(8, {|NG1006:Activation.Identity|}), Dense(8, Activation.Relu), {|NG1006:Dense(8)|}, Dense(1)]
        public partial class Net { }
        [Network(Trainable = false)]
        [Input(4), {|NG1006:Dense(8)|}, Dense(1)]
        public partial class Frozen { }
        """);

    [Fact]
    public Task Is_silent_on_a_linear_output() => Verify.VerifyAsync("""
        using NetGen;
        [Network, Input(4), Dense(8, Activation.Tanh), Dense(1)]
        public partial class Net { }
        """);

    [Fact]
    public Task Fix_adds_relu_as_the_positional_activation_and_keeps_named_arguments() => VerifyFix.VerifyAsync("""
        using NetGen;
        [Network]
        [Input(4)]
        [{|NG1006:Dense(8, Init = Init.XavierUniform)|}]
        [Dense(8, {|NG1006:Activation.Identity|})]
        [Dense(1)]
        public partial class Net { }
        """, """
        using NetGen;
        [Network]
        [Input(4)]
        [Dense(8, Activation.Relu, Init = Init.HeUniform)]
        [Dense(8, Activation.Relu)]
        [Dense(1)]
        public partial class Net { }
        """);

    [Fact]
    public Task Fix_keeps_the_users_layout_of_other_arguments() => VerifyFix.VerifyAsync("""
        using NetGen;
        [Network]
        [Input(4)]
        [{|NG1006:Dense(8,
               Init = Init.HeNormal,
               BiasInit = Init.Zero)|}]
        [Dense(1)]
        public partial class Net { }
        """, """
        using NetGen;
        [Network]
        [Input(4)]
        [Dense(8, Activation.Relu,
               Init = Init.HeNormal,
               BiasInit = Init.Zero)]
        [Dense(1)]
        public partial class Net { }
        """);

    [Fact]
    public Task FixAll_fixes_every_layer() => VerifyFix.VerifyAsync("""
        using NetGen;
        [Network, Input(4), {|NG1006:Dense(8)|}, {|NG1006:Dense(8)|}, Dense(1)]
        public partial class Net { }
        """, """
        using NetGen;
        [Network, Input(4), Dense(8, Activation.Relu), Dense(8, Activation.Relu), Dense(1)]
        public partial class Net { }
        """);
}
