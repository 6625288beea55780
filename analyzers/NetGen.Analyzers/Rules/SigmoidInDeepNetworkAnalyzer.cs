namespace NetGen.Analyzers;

/// <summary>
/// NG1001: a saturating activation in the hidden layers of a deep network. σ' ≤ 1/4 and
/// HardSigmoid' ≤ 1/6, so the first layer's gradient shrinks like (|w|·bound)^depth. Options:
/// <c>netgen.NG1001.min_hidden_layers</c> (default 3) and <c>netgen.NG1001.include_tanh</c>
/// (default false; tanh' reaches 1 at 0). Fix: Relu, with an explicit Xavier init turned into He.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SigmoidInDeepNetworkAnalyzer() : NetworkAnalyzer(Descriptors.SigmoidInDeepNetwork)
{
    public const string MinHiddenLayersKey = "netgen.NG1001.min_hidden_layers";
    public const string IncludeTanhKey = "netgen.NG1001.include_tanh";
    public const int DefaultMinHiddenLayers = 3;

    protected override void Analyze(NetworkContext network)
    {
        int hidden = network.Spec.HiddenLayerCount;
        if (hidden < network.Options.Integer(MinHiddenLayersKey, DefaultMinHiddenLayers))
            return;
        bool includeTanh = network.Options.Flag(IncludeTanhKey, false);
        for (int index = 0; index < hidden; index++)
        {
            var layer = network.Spec.Layers[index];
            string? bound = layer.Activation switch
            {
                Activation.Sigmoid => "1/4",
                Activation.HardSigmoid => "1/6",
                Activation.Tanh when includeTanh => "1",
                _ => null,
            };
            if (bound is null || !layer.Trainable)
                continue;
            var edits = ImmutableArray.Create(AttributeEdit.SetActivation(network.NodeOf(index), Activation.Relu));
            if (layer.InitIsExplicit && Activations.BetterInit(Activation.Relu, layer.Init) is { } he)
                edits = edits.Add(AttributeEdit.SetInit(network.NodeOf(index), he));
            network.ReportWithFixes(network.ActivationOf(index),
                [new AttributeFix("Use Relu with He initialization", edits)], index, layer.Activation, hidden, bound);
        }
    }
}
