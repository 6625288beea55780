namespace NetGen.Analyzers;

/// <summary>
/// NG1004: an explicit fan-scaled initialization made for another kind of activation: Xavier (or
/// LeCun) with the ReLU family, He with a saturating activation, anything but LeCun normal with
/// Selu. The table of what suits what is <see cref="Activations.BetterInit"/>, shared with NG1001's
/// fix. Fix: switch the init.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InitDoesNotSuitActivationAnalyzer() : NetworkAnalyzer(Descriptors.InitDoesNotSuitActivation)
{
    protected override void Analyze(NetworkContext network)
    {
        foreach (var layer in network.TrainableLayers)
        {
            if (!layer.InitIsExplicit || Activations.BetterInit(layer.Activation, layer.Init) is not { } better)
                continue;
            var info = layer.ActivationInfo;
            string reason = layer.Activation == Activation.Selu
                ? "Selu keeps activations at mean 0 and variance 1 only when weights start with variance 1/fan_in"
                : info.IsReluFamily
                    ? "a ReLU passes about half of its inputs, so with this variance every layer halves the signal and deep stacks fade"
                    : "twice Xavier's variance starts many units in the flat tails, where the derivative is near 0";
            string madeFor = layer.Init switch
            {
                Init.HeUniform or Init.HeNormal => "the ReLU family",
                Init.LeCunNormal => "Selu and tanh",
                _ => "tanh and sigmoid",
            };
            var map = network.Map.Layers[layer.Index];
            network.ReportWithFixes(map.Init ?? map.Attribute,
                [new AttributeFix($"Use Init.{better}", AttributeEdit.SetInit(network.NodeOf(layer.Index), better))],
                layer.Index, layer.Activation, $"Init.{layer.Init}", madeFor, reason, $"Init.{better}");
        }
    }
}
