namespace NetGen.Analyzers;

/// <summary>
/// NG1005: an output activation and loss that compile but train badly. The pairs that cannot work
/// at all (BinaryCrossEntropy on Softmax or on an unbounded output, CrossEntropy on one unit) are
/// NG0005 errors; these are the ones that work poorly. Fix: the matching pair.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OutputDoesNotFitLossAnalyzer() : NetworkAnalyzer(Descriptors.OutputDoesNotFitLoss)
{
    private sealed record Finding(string Problem, string Advice, bool AtLoss, ImmutableArray<AttributeFix> Fixes);

    protected override void Analyze(NetworkContext network)
    {
        var spec = network.Spec;
        var output = spec.OutputLayer;
        if (Check(spec.Training.Loss, output, network.NodeOf(output.Index)) is not { } finding)
            return;
        var location = finding.AtLoss ? network.Map.NetworkArgumentOrAttribute("Loss") : network.ActivationOf(output.Index);
        network.ReportWithFixes(location, finding.Fixes,
            spec.Training.Loss, output.Activation, finding.Problem, finding.Advice);
    }

    private static Finding? Check(Loss loss, DenseSpec output, AttributeTarget node)
    {
        var activation = output.Activation;
        var info = output.ActivationInfo;
        bool regression = loss is Loss.MeanSquaredError or Loss.MeanAbsoluteError or Loss.Huber;
        var useIdentity = Output(node, Activation.Identity, "Use an Identity output");

        if (activation == Activation.Softmax && output.Units == 1)
            return new Finding("a softmax over one unit is always 1, so its gradient is 0 and nothing is learned",
                "use Sigmoid for a single output", false, [Output(node, Activation.Sigmoid, "Use a Sigmoid output")]);
        if (regression && activation == Activation.Softmax)
            return new Finding("the gradient passes through softmax's Jacobian y(1 - y), which vanishes as a class saturates, even at the wrong class",
                "for classes use CrossEntropy, which cancels it (dz = y - t)", true, [LossFix(Loss.CrossEntropy)]);
        if (regression && activation == Activation.Sigmoid)
            return new Finding("the gradient carries σ'(z) = y(1 - y) ≤ 1/4, which vanishes as outputs saturate, even at the wrong answer",
                "for classes use BinaryCrossEntropy, which cancels σ' (dz = y - t); for values use an Identity output", true,
                [LossFix(Loss.BinaryCrossEntropy), useIdentity]);
        if (regression && info.IsSaturating)
            return new Finding($"a regression head bounded by {activation} cannot reach targets outside its range, and its derivative vanishes near the bounds",
                "use an Identity output (and scale the targets if they must stay bounded)", false, [useIdentity]);
        if (loss is Loss.CrossEntropy or Loss.KullbackLeibler && info.IsSaturating)
            return new Finding($"the loss applies softmax to logits that {activation} squashes into a narrow range, so no class can get a confident probability",
                "use a Softmax output (its softmax is the loss's own) or Identity logits", false, [Output(node, Activation.Softmax, "Use a Softmax output")]);
        if (loss is Loss.BinaryCrossEntropyWithLogits or Loss.Focal && info.OutputsProbability)
            return new Finding($"the loss applies its own sigmoid, so the model's probability is σ({activation}(z)), stuck between 0.5 and 0.73",
                "use an Identity output: the loss's sigmoid is the model's", false, [useIdentity]);
        return null;
    }

    private static AttributeFix Output(AttributeTarget node, Activation activation, string title) =>
        new(title, AttributeEdit.SetActivation(node, activation));

    private static AttributeFix LossFix(Loss loss) =>
        new($"Use Loss.{loss}", AttributeEdit.SetNetwork("Loss", "Loss." + loss));
}
