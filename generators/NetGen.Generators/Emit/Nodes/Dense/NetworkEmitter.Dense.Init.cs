using NetGen.Generators.Model;

namespace NetGen.Generators.Emit;

/// <summary>The Dense kind's initialization: each of its tensors drawn as PyTorch draws it, in state_dict order.</summary>
internal sealed partial class NetworkEmitter
{
    private void EmitWeightInit(DensePlan layer)
    {
        var spec = layer.Layer;
        string target = spec.StoredByUnit
            ? $"Unsafe.Add(ref p, {layer.Name}Weights + o * {layer.Name}Stride + i)"
            : $"Unsafe.Add(ref p, {layer.Name}Weights + i * {layer.Name}Stride + o)";
        float scale = layer.InitScale;
        string? value = spec.Init switch
        {
            Init.XavierUniform or Init.HeUniform => $"random.NextSingle({Literals.Float(-scale)}, {Literals.Float(scale)})",
            Init.Uniform => $"random.NextSingle({Literals.Float(spec.InitRange.Low)}, {Literals.Float(spec.InitRange.High)})",
            Init.XavierNormal or Init.HeNormal or Init.LeCunNormal => $"random.NextGaussian(0f, {Literals.Float(scale)})",
            Init.Normal => $"random.NextGaussian({Literals.Float(spec.InitRange.Mean)}, {Literals.Float(spec.InitRange.Std)})",
            Init.Constant => Literals.Float(spec.InitValue),
            Init.Orthogonal => $"orthogonal[o * {spec.Inputs} + i]",
            _ => null,
        };
        string how = spec.Init switch
        {
            Init.XavierUniform => $"Xavier uniform, bound sqrt(6 / ({spec.Inputs} + {spec.LinearUnits}))",
            Init.HeUniform => $"He uniform, bound sqrt(6 / {spec.Inputs})",
            Init.Uniform => $"uniform in [{Literals.Float(spec.InitRange.Low)}, {Literals.Float(spec.InitRange.High)})",
            Init.XavierNormal => $"Xavier normal, std sqrt(2 / ({spec.Inputs} + {spec.LinearUnits}))",
            Init.HeNormal => $"He normal, std sqrt(2 / {spec.Inputs})",
            Init.LeCunNormal => $"LeCun normal, std sqrt(1 / {spec.Inputs})",
            Init.Normal => $"normal, mean {Literals.Float(spec.InitRange.Mean)}, std {Literals.Float(spec.InitRange.Std)}",
            Init.Orthogonal => "orthogonal (QR of a normal matrix)",
            Init.Constant => $"every weight {Literals.Float(spec.InitValue)}",
            _ => "zero (the buffer starts zeroed)",
        };
        _w.Line($"// {layer.Name} weights: {how}.");
        if (value is not null)
        {
            using (spec.Init == Init.Orthogonal ? _w.Block("") : null)
            {
                if (spec.Init == Init.Orthogonal)
                {
                    _w.Line($"var orthogonal = new float[{spec.LinearUnits * spec.Inputs}];");
                    _w.Line($"WeightInit.Orthogonal(ref random, orthogonal, {spec.LinearUnits}, {spec.Inputs});");
                }
                using (_w.Block($"for (int o = 0; o < {spec.LinearUnits}; o++)"))
                using (_w.Block($"for (int i = 0; i < {spec.Inputs}; i++)"))
                    _w.Line($"{target} = {value};");
            }
        }
    }

    private void EmitActivationParameterInit(DensePlan layer)
    {
        var spec = layer.Layer;
        float start = spec.Activation == Activation.PRelu ? spec.Options.Slope : spec.Options.Beta;
        string what = spec.Activation == Activation.PRelu ? "slope" : "β";
        _w.Line($"// {layer.Name} {spec.Activation} {what}: starts at {Literals.Float(start)}.");
        _w.Line($"for (int k = 0; k < {spec.ActivationParameterCount}; k++) Unsafe.Add(ref p, {layer.Name}Activation + k) = {Literals.Float(start)};");
    }

    private void EmitBiasInit(DensePlan layer)
    {
        var spec = layer.Layer;
        float bound = (float)(1.0 / System.Math.Sqrt(spec.Inputs));
        string target = $"Unsafe.Add(ref p, {layer.Name}Bias + o)";
        switch (spec.BiasInit)
        {
            case Init.Constant:
                _w.Line($"// {layer.Name} bias: every element {Literals.Float(spec.BiasValue)}.");
                _w.Line($"for (int o = 0; o < {spec.LinearUnits}; o++) {target} = {Literals.Float(spec.BiasValue)};");
                break;
            case Init.Uniform:
                _w.Line($"// {layer.Name} bias: uniform in ±1/sqrt({spec.Inputs}), nn.Linear's default.");
                _w.Line($"for (int o = 0; o < {spec.LinearUnits}; o++) {target} = random.NextSingle({Literals.Float(-bound)}, {Literals.Float(bound)});");
                break;
        }
    }
}
