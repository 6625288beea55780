using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetGen.Testing;

/// <summary>Compares reported diagnostics with markup expectations, exactly: no missing, no extra, same spans.</summary>
public static class DiagnosticAssert
{
    public static void Match(IEnumerable<ExpectedDiagnostic> expected, IEnumerable<Diagnostic> actual, string source)
    {
        string Describe(string id, Microsoft.CodeAnalysis.Text.TextSpan span) => $"{id} at {span} '{source.Substring(span.Start, span.Length)}'";
        var want = expected.Select(e => Describe(e.Id, e.Span)).OrderBy(s => s).ToList();
        var got = actual.Select(d => Describe(d.Id, d.Location.SourceSpan) + "  // " + d.GetMessage()).OrderBy(s => s).ToList();
        Assert.True(want.SequenceEqual(got.Select(g => g[..g.IndexOf("  // ")])),
            $"Expected:\n  {string.Join("\n  ", want)}\nActual:\n  {string.Join("\n  ", got)}");
    }
}
