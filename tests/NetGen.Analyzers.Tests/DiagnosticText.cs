using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using NetGen.Testing;
using Xunit;

namespace NetGen.Analyzers.Tests;

/// <summary>Messages are part of the product: a few are checked word for word.</summary>
internal static class DiagnosticText
{
    public static async Task AssertMessageAsync(string source, DiagnosticAnalyzer analyzer, string expected)
    {
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(TestCompilation.Create(source), analyzer);
        Assert.Equal(expected, Assert.Single(diagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
