using System.Threading.Tasks;
using NetGen.Testing;
using Xunit;

namespace NetGen.Analyzers.Tests;

/// <summary>NG1010 (AdaGrad's decaying step) and NG1013 (Adam with coupled L2 decay): infos with a one-click switch.</summary>
public class OptimizerChoiceTests
{
    private static readonly AdaGradDecayAnalyzer AdaGrad = new();
    private static readonly CoupledWeightDecayAnalyzer Adam = new();

    [Fact]
    public Task AdaGrad_is_reported_as_info_at_the_optimizer() => AnalyzerHarness.VerifyAsync("""
        using NetGen;
        [Network({|NG1010:Optimizer = Optimizer.AdaGrad|}), Input(4), Dense(1)]
        public partial class A { }
        [Network(Optimizer = Optimizer.RmsProp), Input(4), Dense(1)]
        public partial class B { }
        """, AdaGrad);

    [Fact]
    public Task AdaGrad_fix_uses_rmsprop_and_a_rate_it_can_take() => Fix.VerifyAsync("""
        using NetGen;
        [Network(Optimizer = Optimizer.AdaGrad, LearningRate = 0.1f), Input(4), Dense(1)]
        public partial class A { }
        [Network(Optimizer = Optimizer.AdaGrad, LearningRate = 0.005f), Input(4), Dense(1)]
        public partial class B { }
        """, """
        using NetGen;
        [Network(Optimizer = Optimizer.RmsProp, LearningRate = 0.001f), Input(4), Dense(1)]
        public partial class A { }
        [Network(Optimizer = Optimizer.RmsProp, LearningRate = 0.005f), Input(4), Dense(1)]
        public partial class B { }
        """, AdaGrad);

    [Fact]
    public Task AdaGrad_FixAll_fixes_every_network() => Fix.VerifyAllAsync("""
        using NetGen;
        [Network(Optimizer = Optimizer.AdaGrad), Input(4), Dense(1)]
        public partial class A { }
        [Network(Optimizer = Optimizer.AdaGrad, LearningRate = 0.5f), Input(4), Dense(1)]
        public partial class B { }
        """, """
        using NetGen;
        [Network(Optimizer = Optimizer.RmsProp), Input(4), Dense(1)]
        public partial class A { }
        [Network(Optimizer = Optimizer.RmsProp, LearningRate = 0.001f), Input(4), Dense(1)]
        public partial class B { }
        """, AdaGrad);

    [Fact]
    public Task Adam_with_weight_decay_is_reported_at_the_decay() => AnalyzerHarness.VerifyAsync("""
        using NetGen;
        [Network(Optimizer = Optimizer.Adam, {|NG1013:WeightDecay = 1e-4f|}), Input(4), Dense(1)]
        public partial class A { }
        [Network(Optimizer = Optimizer.AdamW, WeightDecay = 1e-4f), Input(4), Dense(1)]
        public partial class B { }
        [Network(Optimizer = Optimizer.Sgd, WeightDecay = 1e-4f), Input(4), Dense(1)]
        public partial class C { }
        """, Adam);

    [Fact]
    public Task FixAll_switches_to_adamw() => Fix.VerifyAllAsync("""
        using NetGen;
        [Network(Optimizer = Optimizer.Adam, WeightDecay = 1e-4f), Input(4), Dense(1)]
        public partial class A { }
        [Network(WeightDecay = 0.01f, Optimizer = NetGen.Optimizer.Adam), Input(4), Dense(1)]
        public partial class B { }
        """, """
        using NetGen;
        [Network(Optimizer = Optimizer.AdamW, WeightDecay = 1e-4f), Input(4), Dense(1)]
        public partial class A { }
        [Network(WeightDecay = 0.01f, Optimizer = NetGen.Optimizer.AdamW), Input(4), Dense(1)]
        public partial class B { }
        """, Adam);
}
