using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using NetGen.Generators.Diagnostics;
using NetGen.Generators.Parsing;

namespace NetGen.Analyzers.Tests;

// A test-only analyzer, run in-process by the harness, never loaded by a compiler: the packaging
// rules for shipped analyzers (netstandard2.0, no Workspaces, extended rules) do not apply.
#pragma warning disable RS1036, RS1038, RS1041

/// <summary>
/// The generator's NG0xxx errors as an analyzer, from the same parser the generator runs, so the
/// code fixes offered for them can be tested with the analyzer harness. Test-only: in a build the
/// generator reports these.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class DeclarationErrorsAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = typeof(Descriptors).GetFields()
        .Select(f => f.GetValue(null)).OfType<DiagnosticDescriptor>().Where(d => d.Id.StartsWith("NG0")).ToImmutableArray();

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(Analyze, SymbolKind.NamedType);
    }

    private static void Analyze(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == NetworkParser.NetworkAttributeName))
            return;
        var tree = type.Locations[0].SourceTree!;
        foreach (var info in NetworkParser.Parse(type, context.CancellationToken).Diagnostics)
        {
            // The generator's locations are plain data; an analyzer must point into the compilation's own tree.
            var diagnostic = info.ToDiagnostic();
            var location = info.Location is null ? Location.None : Location.Create(tree, info.Location.Span);
            context.ReportDiagnostic(Diagnostic.Create(diagnostic.Descriptor, location, diagnostic.Properties, info.Arguments.Items.ToArray<object>()));
        }
    }
}
