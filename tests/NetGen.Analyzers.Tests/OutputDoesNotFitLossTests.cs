using System.Threading.Tasks;
using Xunit;
using Verify = NetGen.Analyzers.Tests.AnalyzerVerifier<NetGen.Analyzers.OutputDoesNotFitLossAnalyzer>;
using VerifyFix = NetGen.Analyzers.Tests.CodeFixVerifier<NetGen.Analyzers.OutputDoesNotFitLossAnalyzer, NetGen.CodeFixes.AttributeFixCodeFix>;

namespace NetGen.Analyzers.Tests;

public class OutputDoesNotFitLossTests
{
    [Theory]
    [InlineData("[Network({|NG1005:Loss = Loss.MeanSquaredError|})] [Input(4), Dense(8, Activation.Relu), Dense(3, Activation.Softmax)]")]
    [InlineData("[{|NG1005:Network|}] [Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Sigmoid)]")]
    [InlineData("[Network({|NG1005:Loss = Loss.Huber|})] [Input(4), Dense(8, Activation.Relu), Dense(2, Activation.Sigmoid)]")]
    [InlineData("[Network(Loss = Loss.MeanAbsoluteError)] [Input(4), Dense(8, Activation.Relu), Dense(1, {|NG1005:Activation.Tanh|})]")]
    [InlineData("[Network] [Input(4), Dense(8, Activation.Relu), Dense(1, {|NG1005:Activation.Softmax|})]")]
    [InlineData("[Network(Loss = Loss.CrossEntropy)] [Input(4), Dense(8, Activation.Relu), Dense(3, {|NG1005:Activation.Sigmoid|})]")]
    [InlineData("[Network(Loss = Loss.KullbackLeibler)] [Input(4), Dense(8, Activation.Relu), Dense(3, {|NG1005:Activation.Tanh|})]")]
    [InlineData("[Network(Loss = Loss.BinaryCrossEntropyWithLogits)] [Input(4), Dense(8, Activation.Relu), Dense(1, {|NG1005:Activation.Sigmoid|})]")]
    [InlineData("[Network(Loss = Loss.Focal)] [Input(4), Dense(8, Activation.Relu), Dense(2, {|NG1005:Activation.HardSigmoid|})]")]
    public Task Flags_pairs_that_train_badly(string attributes) => Verify.VerifyAsync("using NetGen;\n" + attributes + "\npublic partial class Net { }");

    [Theory]
    [InlineData("[Network(Loss = Loss.CrossEntropy)] [Input(4), Dense(8, Activation.Relu), Dense(3, Activation.Softmax)]")]
    [InlineData("[Network(Loss = Loss.CrossEntropy)] [Input(4), Dense(8, Activation.Relu), Dense(3)]")]
    [InlineData("[Network(Loss = Loss.BinaryCrossEntropy)] [Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Sigmoid)]")]
    [InlineData("[Network(Loss = Loss.BinaryCrossEntropyWithLogits)] [Input(4), Dense(8, Activation.Relu), Dense(1)]")]
    [InlineData("[Network(Loss = Loss.Focal)] [Input(4), Dense(8, Activation.Relu), Dense(2)]")]
    [InlineData("[Network(Loss = Loss.MeanSquaredError)] [Input(4), Dense(8, Activation.Tanh), Dense(2)]")]
    [InlineData("[Network(Loss = Loss.Huber)] [Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Softplus)]")]
    [InlineData("[Network(Loss = Loss.KullbackLeibler)] [Input(4), Dense(8, Activation.Relu), Dense(3, Activation.Softmax)]")]
    public Task Is_silent_on_matching_pairs(string attributes) => Verify.VerifyAsync("using NetGen;\n" + attributes + "\npublic partial class Net { }");

    [Fact]
    public Task Mse_after_sigmoid_offers_binary_cross_entropy_first() => VerifyFix.VerifyAsync("""
        using NetGen;
        [{|NG1005:Network(Optimizer = Optimizer.Adam)|}]
        [Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Sigmoid)]
        public partial class Net { }
        """, """
        using NetGen;
        [Network(Optimizer = Optimizer.Adam, Loss = Loss.BinaryCrossEntropy)]
        [Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Sigmoid)]
        public partial class Net { }
        """);

    [Fact]
    public Task Mse_after_sigmoid_offers_an_identity_output_second() => VerifyFix.VerifyAsync("""
        using NetGen;
        [Network({|NG1005:Loss = Loss.MeanSquaredError|})]
        [Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Sigmoid)]
        public partial class Net { }
        """, """
        using NetGen;
        [Network(Loss = Loss.MeanSquaredError)]
        [Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Identity)]
        public partial class Net { }
        """, codeActionIndex: 1);

    [Fact]
    public Task Mse_after_softmax_becomes_cross_entropy_keeping_the_qualifier() => VerifyFix.VerifyAsync("""
        [NetGen.Network({|NG1005:Loss = NetGen.Loss.MeanSquaredError|})]
        [NetGen.Input(4), NetGen.Dense(8, NetGen.Activation.Relu), NetGen.Dense(3, NetGen.Activation.Softmax)]
        public partial class Net { }
        """, """
        [NetGen.Network(Loss = NetGen.Loss.CrossEntropy)]
        [NetGen.Input(4), NetGen.Dense(8, NetGen.Activation.Relu), NetGen.Dense(3, NetGen.Activation.Softmax)]
        public partial class Net { }
        """);

    [Fact]
    public Task Defaulted_loss_is_added_with_the_attributes_qualifier() => VerifyFix.VerifyAsync("""
        [{|NG1005:NetGen.Network|}]
        [NetGen.Input(4), NetGen.Dense(8, NetGen.Activation.Relu), NetGen.Dense(3, NetGen.Activation.Softmax)]
        public partial class Net { }
        """, """
        [NetGen.Network(Loss = NetGen.Loss.CrossEntropy)]
        [NetGen.Input(4), NetGen.Dense(8, NetGen.Activation.Relu), NetGen.Dense(3, NetGen.Activation.Softmax)]
        public partial class Net { }
        """);

    /// <summary>C takes two fixes: its one-unit softmax becomes a sigmoid, then MSE after that sigmoid becomes BCE.</summary>
    [Fact]
    public Task Output_activation_fixes() => VerifyFix.VerifyAsync(new VerifyFix.Test
    {
        TestCode = """
        using NetGen;
        [Network(Loss = Loss.CrossEntropy)]
        [Input(4), Dense(8, Activation.Relu), Dense(3, {|NG1005:Activation.Sigmoid|})]
        public partial class A { }
        [Network(Loss = Loss.BinaryCrossEntropyWithLogits)]
        [Input(4), Dense(8, Activation.Relu), Dense(1, {|NG1005:Activation.Sigmoid|})]
        public partial class B { }
        [Network]
        [Input(4), Dense(8, Activation.Relu), Dense(1, {|NG1005:Activation.Softmax|})]
        public partial class C { }
        """,
        FixedCode = """
        using NetGen;
        [Network(Loss = Loss.CrossEntropy)]
        [Input(4), Dense(8, Activation.Relu), Dense(3, Activation.Softmax)]
        public partial class A { }
        [Network(Loss = Loss.BinaryCrossEntropyWithLogits)]
        [Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Identity)]
        public partial class B { }
        [Network(Loss = Loss.BinaryCrossEntropy)]
        [Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Sigmoid)]
        public partial class C { }
        """,
        NumberOfIncrementalIterations = 4,
        NumberOfFixAllIterations = 2,
    });

    [Fact]
    public Task FixAll_fixes_every_network() => VerifyFix.VerifyAsync("""
        using NetGen;
        [Network({|NG1005:Loss = Loss.MeanSquaredError|}), Input(4), Dense(3, Activation.Softmax)]
        public partial class A { }
        [Network({|NG1005:Loss = Loss.MeanSquaredError|}), Input(4), Dense(5, Activation.Softmax)]
        public partial class B { }
        """, """
        using NetGen;
        [Network(Loss = Loss.CrossEntropy), Input(4), Dense(3, Activation.Softmax)]
        public partial class A { }
        [Network(Loss = Loss.CrossEntropy), Input(4), Dense(5, Activation.Softmax)]
        public partial class B { }
        """);
}
