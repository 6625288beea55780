using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using NetGen.Generators.Diagnostics;
using NetGen.Generators.Model;

namespace NetGen.Analyzers;

/// <summary>
/// NG1002: a layer of several units whose weights all start equal (Zero or Constant). Equal
/// incoming weights give equal outputs and equal gradients, so the units never become different.
/// The fix switches to the initialization that suits the activation, carried in the diagnostic.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SymmetricInitializationAnalyzer : NetworkAnalyzer
{
    /// <summary>Diagnostic property: the <c>Init</c> member the fix writes.</summary>
    public const string SuggestedInitProperty = "SuggestedInit";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SymmetricInitialization);

    protected override void Analyze(NetworkContext network)
    {
        foreach (var layer in network.Spec.Layers)
        {
            if (layer.Init is not (Init.Zero or Init.Constant) || layer.Units < 2)
                continue;
            var suggested = Activations.DefaultInit(layer.Activation);
            var map = network.Map.Layers[layer.Index];
            string value = layer.Init == Init.Zero ? "0" : Literals.Float(layer.InitValue).TrimEnd('f');
            var properties = ImmutableDictionary<string, string?>.Empty.Add(SuggestedInitProperty, suggested.ToString());
            network.ReportAt(Descriptors.SymmetricInitialization, map.Init ?? map.Attribute, properties,
                layer.Index, value, layer.Units, $"Init.{suggested}");
        }
    }
}
