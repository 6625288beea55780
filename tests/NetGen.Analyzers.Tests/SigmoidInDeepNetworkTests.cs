using System.Collections.Generic;
using System.Threading.Tasks;
using Xunit;
using Verify = NetGen.Analyzers.Tests.AnalyzerVerifier<NetGen.Analyzers.SigmoidInDeepNetworkAnalyzer>;
using VerifyFix = NetGen.Analyzers.Tests.CodeFixVerifier<NetGen.Analyzers.SigmoidInDeepNetworkAnalyzer, NetGen.CodeFixes.AttributeFixCodeFix>;

namespace NetGen.Analyzers.Tests;

public class SigmoidInDeepNetworkTests
{
    [Fact]
    public Task Flags_each_sigmoid_hidden_layer_of_a_deep_network_but_not_the_output() => Verify.VerifyAsync("""
        using NetGen;
        [Network(Loss = Loss.BinaryCrossEntropy)]
        [Input(8)]
        [Dense(16, {|NG1001:Activation.Sigmoid|})]
        [Dense(16, Activation.Relu)]
        [Dense(16, {|NG1001:Activation.Sigmoid|})]
        [Dense(1, Activation.Sigmoid)]
        public partial class Deep { }
        """);

    [Fact]
    public Task Skips_frozen_layers_whose_activation_is_their_pre_training() => Verify.VerifyAsync("""
        using NetGen;
        [Network(Loss = Loss.BinaryCrossEntropy)]
        [Input(8)]
        [Dense(16, Activation.Sigmoid, Trainable = false)]
        [Dense(16, Activation.Sigmoid, Trainable = false)]
        [Dense(16, {|NG1001:Activation.Sigmoid|})]
        [Dense(1, Activation.Sigmoid)]
        public partial class PreTrained { }
        """);

    [Fact]
    public Task Fix_edits_the_attribute_the_rule_found_whatever_precedes_it() => VerifyFix.VerifyAsync("""
        using NetGen;
        [Network(Loss = Loss.BinaryCrossEntropy), Input(8), Dense(16, Activation.Sigmoid, Trainable = false)]
        [Dense(16, Activation.Tanh, Trainable = false), Dense(16, {|NG1001:Activation.Sigmoid|})]
        [Dense(1, Activation.Sigmoid)]
        public partial class Deep { }
        """, """
        using NetGen;
        [Network(Loss = Loss.BinaryCrossEntropy), Input(8), Dense(16, Activation.Sigmoid, Trainable = false)]
        [Dense(16, Activation.Tanh, Trainable = false), Dense(16, Activation.Relu)]
        [Dense(1, Activation.Sigmoid)]
        public partial class Deep { }
        """);

    [Fact]
    public Task Is_silent_on_a_shallow_network() => Verify.VerifyAsync("""
        using NetGen;
        [Network(Loss = Loss.BinaryCrossEntropy)]
        [Input(8), Dense(16, Activation.Sigmoid), Dense(16, Activation.Sigmoid), Dense(1, Activation.Sigmoid)]
        public partial class Shallow { }
        """);

    [Fact]
    public Task Depth_threshold_and_tanh_come_from_editorconfig() => Verify.VerifyAsync("""
        using NetGen;
        [Network(Loss = Loss.BinaryCrossEntropy)]
        [Input(8), Dense(16, {|NG1001:Activation.Tanh|}), Dense(16, {|NG1001:Activation.Sigmoid|}), Dense(1, Activation.Sigmoid)]
        public partial class Shallow { }
        """, new Dictionary<string, string>
        {
            [SigmoidInDeepNetworkAnalyzer.MinHiddenLayersKey] = "2",
            [SigmoidInDeepNetworkAnalyzer.IncludeTanhKey] = "true",
        });

    [Fact]
    public Task Fix_uses_relu_and_turns_explicit_xavier_into_he() => VerifyFix.VerifyAsync("""
        using NetGen;
        [Network(Loss = Loss.BinaryCrossEntropy)]
        [Input(8)]
        [Dense(16, {|NG1001:Activation.Sigmoid|}, Init = Init.XavierUniform)]
        [Dense(16, {|NG1001:NetGen.Activation.Sigmoid|})]
        [Dense(16, Activation.Relu)]
        [Dense(1, Activation.Sigmoid)]
        public partial class Deep { }
        """, """
        using NetGen;
        [Network(Loss = Loss.BinaryCrossEntropy)]
        [Input(8)]
        [Dense(16, Activation.Relu, Init = Init.HeUniform)]
        [Dense(16, NetGen.Activation.Relu)]
        [Dense(16, Activation.Relu)]
        [Dense(1, Activation.Sigmoid)]
        public partial class Deep { }
        """);

    [Fact]
    public Task FixAll_fixes_every_layer_at_once() => VerifyFix.VerifyAsync("""
        using NetGen;
        [Network(Loss = Loss.BinaryCrossEntropy)]
        [Input(8), Dense(16, {|NG1001:Activation.Sigmoid|}), Dense(16, {|NG1001:Activation.Sigmoid|}), Dense(16, {|NG1001:Activation.Sigmoid|}), Dense(1, Activation.Sigmoid)]
        public partial class Deep { }
        """, """
        using NetGen;
        [Network(Loss = Loss.BinaryCrossEntropy)]
        [Input(8), Dense(16, Activation.Relu), Dense(16, Activation.Relu), Dense(16, Activation.Relu), Dense(1, Activation.Sigmoid)]
        public partial class Deep { }
        """);
}
