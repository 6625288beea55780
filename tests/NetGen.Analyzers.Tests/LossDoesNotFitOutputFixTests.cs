using System.Threading.Tasks;
using NetGen.Testing;
using Xunit;

namespace NetGen.Analyzers.Tests;

/// <summary>NG0005 is a generator error; the parser attaches the matching pair as fixes, applied like any rule's.</summary>
public class LossDoesNotFitOutputFixTests
{
    private static readonly DeclarationErrorsAnalyzer Errors = new();

    [Fact]
    public Task Binary_cross_entropy_on_softmax_becomes_cross_entropy() => Fix.VerifyAsync("""
        using NetGen;
        [Network(Loss = Loss.BinaryCrossEntropy), Input(4), Dense(8, Activation.Relu), Dense(3, Activation.Softmax)]
        public partial class Net { }
        """, """
        using NetGen;
        [Network(Loss = Loss.CrossEntropy), Input(4), Dense(8, Activation.Relu), Dense(3, Activation.Softmax)]
        public partial class Net { }
        """, Errors);

    [Fact]
    public Task Cross_entropy_on_one_unit_becomes_binary_cross_entropy_on_a_sigmoid() => Fix.VerifyAsync("""
        using NetGen;
        [Network(Loss = Loss.CrossEntropy), Input(4), Dense(8, Activation.Relu), Dense(1)]
        public partial class Net { }
        """, """
        using NetGen;
        [Network(Loss = Loss.BinaryCrossEntropy), Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Sigmoid)]
        public partial class Net { }
        """, Errors);

    [Fact]
    public Task Binary_cross_entropy_on_logits_gets_a_sigmoid_or_the_logits_loss() => Task.WhenAll(
        Fix.VerifyAsync("""
            using NetGen;
            [Network(Loss = Loss.BinaryCrossEntropy), Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Identity)]
            public partial class Net { }
            """, """
            using NetGen;
            [Network(Loss = Loss.BinaryCrossEntropy), Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Sigmoid)]
            public partial class Net { }
            """, Errors),
        Fix.VerifyAsync("""
            using NetGen;
            [Network(Loss = Loss.BinaryCrossEntropy), Input(4), Dense(8, Activation.Relu), Dense(1)]
            public partial class Net { }
            """, """
            using NetGen;
            [Network(Loss = Loss.BinaryCrossEntropyWithLogits), Input(4), Dense(8, Activation.Relu), Dense(1)]
            public partial class Net { }
            """, Errors, fixIndex: 1));

    [Fact]
    public Task FixAll_fixes_every_network() => Fix.VerifyAllAsync("""
        using NetGen;
        [Network(Loss = Loss.BinaryCrossEntropy), Input(4), Dense(3, Activation.Softmax)]
        public partial class A { }
        [Network(Loss = Loss.BinaryCrossEntropy), Input(4), Dense(5, Activation.Softmax)]
        public partial class B { }
        """, """
        using NetGen;
        [Network(Loss = Loss.CrossEntropy), Input(4), Dense(3, Activation.Softmax)]
        public partial class A { }
        [Network(Loss = Loss.CrossEntropy), Input(4), Dense(5, Activation.Softmax)]
        public partial class B { }
        """, Errors);
}
