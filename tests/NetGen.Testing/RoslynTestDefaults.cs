using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace NetGen.Testing;

/// <summary>
/// The Roslyn SDK's analyzer, code-fix and generator tests, set up as <see cref="TestCompilation"/> is: the same
/// references, language version and nullable context. Compiler warnings count as well as errors, so the code a test
/// compiles (the generator's output included) must be free of warnings.
/// </summary>
public static class RoslynTestDefaults
{
    public static void Apply(AnalyzerTest<DefaultVerifier> test)
    {
        test.ReferenceAssemblies = NetGenReferences.Net100;
        test.TestState.AdditionalReferences.Add(NetGenReferences.NetGen);
        test.CompilerDiagnostics = CompilerDiagnostics.Warnings;
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var project = solution.GetProject(projectId)!;
            return solution
                .WithProjectParseOptions(projectId, TestCompilation.ParseOptions)
                .WithProjectCompilationOptions(projectId, ((CSharpCompilationOptions)project.CompilationOptions!)
                    .WithNullableContextOptions(TestCompilation.Options.NullableContextOptions)
                    .WithAllowUnsafe(TestCompilation.Options.AllowUnsafe));
        });
    }
}
