using System.Linq;
using NetGen.Generators.Model;

namespace NetGen.Generators.Emit;

internal sealed partial class NetworkEmitter
{
    private void EmitBackward()
    {
        _w.Line("/// <summary>Backpropagates the output deltas of <paramref name=\"rows\"/> rows in the activation buffer <paramref name=\"a\"/>, writing weight and bias gradients into the gradient buffer <paramref name=\"g\"/> (stored, not added: no clear needed).</summary>");
        var layers = _plan.Layers.Where(layer => layer.RunsBackward).Reverse().ToList();
        using (_w.Block("private void Backward(ref float input, int rows, ref float a, ref float g)"))
        {
            _w.Line("ref float p = ref _parameters.Start;");
            if (layers.Count < _plan.Layers.Count)
                _w.Line($"// Backward stops at {layers[layers.Count - 1].Name}: the layers below it are frozen and nothing below them learns.");
            foreach (var layer in layers)
                _w.Line(BackwardCall(layer));
        }
        _w.Line();
        foreach (var layer in layers)
            EmitLayerBackward(layer);
    }

    /// <summary>A layer's line in Backward (and in BackwardStepping, <see cref="EmitStepInBackward"/>).</summary>
    private string BackwardCall(DensePlan layer) => $"{layer.Name}Backward(ref p, ref g, {InputOf(layer)}, ref a, rows);";

    private void EmitLayerBackward(DensePlan layer)
    {
        var spec = layer.Layer;
        string name = layer.Name;
        string chain = layer.ChainsActivation ? $"dz = dy ⊙ ({Literals.Xml(spec.ActivationInfo.Derivative)})" : "dz = delta (the loss already gave dz)";
        string sends = layer.SendsInputGradient ? $"; sends dx = Wᵀdz to Layer{layer.Index - 1}'s delta" : "";
        string gradients = !layer.Trainable ? "; frozen: no parameter gradients" : layer.HasBias ? "; dW = dz xᵀ, db = Σ dz" : "; dW = dz xᵀ (no bias)";
        string summary = $"{name} backward, {spec.Inputs} → {spec.Units} {spec.Activation}: {chain}{gradients}{sends}.";
        EmitPerWidth(summary, $"{name}Backward", "ref float p, ref float g, ref float x, int xStride, ref float a, int rows", "ref p, ref g, ref x, xStride, ref a, rows", () =>
        {
            if (layer.Trainable)
                _w.Line($"ref float gw = ref Unsafe.Add(ref g, {name}Weights);");
            if (layer.Trainable && layer.HasBias)
                _w.Line($"ref float gb = ref Unsafe.Add(ref g, {name}Bias);");
            _w.Line($"ref float d = ref Unsafe.Add(ref a, {name}Delta);");
            if (layer.Index > 0 && KernelBlocking.TransposedAbove(_plan, _plan.Layers[layer.Index - 1]))
                EmitTransposeBelow(_plan.Layers[layer.Index - 1]);
            if (layer.ChainsActivation && KernelBlocking.DerivativeTakenAbove(_plan, layer))
                _w.Line($"// delta holds dz already: Layer{layer.Index + 1}'s input gradient took {spec.Activation}' as it stored it.");
            else if (layer.ChainsActivation)
            {
                switch (spec.ActivationInfo.Shape)
                {
                    case ActivationShape.Concatenated: EmitConcatenatedReluDerivative(layer); break;
                    case ActivationShape.Maxout: EmitMaxoutDerivative(layer); break;
                    default: EmitActivationDerivative(layer); break;
                }
            }
            if (KernelBlocking.BackwardInOnePass(layer))
                EmitBackwardInOnePass(layer, _plan.Layers[layer.Index - 1]);
            else
            {
                if (layer.Trainable && layer.HasBias)
                    EmitBiasGradient(layer);
                if (layer.Trainable)
                    EmitWeightGradient(layer);
                if (layer.SendsInputGradient)
                    EmitInputGradient(layer, _plan.Layers[layer.Index - 1]);
            }
        }, KernelBlocking.WidestFor(spec), inline: KernelBlocking.Inlines(spec, _spec.Training.BatchSize),
            generic: KernelBlocking.BackwardIsGeneric(layer)
                ? GenericTypes(layer, KernelBlocking.DerivativeInKernel(layer) ? "IActivationGradient" : null,
                    below: KernelBlocking.TakesDerivativeBelow(_plan, layer) ? _plan.Layers[layer.Index - 1] : null)
                : null);
    }

    private void EmitActivationDerivative(DensePlan layer)
    {
        var info = layer.Layer.ActivationInfo;
        bool learns = info.ParameterGradient is not null && layer.HasActivationParameters && layer.Trainable;
        bool shared = learns && layer.Layer.ActivationParameterCount == 1;
        _w.Line($"// delta becomes dz = dy ⊙ {info.Kind}'(z), in place{(learns ? $"; the {info.Kind} parameter's gradient is summed on the way" : "")}.");
        if (layer.HasActivationParameters)
            _w.Line($"ref float pa = ref Unsafe.Add(ref p, {layer.Name}Activation);");
        if (learns)
            _w.Line($"ref float gpa = ref Unsafe.Add(ref g, {layer.Name}Activation);");
        ForEachWidth(width =>
        {
            if (KernelBlocking.DerivativeInKernel(layer))
            {
                _w.Line($"DenseKernels.ActivationGradient<{width.LaneTypes}, {ActivationStructName(layer, width)}>(ref d, ref Unsafe.Add(ref a, {layer.Name}Z), ref Unsafe.Add(ref a, {layer.Name}Y), {layer.RowStrideName}, rows, {ColumnsText(layer, width)});");
                return;
            }
            if (shared)
                _w.Line($"var parameterGradient = {width.Zero};");
            using (_w.Block("for (int r = 0; r < rows; r++)"))
            {
                bool storesZ = layer.StoresZ;
                _w.Line($"ref float dr = ref Unsafe.Add(ref d, r * {layer.RowStrideName});");
                if (storesZ)
                    _w.Line($"ref float zr = ref Unsafe.Add(ref a, {layer.Name}Z + r * {layer.RowStrideName});");
                _w.Line($"ref float yr = ref Unsafe.Add(ref a, {layer.Name}Y + r * {layer.RowStrideName});");
                if (layer.HasNoise)
                    _w.Line($"ref float nr = ref Unsafe.Add(ref a, {layer.Name}Noise + r * {layer.RowStrideName});");
                using (_w.Block($"for (nuint c = 0; c < {Columns(layer, width)}; c += {width.Width})"))
                {
                    _w.Line($"var dy = {width.LoadAt("dr", "c")};");
                    if (storesZ)
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

    private void EmitConcatenatedReluDerivative(DensePlan layer)
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

    private void EmitMaxoutDerivative(DensePlan layer)
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

    private void EmitBiasGradient(DensePlan layer)
    {
        _w.Line("// db = Σ_r dz[r]: the first row stored, the others added (the buffer is not cleared first).");
        ForEachWidth(width => _w.Line($"DenseKernels.BiasGradient<{width.LaneTypes}>(ref d, {layer.RowStrideName}, ref gb, rows, {ColumnsText(layer, width)});"));
    }

    private void EmitWeightGradient(DensePlan layer)
    {
        if (layer.Layer.StoredByUnit)
        {
            _w.Line("// dW[o] = Σ_r dz[r, o] · x[r]: each unit's row of weights, whole vectors of inputs (zeros past them).");
            ForEachWidth(width => _w.Line($"UnitRowKernels.WeightGradient<{width.LaneTypes}, {layer.Name}Shape>(ref x, xStride, ref d, {layer.RowStrideName}, ref gw, {layer.Name}Stride, rows, {layer.Layer.Inputs}, {layer.Layer.LinearUnits});"));
            return;
        }
        _w.Line($"// dW[i] = Σ_r x[r, i] · dz[r]: blocks of inputs × output vectors stay in registers across all rows of the batch, stored once.");
        ForEachWidth(width => _w.Line($"DenseKernels.WeightGradient<{width.LaneTypes}, {layer.Name}Shape>(ref x, xStride, ref d, {layer.RowStrideName}, ref gw, {layer.Name}Stride, rows, {layer.Layer.Inputs}, {ColumnsText(layer, width)});"));
    }

    private void EmitBackwardInOnePass(DensePlan layer, DensePlan previous)
    {
        string bias = layer.HasBias ? "db = Σ_r dz[r], " : "";
        _w.Line($"// {bias}dW[o] = Σ_r dz[r, o] · x[r] and {previous.Name}'s delta dx[r] = Σ_o dz[r, o] · W[o] (the weights' rows as");
        _w.Line("// they are stored) in one pass over the rows: each row's dz is broadcast once for both.");
        EmitInputGradientReferences(layer, previous);
        string gb = layer.HasBias ? "ref gb" : "ref Unsafe.NullRef<float>()";
        string belowZ = BelowZOrNull(layer, previous);
        ForEachWidth(width => _w.Line($"UnitRowKernels.Backward<{width.LaneTypes}, {StoreTypeBelow(layer, previous, width)}, {layer.Name}Shape>(ref x, xStride, ref d, {layer.RowStrideName}, ref w, {layer.Name}Stride, ref gw, {gb}, ref dx, {previous.RowStrideName}, rows, {layer.Layer.Inputs}, {layer.Layer.LinearUnits}{belowZ});"));
    }

    /// <summary>The input-gradient kernel's store type argument when it takes the layer below's derivative (<see cref="KernelBlocking.TakesDerivativeBelow"/>).</summary>
    private string StoresBelow(DensePlan layer, DensePlan previous, SimdWidth width) => KernelBlocking.TakesDerivativeBelow(_plan, layer)
        ? $", StoreDerivative<{width.LaneTypes}, {(width.IsGeneric ? "B" : ActivationStructName(previous, width))}>"
        : "";

    /// <summary><see cref="StoresBelow"/>'s type, or the kernel's plain store (<c>ZOnly</c>) when it takes no derivative.</summary>
    private string StoreTypeBelow(DensePlan layer, DensePlan previous, SimdWidth width) => KernelBlocking.TakesDerivativeBelow(_plan, layer)
        ? StoresBelow(layer, previous, width).Substring(2)
        : $"ZOnly<{width.Type}>";

    /// <summary>The layer below's z, where the input-gradient kernel reads its derivative's inputs, when it takes it.</summary>
    private string BelowZ(DensePlan layer, DensePlan previous) =>
        KernelBlocking.TakesDerivativeBelow(_plan, layer) ? $", ref Unsafe.Add(ref a, {previous.Name}Z)" : "";

    /// <summary>The input-gradient kernels' w (this layer's weights) and dx (the layer below's delta).</summary>
    private void EmitInputGradientReferences(DensePlan layer, DensePlan previous)
    {
        _w.Line($"ref float w = ref Unsafe.Add(ref p, {layer.Name}Weights);");
        _w.Line($"ref float dx = ref Unsafe.Add(ref a, {previous.Name}Delta);");
    }

    /// <summary><see cref="BelowZ"/>, or a null reference argument where the kernel takes no derivative.</summary>
    private string BelowZOrNull(DensePlan layer, DensePlan previous) => BelowZ(layer, previous) is { Length: > 0 } z ? z : ", ref Unsafe.NullRef<float>()";

    private void EmitInputGradient(DensePlan layer, DensePlan previous)
    {
        if (layer.Layer.StoredByUnit)
        {
            _w.Line($"// {previous.Name}'s delta: dx[r] = Σ_o dz[r, o] · W[o], the weights' rows as they are stored.");
            EmitInputGradientReferences(layer, previous);
            string belowZ = BelowZOrNull(layer, previous);
            ForEachWidth(width => _w.Line($"UnitRowKernels.InputGradient<{width.LaneTypes}, {StoreTypeBelow(layer, previous, width)}, {layer.Name}Shape>(ref w, {layer.Name}Stride, ref d, {layer.RowStrideName}, ref dx, {previous.RowStrideName}, rows, {layer.Layer.Inputs}, {layer.Layer.LinearUnits}{belowZ});"));
            return;
        }
        if (layer.TransposesForInputGradient)
        {
            _w.Line($"// {previous.Name}'s delta: dx[r, i] = Σ_o W[o, i] dz[r, o]. With few columns for the rows, W is transposed once into the");
            _w.Line("// scratch and dx is a forward product, each dz broadcast against vectors of inputs; otherwise dot products.");
        }
        else
        {
            _w.Line($"// {previous.Name}'s delta: dx[r, i] = Σ_o W[o, i] dz[r, o], dot products with rows of the transposed weights,");
            _w.Line("// in blocks of rows × inputs so each loaded vector feeds several accumulators; each sums across its lanes once.");
        }
        EmitInputGradientReferences(layer, previous);
        string sizes = $"ref w, {layer.Name}Stride, ref d, {layer.RowStrideName}, ref dx, {previous.RowStrideName}, rows, {layer.Layer.Inputs}";
        string transposed = KernelBlocking.TransposedAbove(_plan, layer) ? "InputGradientOfTransposed" : "InputGradientByTranspose";
        ForEachWidth(width =>
        {
            if (!layer.TransposesForInputGradient)
            {
                _w.Line($"DenseKernels.InputGradient<{width.LaneTypes}>({sizes}, {ColumnsText(layer, width)});");
                return;
            }
            // The kernel stores the layer below's dz when it takes that derivative, else dx itself (ZOnly).
            string store = StoresBelow(layer, previous, width) is { Length: > 0 } below ? below : $", ZOnly<{width.Type}>";
            string belowZ = BelowZOrNull(layer, previous);
            _w.Line($"DenseKernels.{transposed}<{width.LaneTypes}{store}, {layer.Name}Shape>({sizes}, {ColumnsText(layer, width)}, {layer.Layer.LinearUnits}, ref Unsafe.Add(ref a, {layer.Name}Transposed){belowZ});");
        });
    }

    /// <summary>The layer below's weights transposed for its input gradient, first thing in this layer's backward (<see cref="KernelBlocking.TransposedAbove"/>).</summary>
    private void EmitTransposeBelow(DensePlan below)
    {
        _w.Line($"// {below.Name}'s weights transposed for its input gradient now: it reads only weights, so it overlaps this layer's work.");
        ForEachWidth(width => _w.Line($"DenseKernels.TransposeForInputGradient<{width.LaneTypes}>(ref Unsafe.Add(ref p, {below.Name}Weights), {below.Name}Stride, ref Unsafe.Add(ref a, {below.Name}Transposed), rows, {below.Layer.Inputs}, {ColumnsText(below, width)});"));
    }
}
