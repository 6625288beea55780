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
        _w.Line($"/// <summary>{name} backward, {spec.Inputs} → {spec.Units} {spec.Activation}: {chain}; dW += dz xᵀ, db += dz{sends}.</summary>");
        using (_w.Block($"private static void {name}Backward(ref float p, ref float g, ref float x, int xStride, ref float a, int rows)"))
        {
            _w.Line($"ref float gw = ref Unsafe.Add(ref g, {name}Weights);");
            _w.Line($"ref float gb = ref Unsafe.Add(ref g, {name}Bias);");
            _w.Line($"ref float d = ref Unsafe.Add(ref a, {name}Delta);");
            if (layer.ChainsActivation)
                EmitActivationDerivative(layer);
            EmitBiasGradient(layer);
            EmitWeightGradient(layer);
            if (layer.Index > 0)
                EmitInputGradient(layer, _plan.Layers[layer.Index - 1]);
        }
        _w.Line();
    }

    private void EmitActivationDerivative(LayerPlan layer)
    {
        var info = layer.Layer.ActivationInfo;
        _w.Line($"// delta becomes dz = dy ⊙ {info.Kind}'(z), in place.");
        using (_w.Block("for (int r = 0; r < rows; r++)"))
        {
            _w.Line($"ref float dr = ref Unsafe.Add(ref d, r * {layer.Name}Stride);");
            _w.Line($"ref float zr = ref Unsafe.Add(ref a, {layer.Name}Z + r * {layer.Name}Stride);");
            _w.Line($"ref float yr = ref Unsafe.Add(ref a, {layer.Name}Y + r * {layer.Name}Stride);");
            ForEachWidth(width =>
            {
                using (_w.Block($"for (nuint c = 0; c < {Columns(layer, width)}; c += {width.Width})"))
                {
                    _w.Line($"var dy = {width.LoadAt("dr", "c")};");
                    _w.Line($"var z = {width.LoadAt("zr", "c")};");
                    _w.Line($"var y = {width.LoadAt("yr", "c")};");
                    _w.Line(width.StoreAt(Wrap(info.Backward!(width, "dy", "z", "y"), width), "dr", "c"));
                }
            });
        }
    }

    private void EmitBiasGradient(LayerPlan layer)
    {
        _w.Line("// db += dz, summed over rows.");
        using (_w.Block("for (int r = 0; r < rows; r++)"))
        {
            _w.Line($"ref float dr = ref Unsafe.Add(ref d, r * {layer.Name}Stride);");
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
                        _w.Line($"ref float dr = ref Unsafe.Add(ref d, r * {layer.Name}Stride);");
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
            _w.Line($"ref float dr = ref Unsafe.Add(ref d, r * {layer.Name}Stride);");
            _w.Line($"ref float dxr = ref Unsafe.Add(ref dx, r * {previous.Name}Stride);");
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
