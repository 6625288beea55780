namespace NetGen.Analyzers;

/// <summary>
/// NG1008: ε of an adaptive optimizer below 1e-10 (option <c>netgen.NG1008.min_epsilon</c>). ε is what
/// bounds the step where √v is tiny; float32's √v of a once-nonzero gradient can be far below it.
/// Fix: the optimizer's PyTorch default.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EpsilonTooSmallAnalyzer() : NetworkAnalyzer(Descriptors.EpsilonTooSmall)
{
    public const string MinEpsilonKey = "netgen.NG1008.min_epsilon";

    protected override void Analyze(NetworkContext network)
    {
        var training = network.Spec.Training;
        if (!LearningRateRange.IsAdaptive(training.Optimizer))
            return;
        float min = network.Options.Number(MinEpsilonKey, 1e-10f);
        if (training.Epsilon >= min)
            return;
        float suggested = training.Optimizer == Optimizer.AdaGrad ? NetworkDefaults.AdaGradEpsilon : NetworkDefaults.Epsilon;
        string literal = Literals.Float(suggested);
        network.ReportWithFixes(network.Map.NetworkArgumentOrAttribute("Epsilon"),
            [new AttributeFix($"Set Epsilon = {literal}", AttributeEdit.SetNetwork("Epsilon", literal))],
            Text.Number(training.Epsilon), Text.Number(min), training.Optimizer, $"Epsilon = {literal} (PyTorch's default)");
    }
}
