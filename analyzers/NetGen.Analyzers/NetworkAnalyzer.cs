using System;
using System.Linq;
using System.Runtime.CompilerServices;
using NetGen.Generators.Parsing;

namespace NetGen.Analyzers;

/// <summary>
/// Base of every NG1xxx analyzer: finds <c>[Network]</c> classes, parses them with the generator's
/// own parser, and hands valid declarations to <see cref="Analyze"/>. Invalid ones are left to
/// the generator's NG0xxx errors. Each rule reports one diagnostic, given to this constructor.
/// </summary>
public abstract class NetworkAnalyzer(DiagnosticDescriptor rule) : DiagnosticAnalyzer
{
    // Every NG1xxx analyzer reads the same parse of a class: parse it once per symbol. Symbols
    // belong to one compilation, so entries go away with it.
    private static readonly ConditionalWeakTable<INamedTypeSymbol, ParsedNetwork> Parsed = new();

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(rule);

    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(AnalyzeSymbol, SymbolKind.NamedType);
    }

    private void AnalyzeSymbol(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == NetworkParser.NetworkAttributeName))
            return;
        try
        {
            var cancellationToken = context.CancellationToken;
            var parsed = Parsed.GetValue(type, symbol => NetworkParser.Parse(symbol, cancellationToken, withUserMembers: false));
            if (parsed.Spec is null || !(parsed.Spec.Training.Trainable || AnalyzesUntrainable))
                return;
            var tree = parsed.Map.NetworkAttribute?.SourceTree ?? parsed.Map.TypeName.SourceTree;
            var options = tree is null ? RuleOptions.Empty : new RuleOptions(context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree));
            Analyze(new NetworkContext(rule, parsed.Spec, parsed.Map, options, context.ReportDiagnostic));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The generator's NG0099 reports the failure once, on the class; an AD0001 from each of a dozen rules would only repeat it.
        }
    }

    /// <summary>Most rules are about training; a rule about the shape itself also looks at untrainable networks.</summary>
    protected virtual bool AnalyzesUntrainable => false;

    protected abstract void Analyze(NetworkContext network);
}
