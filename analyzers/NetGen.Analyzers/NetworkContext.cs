using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using NetGen.Generators.Model;
using NetGen.Generators.Parsing;

namespace NetGen.Analyzers;

/// <summary>What a rule sees: the declaration's meaning, where each part is written, and its options.</summary>
public sealed class NetworkContext
{
    internal NetworkContext(NetworkSpec spec, NetworkSourceMap map, RuleOptions options, System.Action<Diagnostic> report)
    {
        Spec = spec;
        Map = map;
        Options = options;
        Report = report;
    }

    internal NetworkSpec Spec { get; }
    internal NetworkSourceMap Map { get; }
    internal RuleOptions Options { get; }
    internal System.Action<Diagnostic> Report { get; }

    /// <summary>The <c>[Network]</c> attribute, or the class name when it has none.</summary>
    internal Location NetworkAttribute => Map.NetworkAttribute ?? Map.TypeName;

    /// <summary>The layer's activation argument, or its attribute when the activation is defaulted.</summary>
    internal Location ActivationOf(int layer) => Map.Layers[layer].Activation ?? Map.Layers[layer].Attribute;

    internal void ReportAt(DiagnosticDescriptor descriptor, Location location, ImmutableDictionary<string, string?>? properties, params object[] arguments) =>
        Report(Diagnostic.Create(descriptor, location, properties, arguments));

    /// <summary>Reports with the fixes the code-fix provider will offer, in order.</summary>
    internal void ReportWithFixes(DiagnosticDescriptor descriptor, Location location, IReadOnlyList<AttributeFix> fixes, params object[] arguments) =>
        ReportAt(descriptor, location, AttributeFix.ToProperties(fixes), arguments);
}
