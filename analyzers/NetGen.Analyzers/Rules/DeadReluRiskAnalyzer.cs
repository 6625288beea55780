using System.Collections.Generic;

namespace NetGen.Analyzers;

/// <summary>
/// NG1009: ReLU layers likely to lose units for good: trained at a rate that is high for the
/// optimizer (<see cref="LearningRateRange.HighForRelu"/>; option
/// <c>netgen.NG1009.high_learning_rate.&lt;optimizer&gt;</c>), or with biases starting negative.
/// A unit with z &lt; 0 for every row has zero gradient: nothing moves it back. Fix: LeakyRelu,
/// whose negative side keeps a small gradient.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DeadReluRiskAnalyzer() : NetworkAnalyzer(Descriptors.DeadReluRisk)
{
    public const string HighRateKeyPrefix = "netgen.NG1009.high_learning_rate";

    protected override void Analyze(NetworkContext network)
    {
        var training = network.Spec.Training;
        float high = network.Options.ForOptimizer(HighRateKeyPrefix, training.Optimizer, LearningRateRange.For(training.Optimizer).HighForRelu);
        foreach (var layer in network.TrainableLayers)
        {
            if (layer.Activation != Activation.Relu)
                continue;
            var reasons = new List<string>();
            if (training.LearningRate > high)
                reasons.Add($"at learning rate {Text.Number(training.LearningRate)}, high for {training.Optimizer} (above {Text.Number(high)})");
            if (layer.BiasInit == Init.Constant && layer.BiasValue < 0f)
                reasons.Add($"with biases starting at {Text.Number(layer.BiasValue)}, which pushes units toward z < 0");
            if (reasons.Count == 0)
                continue;
            network.ReportWithFixes(network.ActivationOf(layer.Index),
                [new AttributeFix("Use LeakyRelu", AttributeEdit.SetActivation(network.NodeOf(layer.Index), Activation.LeakyRelu))],
                layer.Index, string.Join(" and ", reasons));
        }
    }
}
