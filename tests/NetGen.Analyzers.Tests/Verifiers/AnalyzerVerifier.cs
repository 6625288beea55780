using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using NetGen.Testing;

namespace NetGen.Analyzers.Tests;

/// <summary>
/// One rule's diagnostics, checked by the Roslyn SDK's analyzer test: exactly the diagnostics marked in the source
/// (<c>{|NG1001:Activation.Sigmoid|}</c>, or <c>[|...|]</c> for the rule's own) plus <c>expected</c>, no others, and
/// none under <c>#pragma warning disable</c> or in generated code.
/// </summary>
internal static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic() => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic();

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAsync(source, new Dictionary<string, string>(), expected);

    /// <summary>With rule options, written as an .editorconfig that applies to every file.</summary>
    public static Task VerifyAsync(string source, IReadOnlyDictionary<string, string> options, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        if (options.Count > 0)
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig(options)));
        return test.RunAsync();
    }

    internal static string EditorConfig(IReadOnlyDictionary<string, string> options) =>
        "root = true\n\n[*]\n" + string.Concat(options.Select(option => $"{option.Key} = {option.Value}\n"));

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test() => RoslynTestDefaults.Apply(this);
    }
}
