using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generators;
using NetGen.Testing;
using Xunit;

namespace NetGen.Generators.Tests;

/// <summary>
/// The generated documentation comments are well-formed XML that names what exists: a library built with
/// GenerateDocumentationFile and warnings as errors must not fail on them (CS1570-CS1591 family).
/// </summary>
public class DocumentationTests
{
    [Theory]
    [InlineData("[Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.5f, Seed = 7), Input(2), Dense(4, Activation.Tanh), Dense(1, Activation.Sigmoid)]")]
    [InlineData("[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, BatchSize = 16, Schedule = LearningRateSchedule.Cosine, ScheduleSteps = 10), Input(4), Dense(16, Activation.Relu, Bias = false), Dense(8, Activation.Maxout, Pieces = 2, Trainable = false), Dense(3)]")]
    [InlineData("[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.AdamW, WeightDecay = 0.01f, BatchSize = 8, Schedule = LearningRateSchedule.Step, ScheduleStepSize = 3), Input(3), Dense(5, Activation.PRelu, PerUnit = true), Dense(4, Activation.CRelu), Dense(2, Activation.Swish, LearnableBeta = true)]")]
    [InlineData("[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.RmsProp, Centered = true, Momentum = 0.5f, BatchSize = 4), Input(6), Dense(5, Activation.RRelu), Dense(4, Activation.Softmax)]")]
    [InlineData("[Network(Trainable = false, Loss = Loss.ZeroOne), Input(2), Dense(3, Activation.Relu), Dense(1, Activation.BinaryStep)]")]
    [InlineData("[Network(Loss = Loss.Huber, Optimizer = Optimizer.Newton, BatchSize = 4), Input(3), Dense(4, Activation.Tanh), Dense(1)][GradientClipping(MaxNorm = 1f)]")]
    public void Generated_comments_compile_cleanly_with_documentation_on(string declaration)
    {
        var run = GeneratorHarness.Run(new NetworkGenerator(), $"using NetGen;\n/// <summary>A network.</summary>\n{declaration}\npublic partial class Net {{ }}");
        Assert.Empty(run.GeneratorDiagnostics);
        var diagnose = TestCompilation.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        var trees = run.Output.SyntaxTrees.Select(tree => CSharpSyntaxTree.ParseText(tree.GetText(), diagnose, tree.FilePath));
        var compilation = CSharpCompilation.Create("Docs", trees, TestCompilation.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        Assert.True(problems.Length == 0, string.Join("\n", problems.Select(p => p.ToString())));
    }
}
