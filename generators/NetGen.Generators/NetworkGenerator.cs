using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using NetGen.Generators.Diagnostics;
using NetGen.Generators.Emit;
using NetGen.Generators.Model;
using NetGen.Generators.Parsing;
using NetGen.Generators.Weights;

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
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax, // classes, and records and structs for NG0009
                transform: static (context, cancellationToken) => Transform((INamedTypeSymbol)context.TargetSymbol, cancellationToken))
            .WithTrackingName(TrackingNames.Parse);

        // Embedded weights: only ".ngw" AdditionalFiles enter the pipeline, as (path, text); with none
        // declared or present, the combined step stays cached.
        var weightsFiles = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(".ngw", StringComparison.OrdinalIgnoreCase))
            .Select(static (file, cancellationToken) => new WeightsText(file.Path, file.GetText(cancellationToken)?.ToString() ?? ""))
            .Collect()
            .WithTrackingName(TrackingNames.WeightsFiles);
        var resolved = parsed
            .Combine(weightsFiles)
            .Select(static (pair, _) => ResolveWeights(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Weights);

        var diagnostics = resolved
            .SelectMany(static (result, _) => result.Diagnostics.Items)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, diagnostic) => output.ReportDiagnostic(diagnostic.ToDiagnostic()));

        // Layer attributes on a type without [Network] would generate nothing, without a word: NG0020 at the attribute.
        foreach (string name in NetworkParser.LayerAttributeNames)
        {
            var orphans = context.SyntaxProvider
                .ForAttributeWithMetadataName(name,
                    predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax,
                    transform: static (context, _) => LayersWithoutNetwork(context))
                .Where(static diagnostic => diagnostic is not null)
                .Select(static (diagnostic, _) => diagnostic!);
            context.RegisterSourceOutput(orphans, static (output, diagnostic) => output.ReportDiagnostic(diagnostic.ToDiagnostic()));
        }

        var plans = resolved
            .Where(static result => result.Plan is not null)
            .Select(static (result, _) => result.Plan!)
            .WithTrackingName(TrackingNames.Plans);
        // Hint names must be unique ignoring case: networks whose full names differ only by case take names that keep
        // them apart. Each plan is paired with a flag, not the list, so a new network re-emits only its namesakes.
        var hintNames = plans.Select(static (plan, _) => plan.Spec.Type.HintName).Collect();
        var named = plans
            .Combine(hintNames)
            .Select(static (pair, _) => (Plan: pair.Left, HintName: pair.Right.Count(name => string.Equals(name, pair.Left.Spec.Type.HintName, StringComparison.OrdinalIgnoreCase)) > 1
                ? pair.Left.Spec.Type.CaseDistinctHintName
                : pair.Left.Spec.Type.HintName));
        var emitted = named
            .Select(static (item, _) => Emit(item.Plan, item.HintName))
            .WithTrackingName(TrackingNames.Emit);
        context.RegisterSourceOutput(emitted, static (output, network) =>
        {
            foreach (var diagnostic in network.Diagnostics.Items)
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (network.Source is not null)
                output.AddSource(network.HintName, network.Source);
        });

        // What is said at the class's name: NG0099 when the emitter failed, NG0017 when a generated member would be named
        // like the class (CS0542 inside the generated file). The name's place comes from a step of its own, so an edit
        // above the class moves a location, not a plan.
        var classNames = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                NetworkParser.NetworkAttributeName,
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax,
                transform: static (context, _) => (Type: TypeSpec.Of((INamedTypeSymbol)context.TargetSymbol),
                    Location: LocationInfo.From(((Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax)context.TargetNode).Identifier.GetLocation())));
        var classProblems = emitted
            .Where(static network => network.ClassNameTaken || network.Failure is not null)
            .Select(static (network, _) => (network.Type, network.Failure))
            .Collect();
        var atClassNames = classNames
            .Combine(classProblems)
            .SelectMany(static (pair, _) => pair.Right.Where(problem => problem.Type == pair.Left.Type).Select(problem => problem.Failure is { } failure
                ? new DiagnosticInfo(Descriptors.GeneratorFailure, pair.Left.Location, ImmutableArray.Create(pair.Left.Type.Name, failure))
                : new DiagnosticInfo(Descriptors.MemberClashesWithGenerated, pair.Left.Location,
                    ImmutableArray.Create(pair.Left.Type.Name, pair.Left.Type.Name, "a member named like the class, which C# forbids (CS0542): rename the class"))));
        context.RegisterSourceOutput(atClassNames, static (output, diagnostic) => output.ReportDiagnostic(diagnostic.ToDiagnostic()));
    }

    /// <summary>Parse then plan; an unexpected exception becomes a diagnostic on the class.</summary>
    private static GeneratorResult Transform(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        ParsedNetwork? parsed = null;
        try
        {
            parsed = NetworkParser.Parse(type, cancellationToken);
            var plan = parsed.Spec is null ? null : NetworkPlan.Create(parsed.Spec);
            return new GeneratorResult(plan, parsed.Diagnostics) { WeightsLocation = LocationInfo.From(parsed.Map.NetworkArgumentOrAttribute("Weights")) };
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // What the parser found before the planner failed still tells the user what to fix.
            var failure = new DiagnosticInfo(Descriptors.GeneratorFailure, LocationInfo.From(type.Locations.IsEmpty ? null : type.Locations[0]),
                ImmutableArray.Create(type.Name, exception.Message));
            return new GeneratorResult(null, (parsed?.Diagnostics ?? ImmutableArray<DiagnosticInfo>.Empty).Add(failure));
        }
    }

    /// <summary>NG0020 at the first layer attribute of a type that has no [Network]; null when it has one.</summary>
    private static DiagnosticInfo? LayersWithoutNetwork(GeneratorAttributeSyntaxContext context)
    {
        try
        {
            var type = (INamedTypeSymbol)context.TargetSymbol;
            AttributeData? first = null;
            foreach (var attribute in type.GetAttributes())
            {
                string? full = attribute.AttributeClass?.ToDisplayString();
                if (full == NetworkParser.NetworkAttributeName)
                    return null;
                // One report a declaration: the pipeline of its first layer attribute makes it.
                var syntax = attribute.ApplicationSyntaxReference;
                if (Array.IndexOf(NetworkParser.LayerAttributeNames, full) >= 0 && syntax?.SyntaxTree == context.TargetNode.SyntaxTree
                    && context.TargetNode.Span.Contains(syntax.Span) && (first is null || syntax.Span.Start < first.ApplicationSyntaxReference!.Span.Start))
                    first = attribute;
            }
            var firstSpan = first?.ApplicationSyntaxReference!.Span;
            if (first is null || !context.Attributes.Any(attribute => attribute.ApplicationSyntaxReference?.Span == firstSpan))
                return null;
            string name = first.AttributeClass?.Name ?? "";
            name = name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
            return new DiagnosticInfo(Descriptors.LayersWithoutNetwork, LocationInfo.From(first.ApplicationSyntaxReference?.GetSyntax().GetLocation()),
                ImmutableArray.Create(type.Name, name));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return null; // a half-typed declaration: the compiler's own errors say what is wrong
        }
    }

    /// <summary>Puts the declared Weights file's parameters into the plan, or turns the plan into NG0014/NG0015.</summary>
    private static GeneratorResult ResolveWeights(GeneratorResult result, ImmutableArray<WeightsText> files)
    {
        if (result.Plan is not { } plan || plan.Spec.WeightsFile.Length == 0)
            return result;
        string declared = plan.Spec.WeightsFile;
        try
        {
            var found = EmbeddedWeights.Find(declared, files);
            if (found.Count != 1)
            {
                return found.Count == 0
                    ? Failed(result, Descriptors.WeightsFileNotFound, declared)
                    : Failed(result, Descriptors.WeightsFileInvalid, declared, plan.Spec.Type.Name, $"{found.Count} AdditionalFiles match it; give a longer part of the path");
            }
            var parameters = EmbeddedWeights.Decode(found[0].Text, plan.Spec, out string problem);
            return parameters is null
                ? Failed(result, Descriptors.WeightsFileInvalid, declared, plan.Spec.Type.Name, problem)
                : result with { Plan = plan with { EmbeddedParameters = new EquatableArray<float>(ImmutableArray.Create(parameters)) } };
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Failed(result, Descriptors.WeightsFileInvalid, declared, plan.Spec.Type.Name, exception.Message);
        }
    }

    private static GeneratorResult Failed(GeneratorResult result, DiagnosticDescriptor descriptor, params string[] arguments) =>
        new(null, result.Diagnostics.Items.Add(new DiagnosticInfo(descriptor, result.WeightsLocation, ImmutableArray.Create(arguments))));

    /// <summary>
    /// The network's source, or none and the reasons: NG0017 at each of the user's members the generated code declares
    /// again (CS0111/CS0102 inside the generated file otherwise); the emitter's failure (NG0099) and whether a generated
    /// member takes the class's name (CS0542; NG0017), said at the class by the step that knows where its name is.
    /// </summary>
    private static EmittedNetwork Emit(NetworkPlan plan, string hintName)
    {
        string source;
        try
        {
            source = NetworkEmitter.Emit(plan);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new EmittedNetwork(hintName, null, default, plan.Spec.Type, false) { Failure = exception.Message };
        }
        var clashes = GeneratedMembers.Clashes(source, plan.Spec.UserMembers, plan.Spec.Type.Name, out bool classNameTaken);
        var diagnostics = clashes.Select(member => new DiagnosticInfo(Descriptors.MemberClashesWithGenerated, member.Location,
            ImmutableArray.Create(member.Name == ".ctor" ? plan.Spec.Type.Name + "(" + member.Parameters + ")" : member.Name, plan.Spec.Type.Name,
                member.Name == ".ctor" ? $"a constructor ({member.Parameters})" : member.Parameters is null ? "a member of that name" : $"a method with parameters ({member.Parameters})")))
            .ToImmutableArray();
        // With a clash the source would only add the compiler's errors to NG0017: none.
        bool clean = diagnostics.IsEmpty && !classNameTaken;
        return new EmittedNetwork(hintName, clean ? source : null, new EquatableArray<DiagnosticInfo>(diagnostics), plan.Spec.Type, classNameTaken);
    }
}

/// <summary>What the emit step hands on: the file (none when the declaration clashes with it or the emitter failed), its diagnostics, and what is to be said at the class.</summary>
internal sealed record EmittedNetwork(string HintName, string? Source, EquatableArray<DiagnosticInfo> Diagnostics, TypeSpec Type, bool ClassNameTaken)
{
    /// <summary>The emitter's exception message when it failed (NG0099).</summary>
    public string? Failure { get; init; }
}

/// <summary>What the parse step hands on: a plan when the declaration is valid, and diagnostics.</summary>
internal sealed record GeneratorResult(NetworkPlan? Plan, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>Where the Weights argument is written (else the attribute), for NG0014/NG0015.</summary>
    public LocationInfo? WeightsLocation { get; init; }
}

/// <summary>Names of the pipeline steps, for incremental-caching tests.</summary>
public static class TrackingNames
{
    public const string Parse = "NetGen.Parse";
    public const string Diagnostics = "NetGen.Diagnostics";
    public const string Plans = "NetGen.Plans";
    public const string WeightsFiles = "NetGen.WeightsFiles";
    public const string Weights = "NetGen.Weights";
    public const string Emit = "NetGen.Emit";
}
