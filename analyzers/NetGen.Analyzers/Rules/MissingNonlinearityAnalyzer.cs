namespace NetGen.Analyzers;

/// <summary>
/// NG1006: a hidden layer without an activation. W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂): the two
/// layers are one linear map with more parameters (and a rank no larger than the narrower one).
/// Also checked on untrainable networks: the shape is wrong either way. Fix: Relu.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MissingNonlinearityAnalyzer() : NetworkAnalyzer(Descriptors.MissingNonlinearity)
{
    protected override bool AnalyzesUntrainable => true;

    protected override void Analyze(NetworkContext network)
    {
        var layers = network.Spec.Layers;
        for (int index = 0; index < layers.Count - 1; index++)
        {
            var layer = layers[index];
            if (layer.Activation != Activation.Identity || !layer.Trainable)
                continue;
            var edits = ImmutableArray.Create(AttributeEdit.SetActivation(network.NodeOf(index), Activation.Relu));
            if (layer.InitIsExplicit && Activations.BetterInit(Activation.Relu, layer.Init) is { } he)
                edits = edits.Add(AttributeEdit.SetInit(network.NodeOf(index), he));
            network.ReportWithFixes(network.ActivationOf(index),
                [new AttributeFix("Use Relu", edits)], index, index + 1);
        }
    }
}
