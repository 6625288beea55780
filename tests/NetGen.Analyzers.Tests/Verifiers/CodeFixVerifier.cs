using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using NetGen.Testing;

namespace NetGen.Analyzers.Tests;

/// <summary>
/// A rule's fix, checked by the Roslyn SDK's code-fix test: the marked diagnostics before, the fixed code after, one
/// fix at a time and by FixAll (in document, project and solution), and the fixed code raising nothing. Then the fixed
/// code goes through a build (<see cref="BuildTest"/>): the generator accepts it, with code that compiles without
/// warnings, and the rule stays silent.
/// </summary>
internal static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>Every diagnostic fixed with fix number <paramref name="codeActionIndex"/>, one at a time and all at once.</summary>
    public static Task VerifyAsync(string source, string fixedSource, int codeActionIndex = 0) =>
        VerifyAsync(new Test { TestCode = source, FixedCode = fixedSource, CodeActionIndex = codeActionIndex });

    public static async Task VerifyAsync(Test test)
    {
        await test.RunAsync();
        foreach (var (_, fixedSource) in test.FixedState.Sources)
            await new BuildTest(new TAnalyzer()) { TestCode = fixedSource.ToString() }.RunAsync();
    }

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test() => RoslynTestDefaults.Apply(this);
    }
}
