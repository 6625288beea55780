using System.Threading.Tasks;
using NetGen.Testing;
using Xunit;

namespace NetGen.Analyzers.Tests;

public class OutputDoesNotFitLossTests
{
    private static readonly OutputDoesNotFitLossAnalyzer Analyzer = new();

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
    public Task Flags_pairs_that_train_badly(string attributes) => AnalyzerHarness.VerifyAsync("using NetGen;\n" + attributes + "\npublic partial class Net { }", Analyzer);

    [Theory]
    [InlineData("[Network(Loss = Loss.CrossEntropy)] [Input(4), Dense(8, Activation.Relu), Dense(3, Activation.Softmax)]")]
    [InlineData("[Network(Loss = Loss.CrossEntropy)] [Input(4), Dense(8, Activation.Relu), Dense(3)]")]
    [InlineData("[Network(Loss = Loss.BinaryCrossEntropy)] [Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Sigmoid)]")]
    [InlineData("[Network(Loss = Loss.BinaryCrossEntropyWithLogits)] [Input(4), Dense(8, Activation.Relu), Dense(1)]")]
    [InlineData("[Network(Loss = Loss.Focal)] [Input(4), Dense(8, Activation.Relu), Dense(2)]")]
    [InlineData("[Network(Loss = Loss.MeanSquaredError)] [Input(4), Dense(8, Activation.Tanh), Dense(2)]")]
    [InlineData("[Network(Loss = Loss.Huber)] [Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Softplus)]")]
    [InlineData("[Network(Loss = Loss.KullbackLeibler)] [Input(4), Dense(8, Activation.Relu), Dense(3, Activation.Softmax)]")]
    public Task Is_silent_on_matching_pairs(string attributes) => AnalyzerHarness.VerifyAsync("using NetGen;\n" + attributes + "\npublic partial class Net { }", Analyzer);

    [Fact]
    public Task Mse_after_sigmoid_offers_binary_cross_entropy_first() => Fix.VerifyAsync("""
        using NetGen;
        [Network(Optimizer = Optimizer.Adam)]
        [Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Sigmoid)]
        public partial class Net { }
        """, """
        using NetGen;
        [Network(Optimizer = Optimizer.Adam, Loss = Loss.BinaryCrossEntropy)]
        [Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Sigmoid)]
        public partial class Net { }
        """, Analyzer);

    [Fact]
    public Task Mse_after_sigmoid_offers_an_identity_output_second() => Fix.VerifyAsync("""
        using NetGen;
        [Network(Loss = Loss.MeanSquaredError)]
        [Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Sigmoid)]
        public partial class Net { }
        """, """
        using NetGen;
        [Network(Loss = Loss.MeanSquaredError)]
        [Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Identity)]
        public partial class Net { }
        """, Analyzer, fixIndex: 1);

    [Fact]
    public Task Mse_after_softmax_becomes_cross_entropy_keeping_the_qualifier() => Fix.VerifyAsync("""
        [NetGen.Network(Loss = NetGen.Loss.MeanSquaredError)]
        [NetGen.Input(4), NetGen.Dense(8, NetGen.Activation.Relu), NetGen.Dense(3, NetGen.Activation.Softmax)]
        public partial class Net { }
        """, """
        [NetGen.Network(Loss = NetGen.Loss.CrossEntropy)]
        [NetGen.Input(4), NetGen.Dense(8, NetGen.Activation.Relu), NetGen.Dense(3, NetGen.Activation.Softmax)]
        public partial class Net { }
        """, Analyzer);

    [Fact]
    public Task Defaulted_loss_is_added_with_the_attributes_qualifier() => Fix.VerifyAsync("""
        [NetGen.Network]
        [NetGen.Input(4), NetGen.Dense(8, NetGen.Activation.Relu), NetGen.Dense(3, NetGen.Activation.Softmax)]
        public partial class Net { }
        """, """
        [NetGen.Network(Loss = NetGen.Loss.CrossEntropy)]
        [NetGen.Input(4), NetGen.Dense(8, NetGen.Activation.Relu), NetGen.Dense(3, NetGen.Activation.Softmax)]
        public partial class Net { }
        """, Analyzer);

    [Fact]
    public Task Output_activation_fixes() => Fix.VerifyAsync("""
        using NetGen;
        [Network(Loss = Loss.CrossEntropy)]
        [Input(4), Dense(8, Activation.Relu), Dense(3, Activation.Sigmoid)]
        public partial class A { }
        [Network(Loss = Loss.BinaryCrossEntropyWithLogits)]
        [Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Sigmoid)]
        public partial class B { }
        [Network]
        [Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Softmax)]
        public partial class C { }
        """, """
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
        """, Analyzer);

    [Fact]
    public Task FixAll_fixes_every_network() => Fix.VerifyAllAsync("""
        using NetGen;
        [Network(Loss = Loss.MeanSquaredError), Input(4), Dense(3, Activation.Softmax)]
        public partial class A { }
        [Network(Loss = Loss.MeanSquaredError), Input(4), Dense(5, Activation.Softmax)]
        public partial class B { }
        """, """
        using NetGen;
        [Network(Loss = Loss.CrossEntropy), Input(4), Dense(3, Activation.Softmax)]
        public partial class A { }
        [Network(Loss = Loss.CrossEntropy), Input(4), Dense(5, Activation.Softmax)]
        public partial class B { }
        """, Analyzer);
}
