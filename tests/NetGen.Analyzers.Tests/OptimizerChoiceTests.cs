using System.Threading.Tasks;
using Xunit;
using VerifyAdaGrad = NetGen.Analyzers.Tests.AnalyzerVerifier<NetGen.Analyzers.AdaGradDecayAnalyzer>;
using VerifyAdaGradFix = NetGen.Analyzers.Tests.CodeFixVerifier<NetGen.Analyzers.AdaGradDecayAnalyzer, NetGen.CodeFixes.AttributeFixCodeFix>;
using VerifyAdam = NetGen.Analyzers.Tests.AnalyzerVerifier<NetGen.Analyzers.CoupledWeightDecayAnalyzer>;
using VerifyAdamFix = NetGen.Analyzers.Tests.CodeFixVerifier<NetGen.Analyzers.CoupledWeightDecayAnalyzer, NetGen.CodeFixes.AttributeFixCodeFix>;

namespace NetGen.Analyzers.Tests;

/// <summary>NG1010 (AdaGrad's decaying step) and NG1013 (Adam with coupled L2 decay): infos with a one-click switch.</summary>
public class OptimizerChoiceTests
{
    [Fact]
    public Task AdaGrad_is_reported_as_info_at_the_optimizer() => VerifyAdaGrad.VerifyAsync("""
        using NetGen;
        [Network({|#0:Optimizer = Optimizer.AdaGrad|}), Input(4), Dense(1)]
        public partial class A { }
        [Network(Optimizer = Optimizer.RmsProp), Input(4), Dense(1)]
        public partial class B { }
        """, VerifyAdaGrad.Diagnostic().WithLocation(0).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info));

    [Fact]
    public Task AdaGrad_fix_uses_rmsprop_and_a_rate_it_can_take() => VerifyAdaGradFix.VerifyAsync("""
        using NetGen;
        [Network({|NG1010:Optimizer = Optimizer.AdaGrad|}, LearningRate = 0.1f), Input(4), Dense(1)]
        public partial class A { }
        [Network({|NG1010:Optimizer = Optimizer.AdaGrad|}, LearningRate = 0.005f), Input(4), Dense(1)]
        public partial class B { }
        """, """
        using NetGen;
        [Network(Optimizer = Optimizer.RmsProp, LearningRate = 0.001f), Input(4), Dense(1)]
        public partial class A { }
        [Network(Optimizer = Optimizer.RmsProp, LearningRate = 0.005f), Input(4), Dense(1)]
        public partial class B { }
        """);

    [Fact]
    public Task AdaGrad_FixAll_fixes_every_network() => VerifyAdaGradFix.VerifyAsync("""
        using NetGen;
        [Network({|NG1010:Optimizer = Optimizer.AdaGrad|}), Input(4), Dense(1)]
        public partial class A { }
        [Network({|NG1010:Optimizer = Optimizer.AdaGrad|}, LearningRate = 0.5f), Input(4), Dense(1)]
        public partial class B { }
        """, """
        using NetGen;
        [Network(Optimizer = Optimizer.RmsProp), Input(4), Dense(1)]
        public partial class A { }
        [Network(Optimizer = Optimizer.RmsProp, LearningRate = 0.001f), Input(4), Dense(1)]
        public partial class B { }
        """);

    [Fact]
    public Task Adam_with_weight_decay_is_reported_at_the_decay() => VerifyAdam.VerifyAsync("""
        using NetGen;
        [Network(Optimizer = Optimizer.Adam, {|NG1013:WeightDecay = 1e-4f|}), Input(4), Dense(1)]
        public partial class A { }
        [Network(Optimizer = Optimizer.AdamW, WeightDecay = 1e-4f), Input(4), Dense(1)]
        public partial class B { }
        [Network(Optimizer = Optimizer.Sgd, WeightDecay = 1e-4f), Input(4), Dense(1)]
        public partial class C { }
        """);

    [Fact]
    public Task FixAll_switches_to_adamw() => VerifyAdamFix.VerifyAsync("""
        using NetGen;
        [Network(Optimizer = Optimizer.Adam, {|NG1013:WeightDecay = 1e-4f|}), Input(4), Dense(1)]
        public partial class A { }
        [Network({|NG1013:WeightDecay = 0.01f|}, Optimizer = NetGen.Optimizer.Adam), Input(4), Dense(1)]
        public partial class B { }
        """, """
        using NetGen;
        [Network(Optimizer = Optimizer.AdamW, WeightDecay = 1e-4f), Input(4), Dense(1)]
        public partial class A { }
        [Network(WeightDecay = 0.01f, Optimizer = NetGen.Optimizer.AdamW), Input(4), Dense(1)]
        public partial class B { }
        """);
}
