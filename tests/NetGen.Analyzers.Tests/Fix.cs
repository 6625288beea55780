using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using NetGen.CodeFixes;
using NetGen.Generators;
using NetGen.Testing;

namespace NetGen.Analyzers.Tests;

/// <summary>Checks a rule's attribute fixes: the fixed code matches, compiles, is clean, and the generator accepts it.</summary>
internal static class Fix
{
    private static readonly AttributeFixCodeFix Fixer = new();
    private static readonly NetworkGenerator Generator = new();

    public static Task VerifyAsync(string before, string after, DiagnosticAnalyzer analyzer, int fixIndex = 0) =>
        CodeFixHarness.VerifyAsync(before, after, analyzer, Fixer, fixIndex, Generator);

    public static Task VerifyAllAsync(string before, string after, DiagnosticAnalyzer analyzer, int fixIndex = 0) =>
        CodeFixHarness.VerifyFixAllAsync(before, after, analyzer, Fixer, fixIndex, Generator);
}
