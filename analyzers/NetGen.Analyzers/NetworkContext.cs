using System.Collections.Generic;
using NetGen.Generators.Parsing;

namespace NetGen.Analyzers;

/// <summary>What a rule sees: the declaration's meaning, where each part is written, and its options.</summary>
public sealed class NetworkContext
{
    internal NetworkContext(DiagnosticDescriptor rule, NetworkSpec spec, NetworkSourceMap map, RuleOptions options, System.Action<Diagnostic> report)
    {
        Rule = rule;
        Spec = spec;
        Map = map;
        Options = options;
        Report = report;
    }

    /// <summary>The diagnostic the rule reports.</summary>
    internal DiagnosticDescriptor Rule { get; }
    internal NetworkSpec Spec { get; }
    internal NetworkSourceMap Map { get; }
    internal RuleOptions Options { get; }
    internal System.Action<Diagnostic> Report { get; }

    /// <summary>The <c>[Network]</c> attribute, or the class name when it has none.</summary>
    internal Location NetworkAttribute => Map.NetworkAttribute ?? Map.TypeName;

    /// <summary>The layers training changes: a frozen layer's activation and initialization are its pre-training's.</summary>
    internal System.Collections.Generic.IEnumerable<DenseSpec> TrainableLayers => System.Linq.Enumerable.Where(Spec.Layers, layer => layer.Trainable);

    /// <summary>The attribute that declares layer <paramref name="layer"/>, for the edits of a fix.</summary>
    internal AttributeTarget NodeOf(int layer) => AttributeTarget.At(Map.Layers[layer].Attribute);

    /// <summary>The layer's activation argument, or its attribute when the activation is defaulted.</summary>
    internal Location ActivationOf(int layer) => Map.Layers[layer].Activation ?? Map.Layers[layer].Attribute;

    /// <summary>Reports the rule's diagnostic, without a fix.</summary>
    internal void ReportAt(Location location, params object[] arguments) =>
        Report(Diagnostic.Create(Rule, location, arguments));

    /// <summary>Reports the rule's diagnostic with the fixes the code-fix provider will offer, in order.</summary>
    internal void ReportWithFixes(Location location, IReadOnlyList<AttributeFix> fixes, params object[] arguments) =>
        Report(Diagnostic.Create(Rule, location, AttributeFix.ToProperties(fixes), arguments));
}
