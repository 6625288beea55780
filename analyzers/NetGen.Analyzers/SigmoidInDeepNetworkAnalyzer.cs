using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using NetGen.Generators.Diagnostics;

namespace NetGen.Analyzers;

/// <summary>
/// NG1001: a saturating activation in the hidden layers of a deep network. σ' ≤ 1/4, so the first
/// layer's gradient shrinks like (|w|/4)^depth. Options: <c>netgen.NG1001.min_hidden_layers</c>
/// (default 3) and <c>netgen.NG1001.include_tanh</c> (default false; tanh' ≤ 1 only at 0).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SigmoidInDeepNetworkAnalyzer : NetworkAnalyzer
{
    public const string MinHiddenLayersKey = "netgen.NG1001.min_hidden_layers";
    public const string IncludeTanhKey = "netgen.NG1001.include_tanh";
    public const int DefaultMinHiddenLayers = 3;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SigmoidInDeepNetwork);

    protected override void Analyze(NetworkContext network)
    {
        int hidden = network.Spec.HiddenLayerCount;
        if (hidden < network.Options.Integer(MinHiddenLayersKey, DefaultMinHiddenLayers))
            return;
        bool includeTanh = network.Options.Flag(IncludeTanhKey, false);
        for (int index = 0; index < hidden; index++)
        {
            var activation = network.Spec.Layers[index].Activation;
            string? bound = activation switch
            {
                Activation.Sigmoid => "1/4",
                Activation.Tanh when includeTanh => "1",
                _ => null,
            };
            var map = network.Map.Layers[index];
            if (bound is not null)
                network.ReportAt(Descriptors.SigmoidInDeepNetwork, map.Activation ?? map.Attribute, null, index, activation, hidden, bound);
        }
    }
}
