namespace NetGen.Analyzers;

/// <summary>
/// NG1011 (info): a hidden layer wider than the hidden layer before it. Everything after a layer of
/// width k is a function of k numbers, so widening later cannot recover what was dropped; the
/// output layer's width is the task's and is not judged. No fix: the right widths are the user's call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WidthGrowsTowardOutputAnalyzer() : NetworkAnalyzer(Descriptors.WidthGrowsTowardOutput)
{
    protected override bool AnalyzesUntrainable => true;

    protected override void Analyze(NetworkContext network)
    {
        var layers = network.Spec.Layers;
        for (int index = 1; index < layers.Count - 1; index++)
        {
            int before = layers[index - 1].OutputWidth, width = layers[index].OutputWidth;
            if (width <= before)
                continue;
            var map = network.Map.Layers[index];
            network.ReportAt(map.Units ?? map.Attribute, index, width, index - 1, before);
        }
    }
}
