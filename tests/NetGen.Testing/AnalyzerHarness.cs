using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NetGen.Testing;

/// <summary>Runs analyzers on source strings, with optional .editorconfig-style options.</summary>
public static class AnalyzerHarness
{
    /// <summary>The analyzer's own diagnostics (compiler diagnostics left out).</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, DiagnosticAnalyzer analyzer, IReadOnlyDictionary<string, string>? options = null)
    {
        var analyzerOptions = new AnalyzerOptions([], new TestOptionsProvider(options ?? new Dictionary<string, string>()));
        var diagnostics = await compilation.WithAnalyzers([analyzer], analyzerOptions).GetAnalyzerDiagnosticsAsync();
        return diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    /// <summary>Asserts the analyzer reports exactly the diagnostics marked in <paramref name="markup"/>.</summary>
    public static async Task VerifyAsync(string markup, DiagnosticAnalyzer analyzer, IReadOnlyDictionary<string, string>? options = null)
    {
        var (source, expected) = Markup.Parse(markup);
        var diagnostics = await AnalyzeAsync(TestCompilation.Create(source), analyzer, options);
        DiagnosticAssert.Match(expected, diagnostics, source);
    }

    /// <summary>Options as an .editorconfig section that applies to every file.</summary>
    private sealed class TestOptionsProvider(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        private readonly Options _options = new(values);
        public override AnalyzerConfigOptions GlobalOptions => _options;
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

        private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
