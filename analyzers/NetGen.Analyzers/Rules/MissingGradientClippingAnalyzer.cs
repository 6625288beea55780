using System.Globalization;

namespace NetGen.Analyzers;

/// <summary>
/// NG1003: no gradient clipping on a network likely to need it: deep (products of many Jacobians
/// can explode) or trained with a high learning rate. Options: <c>netgen.NG1003.min_weight_layers</c>
/// (default 4), <c>netgen.NG1003.sgd_learning_rate</c> (default 0.5, for SGD and Newton's step
/// fraction is never high) and <c>netgen.NG1003.adam_learning_rate</c> (default 0.01, for every
/// adaptive optimizer): rates above these count as high. NetGen has no recurrent layers yet; when it
/// does, every recurrent network counts as deep.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MissingGradientClippingAnalyzer() : NetworkAnalyzer(Descriptors.MissingGradientClipping)
{
    public const string MinWeightLayersKey = "netgen.NG1003.min_weight_layers";
    public const string SgdLearningRateKey = "netgen.NG1003.sgd_learning_rate";
    public const string AdamLearningRateKey = "netgen.NG1003.adam_learning_rate";

    protected override void Analyze(NetworkContext network)
    {
        var spec = network.Spec;
        if (spec.Clipping.Kind != ClippingKind.None)
            return;
        int weightLayers = spec.Layers.Count;
        var optimizer = spec.Training.Optimizer;
        float highRate = optimizer == Optimizer.Newton ? float.PositiveInfinity
            : LearningRateRange.IsAdaptive(optimizer) ? network.Options.Number(AdamLearningRateKey, 0.01f)
            : network.Options.Number(SgdLearningRateKey, 0.5f);
        string? reason = weightLayers >= network.Options.Integer(MinWeightLayersKey, 4)
            ? $"has {weightLayers} weight layers"
            : spec.Training.LearningRate > highRate
                ? $"trains {optimizer} at learning rate {spec.Training.LearningRate.ToString(CultureInfo.InvariantCulture)} (above {highRate.ToString(CultureInfo.InvariantCulture)})"
                : null;
        if (reason is not null)
            network.ReportAt(network.NetworkAttribute, spec.Type.Name, reason);
    }
}
