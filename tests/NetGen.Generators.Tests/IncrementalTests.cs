using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generators;
using NetGen.Testing;
using Xunit;

namespace NetGen.Generators.Tests;

/// <summary>IDE typing elsewhere must not regenerate: every tracked step is Cached or Unchanged.</summary>
public class IncrementalTests
{
    private const string Network = """
        using NetGen;
        [Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam)]
        [Input(4), Dense(16, Activation.Relu), Dense(3, Activation.Softmax)]
        public partial class IrisNet { }
        """;

    [Fact]
    public void An_edit_in_another_file_reuses_every_step()
    {
        var first = GeneratorHarness.Run(new NetworkGenerator(), Network, "class Other { }");
        var edited = first.Output.ReplaceSyntaxTree(
            first.Output.SyntaxTrees.Single(t => t.FilePath == "Test1.cs"),
            CSharpSyntaxTree.ParseText("class Other { int typing; }", TestCompilation.ParseOptions, path: "Test1.cs"));
        // Run on the user's compilation again (without the generated tree), as the IDE does.
        var second = GeneratorHarness.Run(first.Driver, RemoveGenerated(edited));

        AssertAllReused(second, TrackingNames.Parse);
        AssertAllReused(second, TrackingNames.Weights);
        AssertAllReused(second, TrackingNames.Plans);
        AssertAllReused(second, TrackingNames.Emit);
    }

    [Fact]
    public void Embedded_weights_are_decoded_once_and_reused_while_typing_elsewhere()
    {
        string network = Network.Replace("Optimizer = Optimizer.Adam", "Optimizer = Optimizer.Adam, Weights = \"iris.ngw\"");
        var weights = new InMemoryAdditionalText("/p/iris.ngw", "# not checked by this test: NG0015 is reported, and cached\nAAAA\n");
        var first = GeneratorHarness.Run(new NetworkGenerator(), [weights], network, "class Other { }");
        Assert.Equal("NG0015", Assert.Single(first.GeneratorDiagnostics).Id);
        var edited = first.Output.ReplaceSyntaxTree(
            first.Output.SyntaxTrees.Single(t => t.FilePath == "Test1.cs"),
            CSharpSyntaxTree.ParseText("class Other { int typing; }", TestCompilation.ParseOptions, path: "Test1.cs"));
        var second = GeneratorHarness.Run(first.Driver, RemoveGenerated(edited));

        AssertAllReused(second, TrackingNames.WeightsFiles);
        AssertAllReused(second, TrackingNames.Weights);
    }

    [Fact]
    public void Adding_a_comment_to_the_network_file_changes_no_plan()
    {
        var first = GeneratorHarness.Run(new NetworkGenerator(), Network);
        var tree = first.Output.SyntaxTrees.Single(t => t.FilePath == "Test0.cs");
        var edited = first.Output.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText("// a comment\n" + Network, TestCompilation.ParseOptions, path: "Test0.cs"));
        var second = GeneratorHarness.Run(first.Driver, RemoveGenerated(edited));

        // The parse step reruns (its file changed) but yields an equal plan, so nothing is re-emitted.
        AssertAllReused(second, TrackingNames.Plans);
        AssertAllReused(second, TrackingNames.Emit);
    }

    private static Compilation RemoveGenerated(Compilation compilation) =>
        compilation.RemoveSyntaxTrees(compilation.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs")));

    private static void AssertAllReused(GeneratorRun run, string step)
    {
        var steps = run.Driver.GetRunResult().Results.Single().TrackedSteps[step];
        Assert.NotEmpty(steps);
        var reasons = steps.SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step} ran again: {reason}"));
    }
}
