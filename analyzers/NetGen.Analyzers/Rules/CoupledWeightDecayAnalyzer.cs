namespace NetGen.Analyzers;

/// <summary>
/// NG1013 (info): Adam with L2 weight decay. The penalty's gradient λp is divided by √v̂ like the
/// loss's, so weights with large gradients are decayed least (Loshchilov and Hutter, "Decoupled
/// Weight Decay Regularization", ICLR 2019). Fix: AdamW, which subtracts lr·λ·p directly.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CoupledWeightDecayAnalyzer() : NetworkAnalyzer(Descriptors.CoupledWeightDecay)
{
    protected override void Analyze(NetworkContext network)
    {
        var training = network.Spec.Training;
        if (training.Optimizer != Optimizer.Adam || !(training.WeightDecay > 0f))
            return;
        network.ReportWithFixes(network.Map.NetworkArgumentOrAttribute("WeightDecay"),
            [new AttributeFix("Use AdamW", AttributeEdit.SetNetwork("Optimizer", "Optimizer." + Optimizer.AdamW))]);
    }
}
