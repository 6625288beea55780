using System;
using System.Linq;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Testing;
using Xunit;

namespace NetGen.Generators.Tests;

/// <summary>
/// Properties over random declarations (issue 22): the generator never throws; a declaration that keeps the rules
/// generates code that compiles without a warning with documentation generation on; one that breaks a rule gets an NG
/// error located in the user's code, and nothing that fails to compile. NETGEN_PROPERTY_ITERATIONS runs more.
/// </summary>
public class DeclarationPropertyTests
{
    private static readonly long Iterations =
        long.TryParse(Environment.GetEnvironmentVariable("NETGEN_PROPERTY_ITERATIONS"), out long n) && n > 0 ? n : 60;

    private static readonly CSharpParseOptions Documented = TestCompilation.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);

    /// <summary>Runs the generator on the declaration with documentation generation on; the run and the compiled result's problems.</summary>
    private static (GeneratorRun Run, Diagnostic[] Problems) Generate(Declaration declaration)
    {
        var compilation = CSharpCompilation.Create("Property", [CSharpSyntaxTree.ParseText(declaration.ToSource(), Documented, "User.cs")],
            TestCompilation.References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var driver = CSharpGeneratorDriver.Create([new NetworkGenerator().AsSourceGenerator()], parseOptions: Documented);
        var run = GeneratorHarness.Run(driver, compilation);
        var problems = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        return (run, problems);
    }

    private static string Explain(Declaration declaration, GeneratorRun run, Diagnostic[] problems) =>
        $"{declaration.ToSource()}\n-- generator:\n{string.Join("\n", run.GeneratorDiagnostics.Select(d => $"{d} [{d.Location.SourceSpan}]"))}\n-- compilation:\n{string.Join("\n", problems.Take(10))}";

    [Fact]
    public void A_declaration_that_keeps_the_rules_compiles_without_a_warning()
    {
        RandomDeclarations.Valid.Sample(declaration =>
        {
            var (run, problems) = Generate(declaration);
            Assert.True(run.GeneratorDiagnostics.IsEmpty && problems.Length == 0 && run.Sources.Length == 1, Explain(declaration, run, problems));
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public void A_declaration_that_breaks_a_rule_gets_an_NG_error_in_the_users_code()
    {
        RandomDeclarations.Invalid.Sample(sample =>
        {
            var (declaration, mutation) = sample;
            var (run, problems) = Generate(declaration);
            static bool InUserCode(Diagnostic d) => d.Location.GetLineSpan().Path == "User.cs"; // the generator reports file locations (no tree)
            bool located = run.GeneratorDiagnostics.Any(d => mutation.Ids.Contains(d.Id) && d.Severity == DiagnosticSeverity.Error
                && InUserCode(d) && d.Location.SourceSpan.Length > 0);
            Assert.True(located, $"{mutation.Rule}: expected {string.Join(" or ", mutation.Ids)} in User.cs\n{Explain(declaration, run, problems)}");
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "NG0099" or "CS8785");
            Assert.True(!problems.Any(p => p.Severity == DiagnosticSeverity.Error && !InUserCode(p)), Explain(declaration, run, problems));
        }, iter: Iterations, threads: 1);
    }
}
