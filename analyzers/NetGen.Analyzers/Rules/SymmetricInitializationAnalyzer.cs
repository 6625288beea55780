namespace NetGen.Analyzers;

/// <summary>
/// NG1002: a layer of several linear units whose weights all start equal (Zero or Constant). Equal
/// incoming weights give equal outputs and equal gradients, so the units never become different
/// (for Maxout, the pieces of a unit never do). Fix: the initialization that suits the activation.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SymmetricInitializationAnalyzer() : NetworkAnalyzer(Descriptors.SymmetricInitialization)
{
    protected override void Analyze(NetworkContext network)
    {
        foreach (var layer in network.TrainableLayers)
        {
            if (layer.Init is not (Init.Zero or Init.Constant) || layer.LinearUnits < 2)
                continue;
            var suggested = Activations.DefaultInit(layer.Activation);
            var map = network.Map.Layers[layer.Index];
            string value = layer.Init == Init.Zero ? "0" : Literals.Float(layer.InitValue).TrimEnd('f');
            var fix = new AttributeFix($"Use Init.{suggested}", AttributeEdit.SetInit(network.NodeOf(layer.Index), suggested), AttributeEdit.Remove(network.NodeOf(layer.Index), "InitValue"));
            network.ReportWithFixes(map.Init ?? map.Attribute, [fix],
                layer.Index, value, layer.LinearUnits, $"Init.{suggested}");
        }
    }
}
