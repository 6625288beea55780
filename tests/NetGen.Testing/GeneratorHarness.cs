using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Testing;

/// <summary>What one generator run produced.</summary>
public sealed record GeneratorRun(
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<GeneratedSourceResult> Sources,
    GeneratorDriver Driver)
{
    /// <summary>Errors and warnings of compiling the user's code together with the generated code.</summary>
    public ImmutableArray<Diagnostic> CompilationProblems => Output.GetDiagnostics()
        .Where(d => d.Severity >= DiagnosticSeverity.Warning)
        .ToImmutableArray();
}

/// <summary>Runs an incremental generator the way the compiler does, with step tracking on.</summary>
public static class GeneratorHarness
{
    public static GeneratorRun Run(IIncrementalGenerator generator, params string[] sources) =>
        Run(CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: TestCompilation.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true)),
            TestCompilation.Create(sources));

    /// <summary>Runs with AdditionalFiles items, as a project's <c>&lt;AdditionalFiles Include="..." /&gt;</c> passes them.</summary>
    public static GeneratorRun Run(IIncrementalGenerator generator, IEnumerable<AdditionalText> additionalFiles, params string[] sources) =>
        Run(CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], additionalFiles, TestCompilation.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true)),
            TestCompilation.Create(sources));

    public static GeneratorRun Run(GeneratorDriver driver, Compilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var result = driver.GetRunResult().Results.Single();
        return new GeneratorRun(output, diagnostics, result.GeneratedSources, driver);
    }
}

/// <summary>An AdditionalFiles item held in memory.</summary>
public sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;
    public override Microsoft.CodeAnalysis.Text.SourceText GetText(System.Threading.CancellationToken cancellationToken = default) =>
        Microsoft.CodeAnalysis.Text.SourceText.From(text, System.Text.Encoding.UTF8);
}
