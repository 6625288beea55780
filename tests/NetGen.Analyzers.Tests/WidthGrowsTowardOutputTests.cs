using System.Threading.Tasks;
using Xunit;
using Verify = NetGen.Analyzers.Tests.AnalyzerVerifier<NetGen.Analyzers.WidthGrowsTowardOutputAnalyzer>;

namespace NetGen.Analyzers.Tests;

public class WidthGrowsTowardOutputTests
{
    [Fact]
    public Task Flags_hidden_layers_wider_than_the_one_before() => Verify.VerifyAsync("""
        using NetGen;
        [Network]
        [Input(64), Dense(16, Activation.Relu), Dense({|NG1011:32|}, Activation.Relu), Dense(8, Activation.Relu), Dense(10)]
        public partial class Net { }
        """);

    [Fact]
    public Task Counts_crelus_doubled_outputs_and_ignores_the_output_layer() => Verify.VerifyAsync("""
        using NetGen;
        [Network]
        [Input(64), Dense(16, Activation.CRelu), Dense(24, Activation.Relu), Dense({|NG1011:32|}, Activation.Relu), Dense(10)]
        public partial class Net { }
        [Network]
        [Input(8), Dense(32, Activation.Relu), Dense(16, Activation.Relu), Dense(64)]
        public partial class Funnel { }
        """);
}
