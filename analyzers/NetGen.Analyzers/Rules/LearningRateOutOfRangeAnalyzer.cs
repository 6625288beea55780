namespace NetGen.Analyzers;

/// <summary>
/// NG1007: a learning rate outside the sane range of its optimizer (<see cref="LearningRateRange"/>):
/// SGD above 1, Adam, AdamW and RMSprop above 0.01, Newton above the full step; any below the rate
/// at which training barely moves. Options per optimizer:
/// <c>netgen.NG1007.max_learning_rate.adam</c>, <c>netgen.NG1007.min_learning_rate.sgd</c>, ...
/// Fix: the optimizer's typical rate.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LearningRateOutOfRangeAnalyzer() : NetworkAnalyzer(Descriptors.LearningRateOutOfRange)
{
    public const string MaxKeyPrefix = "netgen.NG1007.max_learning_rate";
    public const string MinKeyPrefix = "netgen.NG1007.min_learning_rate";

    protected override void Analyze(NetworkContext network)
    {
        var training = network.Spec.Training;
        var optimizer = training.Optimizer;
        var range = LearningRateRange.For(optimizer);
        float max = network.Options.ForOptimizer(MaxKeyPrefix, optimizer, range.Max);
        float min = network.Options.ForOptimizer(MinKeyPrefix, optimizer, range.Min);
        float rate = training.LearningRate;
        if (rate >= min && rate <= max)
            return;
        bool high = rate > max;
        string consequence = high
            ? LearningRateRange.IsAdaptive(optimizer)
                ? "an adaptive optimizer moves every parameter by about the rate itself each step, so the loss oscillates or diverges"
                : optimizer == Optimizer.Newton
                    ? "a rate above 1 steps past the minimum the Newton step aims at"
                    : "each step overshoots the minimum along steep directions, so the loss oscillates or diverges"
            : "steps this small barely move the weights in any reasonable number of steps";
        var fix = new AttributeFix($"Set LearningRate = {Literals.Float(range.Typical)}", AttributeEdit.SetNetwork("LearningRate", Literals.Float(range.Typical)));
        network.ReportWithFixes(network.Map.NetworkArgumentOrAttribute("LearningRate"), [fix],
            Text.Number(rate), high ? "high" : "low", optimizer, Text.Number(min), Text.Number(max), consequence, Text.Number(range.Typical));
    }
}
