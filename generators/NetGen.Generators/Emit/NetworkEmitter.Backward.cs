using System.Linq;
using NetGen.Generators.Model;

namespace NetGen.Generators.Emit;

internal sealed partial class NetworkEmitter
{
    private void EmitBackward()
    {
        _w.Line("/// <summary>Backpropagates the output deltas of <paramref name=\"rows\"/> rows, summing weight and bias gradients into the gradient buffer.</summary>");
        using (_w.Block("private void Backward(ref float input, int rows)"))
        {
            _w.Line("ref float p = ref _parameters.Start;");
            _w.Line("ref float g = ref _gradients.Start;");
            _w.Line("ref float a = ref _activations.Start;");
            foreach (var layer in _plan.Layers.Reverse())
                _w.Line($"{layer.Name}Backward(ref p, ref g, {InputOf(layer)}, ref a, rows);");
        }
        _w.Line();
        foreach (var layer in _plan.Layers.Reverse())
            EmitLayerBackward(layer);
    }

    private void EmitLayerBackward(LayerPlan layer)
    {
        var spec = layer.Layer;
        string name = layer.Name;
        string chain = layer.ChainsActivation ? $"dz = dy ⊙ ({spec.ActivationInfo.Derivative})" : "dz = delta (the loss already gave dz)";
        string sends = layer.Index > 0 ? $"; sends dx = Wᵀdz to Layer{layer.Index - 1}'s delta" : "";
        string summary = $"{name} backward, {spec.Inputs} → {spec.Units} {spec.Activation}: {chain}; dW += dz xᵀ, db += dz{sends}.";
        EmitPerWidth(summary, $"{name}Backward", "ref float p, ref float g, ref float x, int xStride, ref float a, int rows", "ref p, ref g, ref x, xStride, ref a, rows", () =>
        {
            _w.Line($"ref float gw = ref Unsafe.Add(ref g, {name}Weights);");
            _w.Line($"ref float gb = ref Unsafe.Add(ref g, {name}Bias);");
            _w.Line($"ref float d = ref Unsafe.Add(ref a, {name}Delta);");
            if (layer.ChainsActivation)
            {
                switch (spec.ActivationInfo.Shape)
                {
                    case ActivationShape.Concatenated: EmitConcatenatedReluDerivative(layer); break;
                    case ActivationShape.Maxout: EmitMaxoutDerivative(layer); break;
                    default: EmitActivationDerivative(layer); break;
                }
            }
            EmitBiasGradient(layer);
            EmitWeightGradient(layer);
            if (layer.Index > 0)
                EmitInputGradient(layer, _plan.Layers[layer.Index - 1]);
        });
    }

    private void EmitActivationDerivative(LayerPlan layer)
    {
        var info = layer.Layer.ActivationInfo;
        bool learns = info.ParameterGradient is not null && layer.HasActivationParameters;
        bool shared = learns && layer.Layer.ActivationParameterCount == 1;
        _w.Line($"// delta becomes dz = dy ⊙ {info.Kind}'(z), in place{(learns ? $"; the {info.Kind} parameter's gradient is summed on the way" : "")}.");
        if (layer.HasActivationParameters)
        {
            _w.Line($"ref float pa = ref Unsafe.Add(ref p, {layer.Name}Activation);");
            _w.Line($"ref float gpa = ref Unsafe.Add(ref g, {layer.Name}Activation);");
        }
        ForEachWidth(width =>
        {
            if (shared)
                _w.Line($"var parameterGradient = {width.Zero};");
            using (_w.Block("for (int r = 0; r < rows; r++)"))
            {
                _w.Line($"ref float dr = ref Unsafe.Add(ref d, r * {layer.RowStrideName});");
                _w.Line($"ref float zr = ref Unsafe.Add(ref a, {layer.Name}Z + r * {layer.RowStrideName});");
                _w.Line($"ref float yr = ref Unsafe.Add(ref a, {layer.Name}Y + r * {layer.RowStrideName});");
                if (layer.HasNoise)
                    _w.Line($"ref float nr = ref Unsafe.Add(ref a, {layer.Name}Noise + r * {layer.RowStrideName});");
                using (_w.Block($"for (nuint c = 0; c < {Columns(layer, width)}; c += {width.Width})"))
                {
                    _w.Line($"var dy = {width.LoadAt("dr", "c")};");
                    _w.Line($"var z = {width.LoadAt("zr", "c")};");
                    _w.Line($"var y = {width.LoadAt("yr", "c")};");
                    string? parameter = layer.HasNoise ? width.LoadAt("nr", "c") : ParameterAt(layer, width, "pa", "c", constantOffset: false);
                    var terms = new ActivationTerms(width, layer.Layer, "z", "y", "dy", parameter);
                    if (learns && shared)
                        _w.Line($"parameterGradient += {Wrap(info.ParameterGradient!(terms), width)};");
                    else if (learns)
                        _w.Line(width.StoreAt($"{width.LoadAt("gpa", "c")} + {Wrap(info.ParameterGradient!(terms), width)}", "gpa", "c", wrap: true));
                    _w.Line(width.StoreAt(Wrap(info.Backward!(terms), width), "dr", "c"));
                }
            }
            if (shared)
                _w.Line($"gpa += {width.Sum("parameterGradient")};");
        });
    }

    private void EmitConcatenatedReluDerivative(LayerPlan layer)
    {
        int units = layer.Layer.Units;
        _w.Line($"// CRelu: dz[o] = dy[o] [z > 0] - dy[{units} + o] [z < 0], in place; then the columns past the units are cleared");
        _w.Line("// so the weight and bias gradients of the padding stay zero.");
        using (_w.Block("for (int r = 0; r < rows; r++)"))
        {
            _w.Line($"ref float dr = ref Unsafe.Add(ref d, r * {layer.RowStrideName});");
            _w.Line($"ref float zr = ref Unsafe.Add(ref a, {layer.Name}Z + r * {layer.RowStrideName});");
            using (_w.Block($"for (int o = 0; o < {units}; o++)"))
            {
                _w.Line("float z = Unsafe.Add(ref zr, o);");
                _w.Line($"Unsafe.Add(ref dr, o) = (z > 0f ? Unsafe.Add(ref dr, o) : 0f) - (z < 0f ? Unsafe.Add(ref dr, {units} + o) : 0f);");
            }
            _w.Line($"MemoryMarshal.CreateSpan(ref Unsafe.Add(ref dr, {units}), {layer.RowStride - units}).Clear();");
        }
    }

    private void EmitMaxoutDerivative(LayerPlan layer)
    {
        int units = layer.Layer.Units, pieces = layer.Layer.Options.Pieces;
        _w.Line($"// Maxout: dy[o] goes to the largest of unit o's {pieces} pieces (the first on ties), the others get 0.");
        _w.Line("// Written from the last unit down: unit o's pieces start at o·k ≥ o, so no dy is overwritten before it is read.");
        using (_w.Block("for (int r = 0; r < rows; r++)"))
        {
            _w.Line($"ref float dr = ref Unsafe.Add(ref d, r * {layer.RowStrideName});");
            _w.Line($"ref float zr = ref Unsafe.Add(ref a, {layer.Name}Z + r * {layer.RowStrideName});");
            using (_w.Block($"for (int o = {units - 1}; o >= 0; o--)"))
            {
                _w.Line($"ref float pieces = ref Unsafe.Add(ref zr, o * {pieces});");
                _w.Line("int best = 0;");
                _w.Line($"for (int j = 1; j < {pieces}; j++) if (Unsafe.Add(ref pieces, j) > Unsafe.Add(ref pieces, best)) best = j;");
                _w.Line("float dy = Unsafe.Add(ref dr, o);");
                _w.Line($"for (int j = 0; j < {pieces}; j++) Unsafe.Add(ref dr, o * {pieces} + j) = j == best ? dy : 0f;");
            }
            if (layer.RowStride > layer.Layer.LinearUnits)
                _w.Line($"MemoryMarshal.CreateSpan(ref Unsafe.Add(ref dr, {layer.Layer.LinearUnits}), {layer.RowStride - layer.Layer.LinearUnits}).Clear();");
        }
    }

    private void EmitBiasGradient(LayerPlan layer)
    {
        _w.Line("// db += dz, summed over rows.");
        using (_w.Block("for (int r = 0; r < rows; r++)"))
        {
            _w.Line($"ref float dr = ref Unsafe.Add(ref d, r * {layer.RowStrideName});");
            ForEachWidth(width =>
            {
                using (_w.Block($"for (nuint c = 0; c < {Columns(layer, width)}; c += {width.Width})"))
                    _w.Line(width.StoreAt($"{width.LoadAt("gb", "c")} + {width.LoadAt("dr", "c")}", "gb", "c", wrap: true));
            });
        }
    }

    private void EmitWeightGradient(LayerPlan layer)
    {
        _w.Line($"// dW[i] += x[i] · dz for each of the {layer.Layer.Inputs} inputs: gradient rows stay in registers across all rows of the batch.");
        ForEachWidth(width =>
        {
            using (_w.Block($"for (int i = 0; i < {layer.Layer.Inputs}; i++)"))
            {
                _w.Line($"ref float gwi = ref Unsafe.Add(ref gw, i * {layer.Name}Stride);");
                foreach (var block in Blocks(layer, width))
                {
                    var scope = Blocks(layer, width).Count > 1 ? _w.Block("") : null;
                    for (int k = 0; k < block.Chunks; k++)
                        _w.Line($"var g{k} = {width.Load("gwi", block.Offset(k, width))};");
                    using (_w.Block("for (int r = 0; r < rows; r++)"))
                    {
                        _w.Line($"var xi = {width.Broadcast("Unsafe.Add(ref x, r * xStride + i)")};");
                        _w.Line($"ref float dr = ref Unsafe.Add(ref d, r * {layer.RowStrideName});");
                        for (int k = 0; k < block.Chunks; k++)
                            _w.Line($"g{k} = {width.MultiplyAdd("xi", width.Load("dr", block.Offset(k, width)), $"g{k}")};");
                    }
                    for (int k = 0; k < block.Chunks; k++)
                        _w.Line(width.Store($"g{k}", "gwi", block.Offset(k, width)));
                    scope?.Dispose();
                }
            }
        });
    }

    private void EmitInputGradient(LayerPlan layer, LayerPlan previous)
    {
        _w.Line($"// {previous.Name}'s delta: dx[i] = Σ_o W[o, i] dz[o], a dot product with row i of the transposed weights.");
        _w.Line($"ref float w = ref Unsafe.Add(ref p, {layer.Name}Weights);");
        _w.Line($"ref float dx = ref Unsafe.Add(ref a, {previous.Name}Delta);");
        using (_w.Block("for (int r = 0; r < rows; r++)"))
        {
            _w.Line($"ref float dr = ref Unsafe.Add(ref d, r * {layer.RowStrideName});");
            _w.Line($"ref float dxr = ref Unsafe.Add(ref dx, r * {previous.RowStrideName});");
            ForEachWidth(width =>
            {
                using (_w.Block($"for (int i = 0; i < {layer.Layer.Inputs}; i++)"))
                {
                    _w.Line($"ref float wi = ref Unsafe.Add(ref w, i * {layer.Name}Stride);");
                    _w.Line($"var sum = {width.Zero};");
                    using (_w.Block($"for (nuint c = 0; c < {Columns(layer, width)}; c += {width.Width})"))
                        _w.Line($"sum = {width.MultiplyAdd(width.LoadAt("wi", "c"), width.LoadAt("dr", "c"), "sum")};");
                    _w.Line($"Unsafe.Add(ref dxr, i) = {width.Sum("sum")};");
                }
            });
        }
    }
}
