using System.Threading.Tasks;
using Xunit;
using Verify = NetGen.Analyzers.Tests.AnalyzerVerifier<NetGen.Analyzers.EpsilonTooSmallAnalyzer>;
using VerifyFix = NetGen.Analyzers.Tests.CodeFixVerifier<NetGen.Analyzers.EpsilonTooSmallAnalyzer, NetGen.CodeFixes.AttributeFixCodeFix>;

namespace NetGen.Analyzers.Tests;

public class EpsilonTooSmallTests
{
    [Fact]
    public Task Flags_adaptive_optimizers_with_a_tiny_epsilon() => Verify.VerifyAsync("""
        using NetGen;
        [Network(Optimizer = Optimizer.Adam, {|NG1008:Epsilon = 1e-12f|}), Input(4), Dense(1)]
        public partial class A { }
        [Network(Optimizer = Optimizer.RmsProp, {|NG1008:Epsilon = 1e-11f|}), Input(4), Dense(1)]
        public partial class B { }
        [Network(Optimizer = Optimizer.AdaGrad), Input(4), Dense(1)]
        public partial class C { }
        [Network(Optimizer = Optimizer.AdamW, Epsilon = 1e-10f), Input(4), Dense(1)]
        public partial class D { }
        """);

    [Fact]
    public Task Fix_sets_the_pytorch_default() => VerifyFix.VerifyAsync("""
        using NetGen;
        [Network(Optimizer = Optimizer.Adam, {|NG1008:Epsilon = 1e-15f|}), Input(4), Dense(1)]
        public partial class A { }
        [Network(Optimizer = Optimizer.AdaGrad, {|NG1008:Epsilon = 1e-15f|}), Input(4), Dense(1)]
        public partial class B { }
        """, """
        using NetGen;
        [Network(Optimizer = Optimizer.Adam, Epsilon = 1e-8f), Input(4), Dense(1)]
        public partial class A { }
        [Network(Optimizer = Optimizer.AdaGrad, Epsilon = 1e-10f), Input(4), Dense(1)]
        public partial class B { }
        """);

    [Fact]
    public Task FixAll_fixes_every_network() => VerifyFix.VerifyAsync("""
        using NetGen;
        [Network(Optimizer = Optimizer.Adam, {|NG1008:Epsilon = 1e-15f|}), Input(4), Dense(1)]
        public partial class A { }
        [Network(Optimizer = Optimizer.AdamW, {|NG1008:Epsilon = 0.5e-12f|}), Input(4), Dense(1)]
        public partial class B { }
        """, """
        using NetGen;
        [Network(Optimizer = Optimizer.Adam, Epsilon = 1e-8f), Input(4), Dense(1)]
        public partial class A { }
        [Network(Optimizer = Optimizer.AdamW, Epsilon = 1e-8f), Input(4), Dense(1)]
        public partial class B { }
        """);
}
