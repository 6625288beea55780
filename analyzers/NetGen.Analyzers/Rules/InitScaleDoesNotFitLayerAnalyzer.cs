using System;

namespace NetGen.Analyzers;

/// <summary>
/// NG1012: an explicit Uniform or Normal init whose spread is far from the fan-scaled one the
/// activation wants (<see cref="WeightScale.Recommended"/>), or whose mean is larger than that
/// spread. Each layer multiplies the signal's scale by about std/recommended, so depth turns a
/// factor of 2 into explosion and a factor of 1/10 into vanishing; a shared mean moves every unit
/// alike. Options: <c>netgen.NG1012.max_ratio</c> (default 2), <c>netgen.NG1012.min_ratio</c>
/// (default 0.1). Fix: the recommended initializer.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InitScaleDoesNotFitLayerAnalyzer() : NetworkAnalyzer(Descriptors.InitScaleDoesNotFitLayer)
{
    public const string MaxRatioKey = "netgen.NG1012.max_ratio";
    public const string MinRatioKey = "netgen.NG1012.min_ratio";

    protected override void Analyze(NetworkContext network)
    {
        double maxRatio = network.Options.Number(MaxRatioKey, 2f);
        double minRatio = network.Options.Number(MinRatioKey, 0.1f);
        foreach (var layer in network.TrainableLayers)
        {
            if (layer.Init is not (Init.Uniform or Init.Normal))
                continue;
            var (mean, std) = WeightScale.Moments(layer);
            var (init, recommended) = WeightScale.Recommended(layer);
            double ratio = std / recommended;
            string? problem = Math.Abs(mean) > recommended
                ? "a mean that large moves every unit the same way, so units start nearly alike"
                : ratio > maxRatio ? $"every layer like this scales the signal by about {Text.Number(ratio)}×, so activations saturate or explode"
                : ratio < minRatio ? $"every layer like this shrinks the signal by about {Text.Number(1 / ratio)}×, so activations and gradients vanish"
                : null;
            if (problem is null)
                continue;
            var node = network.NodeOf(layer.Index);
            var fix = new AttributeFix($"Use Init.{init}", AttributeEdit.SetInit(node, init),
                AttributeEdit.Remove(node, "InitLow"), AttributeEdit.Remove(node, "InitHigh"),
                AttributeEdit.Remove(node, "InitMean"), AttributeEdit.Remove(node, "InitStd"));
            var map = network.Map.Layers[layer.Index];
            network.ReportWithFixes(map.Init ?? map.Attribute, [fix],
                layer.Index, Text.Number(mean), Text.Number(std), layer.Inputs, layer.Activation, Text.Number(recommended), problem, $"Init.{init}");
        }
    }
}
