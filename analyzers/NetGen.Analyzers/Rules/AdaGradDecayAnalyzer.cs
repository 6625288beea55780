namespace NetGen.Analyzers;

/// <summary>
/// NG1010 (info): AdaGrad's step lr / √(Σ g²) only shrinks, since the sum only grows. Fine for
/// short or convex problems; long runs stall. Fix: RmsProp, which forgets old gradients (with its
/// typical rate when the current one is above RmsProp's sane range).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AdaGradDecayAnalyzer() : NetworkAnalyzer(Descriptors.AdaGradDecay)
{
    protected override void Analyze(NetworkContext network)
    {
        var training = network.Spec.Training;
        if (training.Optimizer != Optimizer.AdaGrad)
            return;
        var edits = ImmutableArray.Create(AttributeEdit.SetNetwork("Optimizer", "Optimizer." + Optimizer.RmsProp));
        var rmsProp = LearningRateRange.For(Optimizer.RmsProp);
        if (training.LearningRate > rmsProp.Max)
            edits = edits.Add(AttributeEdit.SetNetwork("LearningRate", Literals.Float(rmsProp.Typical)));
        network.ReportWithFixes(network.Map.NetworkArgumentOrAttribute("Optimizer"), [new AttributeFix("Use RmsProp", edits)]);
    }
}
