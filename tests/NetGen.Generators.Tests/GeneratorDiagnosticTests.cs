using System.Linq;
using NetGen.Generators;
using NetGen.Testing;
using Xunit;

namespace NetGen.Generators.Tests;

/// <summary>Every declaration error, reported at the attribute or argument that is wrong, and nothing generated for it.</summary>
public class GeneratorDiagnosticTests
{
    [Theory]
    [InlineData("""
        [Network, Input(2), Dense(1)]
        public class {|NG0001:Net|} { }
        """)]
    [InlineData("""
        [{|NG0002:Network|}, Dense(1)]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network, Input({|NG0003:0|}), Dense({|NG0003:-3|})]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network(Loss = Loss.CrossEntropy), Input(2), Dense(4, {|NG0004:Activation.Softmax|}), Dense(3, Activation.Softmax)]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network({|NG0005:Loss = Loss.CrossEntropy|}), Input(2), Dense(1)]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network({|NG0005:Loss = Loss.BinaryCrossEntropy|}), Input(2), Dense(3, Activation.Softmax)]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network({|NG0005:Loss = Loss.BinaryCrossEntropy|}), Input(2), Dense(1, Activation.Tanh)]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network({|NG0006:LearningRate = -0.1f|}, {|NG0006:BatchSize = 0|}, {|NG0006:Momentum = 1f|}, {|NG0006:Epsilon = 0f|})]
        [Input(2), Dense(1)]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network, Input(2), Dense(1, {|NG0006:InitValue = 0.5f|})]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network, Input(2), Dense(1), {|NG0007:GradientClipping(MaxNorm = 1f, MaxValue = 1f)|}]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network, Input(2), Dense(1), {|NG0007:GradientClipping|}]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network, Input(2), Dense(1), GradientClipping({|NG0007:MaxNorm = -1f|})]
        public partial class Net { }
        """)]
    [InlineData("""
        [{|NG0008:Network|}, Input(2)]
        public partial class Net { }
        """)]
    [InlineData("""
        public partial class Outer
        {
            [Network, Input(2), Dense(1)]
            public partial class {|NG0009:Net|} { }
        }
        """)]
    [InlineData("""
        [Network, Input(2), Dense(1)]
        public partial class {|NG0009:Net|}<T> { }
        """)]
    [InlineData("""
        [Network, Input(2), Dense(1, {|NG0010:(Activation)42|})]
        public partial class Net { }
        """)]
    public void Reports_the_error_at_its_place_and_generates_nothing(string declaration)
    {
        var (source, expected) = Markup.Parse("using NetGen;\n\n" + declaration);
        var run = GeneratorHarness.Run(new NetworkGenerator(), source);
        DiagnosticAssert.Match(expected, run.GeneratorDiagnostics, source);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Every_descriptor_links_to_its_page()
    {
        foreach (var field in typeof(NetGen.Generators.Diagnostics.Descriptors).GetFields().Where(f => f.FieldType == typeof(Microsoft.CodeAnalysis.DiagnosticDescriptor)))
        {
            var descriptor = (Microsoft.CodeAnalysis.DiagnosticDescriptor)field.GetValue(null)!;
            Assert.EndsWith($"docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
            Assert.True(System.IO.File.Exists(System.IO.Path.Combine(RepositoryRoot(), "docs", "diagnostics", descriptor.Id + ".md")), $"docs/diagnostics/{descriptor.Id}.md is missing");
        }
    }

    internal static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(file)!, "..", ".."));
}
