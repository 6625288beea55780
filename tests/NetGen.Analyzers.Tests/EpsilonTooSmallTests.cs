using System.Threading.Tasks;
using NetGen.Testing;
using Xunit;

namespace NetGen.Analyzers.Tests;

public class EpsilonTooSmallTests
{
    private static readonly EpsilonTooSmallAnalyzer Analyzer = new();

    [Fact]
    public Task Flags_adaptive_optimizers_with_a_tiny_epsilon() => AnalyzerHarness.VerifyAsync("""
        using NetGen;
        [Network(Optimizer = Optimizer.Adam, {|NG1008:Epsilon = 1e-12f|}), Input(4), Dense(1)]
        public partial class A { }
        [Network(Optimizer = Optimizer.RmsProp, {|NG1008:Epsilon = 1e-11f|}), Input(4), Dense(1)]
        public partial class B { }
        [Network(Optimizer = Optimizer.AdaGrad), Input(4), Dense(1)]
        public partial class C { }
        [Network(Optimizer = Optimizer.AdamW, Epsilon = 1e-10f), Input(4), Dense(1)]
        public partial class D { }
        """, Analyzer);

    [Fact]
    public Task Fix_sets_the_pytorch_default() => Fix.VerifyAsync("""
        using NetGen;
        [Network(Optimizer = Optimizer.Adam, Epsilon = 1e-15f), Input(4), Dense(1)]
        public partial class A { }
        [Network(Optimizer = Optimizer.AdaGrad, Epsilon = 1e-15f), Input(4), Dense(1)]
        public partial class B { }
        """, """
        using NetGen;
        [Network(Optimizer = Optimizer.Adam, Epsilon = 1e-8f), Input(4), Dense(1)]
        public partial class A { }
        [Network(Optimizer = Optimizer.AdaGrad, Epsilon = 1e-10f), Input(4), Dense(1)]
        public partial class B { }
        """, Analyzer);

    [Fact]
    public Task FixAll_fixes_every_network() => Fix.VerifyAllAsync("""
        using NetGen;
        [Network(Optimizer = Optimizer.Adam, Epsilon = 1e-15f), Input(4), Dense(1)]
        public partial class A { }
        [Network(Optimizer = Optimizer.AdamW, Epsilon = 0.5e-12f), Input(4), Dense(1)]
        public partial class B { }
        """, """
        using NetGen;
        [Network(Optimizer = Optimizer.Adam, Epsilon = 1e-8f), Input(4), Dense(1)]
        public partial class A { }
        [Network(Optimizer = Optimizer.AdamW, Epsilon = 1e-8f), Input(4), Dense(1)]
        public partial class B { }
        """, Analyzer);
}
