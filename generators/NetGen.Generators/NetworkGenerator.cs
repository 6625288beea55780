using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using NetGen.Generators.Diagnostics;
using NetGen.Generators.Emit;
using NetGen.Generators.Model;
using NetGen.Generators.Parsing;

namespace NetGen.Generators;

/// <summary>
/// The pipeline: find <c>[Network]</c> classes, parse each into a plan (the only step that sees
/// symbols), report NG0xxx diagnostics from their own output, and emit one file per network.
/// Nothing here throws: a failure becomes NG0099 on the class, never a silent CS8785.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetworkGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                NetworkParser.NetworkAttributeName,
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                transform: static (context, cancellationToken) => Transform((INamedTypeSymbol)context.TargetSymbol, cancellationToken))
            .WithTrackingName(TrackingNames.Parse);

        var diagnostics = parsed
            .SelectMany(static (result, _) => result.Diagnostics.Items)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, diagnostic) => output.ReportDiagnostic(diagnostic.ToDiagnostic()));

        var plans = parsed
            .Where(static result => result.Plan is not null)
            .Select(static (result, _) => result.Plan!)
            .WithTrackingName(TrackingNames.Plans);
        context.RegisterSourceOutput(plans, static (output, plan) => Emit(output, plan));
    }

    /// <summary>Parse then plan; an unexpected exception becomes a diagnostic on the class.</summary>
    private static GeneratorResult Transform(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        try
        {
            var parsed = NetworkParser.Parse(type, cancellationToken);
            var plan = parsed.Spec is null ? null : NetworkPlan.Create(parsed.Spec);
            return new GeneratorResult(plan, parsed.Diagnostics);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var failure = new DiagnosticInfo(Descriptors.GeneratorFailure, LocationInfo.From(type.Locations.IsEmpty ? null : type.Locations[0]),
                ImmutableArray.Create(type.Name, exception.Message));
            return new GeneratorResult(null, ImmutableArray.Create(failure));
        }
    }

    private static void Emit(SourceProductionContext output, NetworkPlan plan)
    {
        string source;
        try
        {
            source = NetworkEmitter.Emit(plan);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            output.ReportDiagnostic(Diagnostic.Create(Descriptors.GeneratorFailure, Location.None, plan.Spec.Type.Name, exception.Message));
            return;
        }
        output.AddSource(plan.Spec.Type.FullName + ".g.cs", source);
    }
}

/// <summary>What the parse step hands on: a plan when the declaration is valid, and diagnostics.</summary>
internal sealed record GeneratorResult(NetworkPlan? Plan, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Names of the pipeline steps, for incremental-caching tests.</summary>
public static class TrackingNames
{
    public const string Parse = "NetGen.Parse";
    public const string Diagnostics = "NetGen.Diagnostics";
    public const string Plans = "NetGen.Plans";
}
