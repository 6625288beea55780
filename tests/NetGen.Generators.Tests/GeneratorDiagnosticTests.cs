using System.Linq;
using System.Threading.Tasks;
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
    [InlineData("""
        [Network, Input(2), Dense(3, Activation.Relu), Dense(1, {|NG0011:Activation.BinaryStep|})]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network({|NG0011:Loss = Loss.ZeroOne|}), Input(2), Dense(2, Activation.Softmax)]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network({|NG0012:Optimizer = Optimizer.Newton|}), Input(30), Dense(20, Activation.Tanh), Dense(1)]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network(Optimizer = Optimizer.Adam, {|NG0006:Momentum = 0.9f|}, {|NG0006:Nesterov = true|})]
        [Input(2), Dense(1)]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network({|NG0006:HuberDelta = 2f|}, Schedule = LearningRateSchedule.Cosine, {|NG0006:ScheduleSteps = 0|})]
        [Input(2), Dense(1)]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network, Input(2)]
        [Dense(4, Activation.Relu, {|NG0006:Pieces = 3|}, {|NG0006:Alpha = 2f|})]
        [Dense(4, Activation.Maxout, {|NG0006:Pieces = 1|}, {|NG0006:BiasInit = Init.HeNormal|})]
        [Dense(1, Activation.Identity, Init = Init.Uniform, {|NG0006:InitHigh = -1f|})]
        public partial class Net { }
        """)]
    [InlineData("""
        [{|NG0020:Input(4)|}, Dense(16, Activation.Relu), Dense(3)]
        public partial class Net { }
        """)]
    [InlineData("""
        [{|NG0020:Dense(16, Activation.Relu)|}]
        [GradientClipping(MaxNorm = 1f)]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network, Input(100000), Dense({|NG0019:100000|})]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network, Input(1000), Dense(4096), Dense({|NG0019:70000|}), Dense(1)]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network({|NG0019:BatchSize = 100000|}), Input(8), Dense(4096), Dense(1)]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network({|NG0005:Loss = Loss.CrossEntropy|}, ClassWeights = new[] { 1f, 2f }), Input(2), Dense(3)]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network, GradientClipping(MaxValue = 1f, {|NG0007:PerLayer = true|}), Input(2), Dense(1)]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network(Optimizer = Optimizer.Adam, {|NG0013:MaxMemoryBytes = 1000|}), Input(16), Dense(16, Activation.Relu), Dense(1)]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network({|NG0006:MaxMemoryBytes = -1|}), Input(2), Dense(1)]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network, Input(2), Dense(4, Activation.Tanh, Trainable = false), Dense(1, {|NG0006:Trainable = false|})]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network(Optimizer = Optimizer.Newton), Input(2), Dense(4, Activation.Tanh, {|NG0006:Trainable = false|}), Dense(1)]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network(Trainable = false), Input(2), Dense(1, {|NG0006:Trainable = false|})]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network, Input(2), Dense(1, Bias = false, {|NG0006:BiasInit = Init.Uniform|})]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network, Input(2), Dense(4, Activation.Tanh)]
        public partial class Net { }

        [{|NG0016:Dense(1, Activation.Sigmoid)|}]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network, Input(2), Dense(1, Activation.Sigmoid)]
        public partial class Net
        {
            public {|NG0017:Net|}() { }
        }
        """)]
    [InlineData("""
        [Network, Input(2), Dense(1, Activation.Sigmoid)]
        public partial class Net
        {
            public void {|NG0017:Predict|}(System.ReadOnlySpan<float> input, System.Span<float> output) { }
            public static Net {|NG0017:Load|}(string path) => new();
        }
        """)]
    [InlineData("""
        [Network, Input(2), Dense(1, Activation.Sigmoid)]
        public partial class {|NG0018:Unsafe|} { }
        """)]
    [InlineData("""
        [Network, Input(2), Dense(1, Activation.Sigmoid)]
        public partial class {|NG0017:Predict|} { }
        """)]
    [InlineData("""
        namespace Models
        {
            [Network, Input(2), Dense(1, Activation.Sigmoid)]
            public partial class {|NG0017:InputSize|} { }
        }
        """)]
    [InlineData("""
        [Network, Input(2), Dense(4, Activation.Tanh), Dense(1, Activation.Sigmoid)]
        public partial class {|NG0017:Layer1Forward|} { }
        """)]
    [InlineData("""
        namespace Models
        {
            [Network, Input(2), Dense(1, Activation.Sigmoid)]
            public partial class Net
            {
                public static double {|NG0018:Math|}(double x) => x;
                private sealed class {|NG0018:Span|} { }
            }
            public static class {|NG0018:MathF|} { }
        }
        """)]
    [InlineData("""
        [Network, Input(2), Dense(1, Activation.Sigmoid)]
        public partial class Net
        {
            public const int {|NG0017:InputSize|} = 2;
            private float[] {|NG0017:_parameters|} = [];
        }
        """)]
    [InlineData("""
        [Network, Input(2), Dense({|NG0003:-1000000000|})]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network, Input(2), Dense(4, Activation.Tanh), Dense(1, {|NG0010:(Activation)99|})]
        public partial class Net { }
        """)]
    [InlineData("""
        [Network({|NG0019:BatchSize = 100000|}), Input(30000), Dense(1)]
        public partial class Net { }
        """)]
    [InlineData("""
        namespace Acme
        {
            [Network, Input(2), Dense(1, Activation.Sigmoid)]
            public partial class Net { }
        }
        namespace Acme.{|NG0018:File|} { public static class Helpers { } }
        """)]
    [InlineData("""
        public class Model { protected static int {|NG0018:Math|}; }
        [Network, Input(2), Dense(1, Activation.Sigmoid)]
        public partial class Net : Model { }
        """)]
    [InlineData("""
        [Network, Input(2), Dense(1, Activation.Sigmoid)]
        public partial class {|NG0009:Net|} { public required string Name { get; init; } }
        """)]
    public Task Reports_the_error_at_its_place_and_generates_nothing(string declaration) =>
        GeneratorVerifier.VerifyAsync("using NetGen;\n\n" + declaration);

    [Fact]
    public Task Members_of_the_users_own_compile_beside_the_generated_ones_overloads_included() =>
        GeneratorVerifier.VerifyGeneratesNetAsync("""
            using System;
            using NetGen;
            [Network(Loss = Loss.BinaryCrossEntropy), Input(2), Dense(3, Activation.Tanh), Dense(1, Activation.Sigmoid)]
            public partial class Net
            {
                public Net(string name) : this() => Name = name;
                public string Name { get; } = "";
                public float Predict(float a, float b) { Span<float> output = stackalloc float[1]; Predict([a, b], output); return output[0]; }
                private static int s_instances = 0;
                public static int Instances => s_instances;
            }
            """);

    /// <summary>It is a predictor (<see cref="GeneratorVerifier.VerifyGeneratesNetAsync"/>) with no training step (CS1061).</summary>
    [Fact]
    public Task A_network_that_is_never_trained_may_use_BinaryStep_and_the_zero_one_loss() => GeneratorVerifier.VerifyGeneratesNetAsync("""
        using NetGen;
        [Network(Trainable = false, Loss = Loss.ZeroOne), Input(2), Dense(3, Activation.Relu), Dense(1, Activation.BinaryStep)]
        public partial class Net { }
        public static class Training
        {
            public static float Step(Net net, float[] input, float[] target) => net.{|CS1061:TrainStep|}(input, target);
        }
        """);

    [Theory]
    [InlineData("{|NG0006:Optimizer = Optimizer.Sgd|}, {|NG0006:Momentum = 0.9f|}")]
    [InlineData("{|NG0006:Optimizer = Optimizer.Adam|}")]
    [InlineData("{|NG0006:LearningRate = 0.1f|}, {|NG0006:Schedule = LearningRateSchedule.Cosine|}, {|NG0006:ScheduleSteps = 10|}")]
    [InlineData("{|NG0006:Optimizer = Optimizer.RmsProp|}, {|NG0006:Centered = true|}, {|NG0006:WeightDecay = 0.01f|}")]
    [InlineData("{|NG0006:Optimizer = Optimizer.Newton|}")]
    public Task A_network_that_is_never_trained_refuses_the_options_of_a_training_step(string options) =>
        GeneratorVerifier.VerifyAsync($"using NetGen;\n[Network(Trainable = false, {options}), Input(4), Dense(3, Activation.Relu), Dense(1)]\npublic partial class Net {{ }}");

    [Fact]
    public async Task A_network_that_is_never_trained_keeps_its_loss_options_and_refuses_clipping()
    {
        // Compiling without warnings: no unused optimizer state or step counter.
        await GeneratorVerifier.VerifyGeneratesNetAsync("using NetGen;\n[Network(Trainable = false, Loss = Loss.Huber, HuberDelta = 0.5f, BatchSize = 8, Seed = 3), Input(4), Dense(3, Activation.Relu), Dense(1)]\npublic partial class Net { }");
        await GeneratorVerifier.VerifyAsync("using NetGen;\n[Network(Trainable = false), Input(4), Dense(1)]\n[{|NG0006:GradientClipping(MaxNorm = 1f)|}]\npublic partial class Net { }");
    }

    [Fact]
    public async Task The_layer_limit_admits_its_last_layer_and_refuses_the_next_at_that_layer()
    {
        const int LayerLimit = 256; // NetworkDefaults.LayerLimit, as docs/diagnostics/NG0019.md states it
        string Declaration(int count, bool marked) => "using NetGen;\n[Network, Input(2)]\n"
            + string.Concat(Enumerable.Range(0, count).Select(k => marked && k == LayerLimit ? "[{|NG0019:Dense(2)|}]\n" : "[Dense(2)]\n"))
            + "public partial class Net { }";
        Assert.Empty(GeneratorHarness.Run(new NetworkGenerator(), Declaration(LayerLimit, marked: false)).GeneratorDiagnostics);
        await GeneratorVerifier.VerifyAsync(Declaration(LayerLimit + 1, marked: true));
    }

    [Theory]
    [InlineData("Optimizer = Optimizer.Sgd", "[Input(16), Dense(16, Activation.Relu), Dense(1)]")]
    [InlineData("Optimizer = Optimizer.Adam, Loss = Loss.CrossEntropy, BatchSize = 32", "[Input(64), Dense(32, Activation.Relu), Dense(10)]")]
    [InlineData("Optimizer = Optimizer.Newton, BatchSize = 4", "[Input(3), Dense(4, Activation.Tanh), Dense(1)]")]
    public void The_memory_budget_admits_exactly_what_MemoryBytes_states(string options, string layers)
    {
        string Declaration(string budget) => $"using NetGen;\n[Network({options}{budget})]\n{layers}\npublic partial class Net {{ }}";
        var unlimited = GeneratorHarness.Run(new NetworkGenerator(), Declaration(""));
        var stated = System.Text.RegularExpressions.Regex.Match(unlimited.Sources.Single().SourceText.ToString(), @"public const long MemoryBytes = (\d+);");
        Assert.True(stated.Success);
        long bytes = long.Parse(stated.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Empty(GeneratorHarness.Run(new NetworkGenerator(), Declaration($", MaxMemoryBytes = {bytes}")).GeneratorDiagnostics);
        var over = GeneratorHarness.Run(new NetworkGenerator(), Declaration($", MaxMemoryBytes = {bytes - 1}"));
        Assert.Equal("NG0013", Assert.Single(over.GeneratorDiagnostics).Id);
        Assert.Contains($"needs {bytes} bytes", over.GeneratorDiagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Every_descriptor_links_to_its_page_and_is_in_the_README_table()
    {
        string readme = System.IO.File.ReadAllText(System.IO.Path.Combine(RepositoryRoot(), "README.md"));
        // The links start at the repository address Directory.Build.props gives the package, the one place it is written.
        string repository = System.Xml.Linq.XDocument.Load(System.IO.Path.Combine(RepositoryRoot(), "Directory.Build.props"))
            .Descendants("RepositoryUrl").Single().Value;
        foreach (var field in typeof(NetGen.Generators.Diagnostics.Descriptors).GetFields().Where(f => f.FieldType == typeof(Microsoft.CodeAnalysis.DiagnosticDescriptor)))
        {
            var descriptor = (Microsoft.CodeAnalysis.DiagnosticDescriptor)field.GetValue(null)!;
            Assert.Equal($"{repository}/blob/main/docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
            Assert.True(System.IO.File.Exists(System.IO.Path.Combine(RepositoryRoot(), "docs", "diagnostics", descriptor.Id + ".md")), $"docs/diagnostics/{descriptor.Id}.md is missing");
            Assert.Contains($"| [{descriptor.Id}](docs/diagnostics/{descriptor.Id}.md) |", readme);
        }
    }

    internal static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(file)!, "..", ".."));
}
