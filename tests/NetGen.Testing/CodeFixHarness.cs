using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace NetGen.Testing;

/// <summary>Applies code fixes in a real workspace, one diagnostic at a time or all at once (FixAll).</summary>
public static class CodeFixHarness
{
    /// <summary>
    /// Fixes the first fixable diagnostic with the fix at <paramref name="fixIndex"/>, re-analyzes, and
    /// repeats until none is left; then asserts the result equals <paramref name="expected"/>, compiles
    /// without errors, and raises none of the fixed diagnostics. With a <paramref name="generator"/>,
    /// also asserts it accepts the fixed declaration: no errors from it or from its output.
    /// </summary>
    public static async Task VerifyAsync(string before, string expected, DiagnosticAnalyzer analyzer, CodeFixProvider fixer,
        int fixIndex = 0, IIncrementalGenerator? generator = null)
    {
        var document = CreateDocument(before);
        for (int round = 0; round < 20; round++)
        {
            var diagnostic = (await FixableDiagnosticsAsync(document, analyzer, fixer)).FirstOrDefault();
            if (diagnostic is null)
                break;
            var actions = new List<CodeAction>();
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
            Assert.True(actions.Count > fixIndex, $"No fix {fixIndex} offered for {diagnostic.Id}: {diagnostic.GetMessage()}");
            document = await ApplyAsync(document, actions[fixIndex]);
        }
        await AssertFixedAsync(document, expected, analyzer, fixer, generator);
    }

    /// <summary>Applies the fixer's FixAll provider over the whole document in one action.</summary>
    public static async Task VerifyFixAllAsync(string before, string expected, DiagnosticAnalyzer analyzer, CodeFixProvider fixer,
        int fixIndex = 0, IIncrementalGenerator? generator = null)
    {
        var document = CreateDocument(before);
        var diagnostics = await FixableDiagnosticsAsync(document, analyzer, fixer);
        Assert.NotEmpty(diagnostics);
        var first = diagnostics[0];
        var actions = new List<CodeAction>();
        await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, first, (action, _) => actions.Add(action), CancellationToken.None));
        var provider = fixer.GetFixAllProvider();
        Assert.NotNull(provider);
        var context = new FixAllContext(document, fixer, FixAllScope.Document, actions[fixIndex].EquivalenceKey,
            diagnostics.Select(d => d.Id).Distinct(), new FixedDiagnostics(diagnostics), CancellationToken.None);
        var fixAll = await provider!.GetFixAsync(context);
        Assert.NotNull(fixAll);
        document = await ApplyAsync(document, fixAll!);
        await AssertFixedAsync(document, expected, analyzer, fixer, generator);
    }

    private static async Task AssertFixedAsync(Document document, string expected, DiagnosticAnalyzer analyzer, CodeFixProvider fixer, IIncrementalGenerator? generator)
    {
        string actual = (await document.GetTextAsync()).ToString();
        Assert.Equal(expected.Replace("\r\n", "\n"), actual.Replace("\r\n", "\n"));
        var compilation = (await document.Project.GetCompilationAsync())!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The fixed code does not compile:\n" + string.Join("\n", errors));
        Assert.Empty(await FixableDiagnosticsAsync(document, analyzer, fixer));
        if (generator is not null)
        {
            var run = GeneratorHarness.Run(CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: TestCompilation.ParseOptions), compilation);
            var problems = run.GeneratorDiagnostics.Concat(run.Output.GetDiagnostics()).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(problems.Count == 0, "The generator rejects the fixed code:\n" + string.Join("\n", problems));
        }
    }

    private static Document CreateDocument(string source)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Default, "Tests", "Tests", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
            parseOptions: TestCompilation.ParseOptions,
            metadataReferences: TestCompilation.References));
        return workspace.AddDocument(project.Id, "Test0.cs", SourceText.From(source));
    }

    private static async Task<ImmutableArray<Diagnostic>> FixableDiagnosticsAsync(Document document, DiagnosticAnalyzer analyzer, CodeFixProvider fixer)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(compilation, analyzer);
        return diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)).ToImmutableArray();
    }

    private static async Task<Document> ApplyAsync(Document document, CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return solution.GetDocument(document.Id) ?? throw new InvalidOperationException("The fix removed the document.");
    }

    private sealed class FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>([]);
    }
}
