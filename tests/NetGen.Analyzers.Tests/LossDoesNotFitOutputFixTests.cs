using System.Threading.Tasks;
using Xunit;
using VerifyFix = NetGen.Analyzers.Tests.GeneratorFixVerifier;

namespace NetGen.Analyzers.Tests;

/// <summary>
/// NG0005 is a generator error; the parser attaches the matching pair as fixes, applied like any rule's. No analyzer
/// here: the generator itself reports the error the fix removes.
/// </summary>
public class LossDoesNotFitOutputFixTests
{
    [Fact]
    public Task Binary_cross_entropy_on_softmax_becomes_cross_entropy() => VerifyFix.VerifyAsync("""
        using NetGen;
        [Network({|NG0005:Loss = Loss.BinaryCrossEntropy|}), Input(4), Dense(8, Activation.Relu), Dense(3, Activation.Softmax)]
        public partial class Net { }
        """, """
        using NetGen;
        [Network(Loss = Loss.CrossEntropy), Input(4), Dense(8, Activation.Relu), Dense(3, Activation.Softmax)]
        public partial class Net { }
        """);

    [Fact]
    public Task Cross_entropy_on_one_unit_becomes_binary_cross_entropy_on_a_sigmoid() => VerifyFix.VerifyAsync("""
        using NetGen;
        [Network({|NG0005:Loss = Loss.CrossEntropy|}), Input(4), Dense(8, Activation.Relu), Dense(1)]
        public partial class Net { }
        """, """
        using NetGen;
        [Network(Loss = Loss.BinaryCrossEntropy), Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Sigmoid)]
        public partial class Net { }
        """);

    [Fact]
    public Task Binary_cross_entropy_on_logits_gets_a_sigmoid_or_the_logits_loss() => Task.WhenAll(
        VerifyFix.VerifyAsync("""
            using NetGen;
            [Network({|NG0005:Loss = Loss.BinaryCrossEntropy|}), Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Identity)]
            public partial class Net { }
            """, """
            using NetGen;
            [Network(Loss = Loss.BinaryCrossEntropy), Input(4), Dense(8, Activation.Relu), Dense(1, Activation.Sigmoid)]
            public partial class Net { }
            """),
        VerifyFix.VerifyAsync("""
            using NetGen;
            [Network({|NG0005:Loss = Loss.BinaryCrossEntropy|}), Input(4), Dense(8, Activation.Relu), Dense(1)]
            public partial class Net { }
            """, """
            using NetGen;
            [Network(Loss = Loss.BinaryCrossEntropyWithLogits), Input(4), Dense(8, Activation.Relu), Dense(1)]
            public partial class Net { }
            """, codeActionIndex: 1));

    [Fact]
    public Task FixAll_fixes_every_network() => VerifyFix.VerifyAsync("""
        using NetGen;
        [Network({|NG0005:Loss = Loss.BinaryCrossEntropy|}), Input(4), Dense(3, Activation.Softmax)]
        public partial class A { }
        [Network({|NG0005:Loss = Loss.BinaryCrossEntropy|}), Input(4), Dense(5, Activation.Softmax)]
        public partial class B { }
        """, """
        using NetGen;
        [Network(Loss = Loss.CrossEntropy), Input(4), Dense(3, Activation.Softmax)]
        public partial class A { }
        [Network(Loss = Loss.CrossEntropy), Input(4), Dense(5, Activation.Softmax)]
        public partial class B { }
        """);
}
