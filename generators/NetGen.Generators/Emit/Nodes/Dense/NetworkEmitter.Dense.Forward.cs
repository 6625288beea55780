using System.Linq;
using System;
using NetGen.Generators.Model;

namespace NetGen.Generators.Emit;

internal sealed partial class NetworkEmitter
{
    private void EmitForward()
    {
        string mode = _plan.HasTrainingMode ? ", bool training" : "";
        string modeDoc = _plan.HasTrainingMode ? " <paramref name=\"training\"/> draws RRelu's random slopes; otherwise they are their mean." : "";
        _w.Line($"/// <summary>Runs every layer on <paramref name=\"rows\"/> rows of input; outputs land in the activation buffer.{modeDoc}</summary>");
        _w.Line($"private void Forward(ref float input, int rows{mode}) => Forward(ref input, rows, ref _activations.Start{(_plan.HasTrainingMode ? ", training" : "")});");
        _w.Line();
        _w.Line($"/// <summary>Forward into the activation buffer <paramref name=\"a\"/> (the network's own, or a training thread's).{modeDoc}</summary>");
        using (_w.Block($"private void Forward(ref float input, int rows, ref float a{mode})"))
        {
            _w.Line("ref float p = ref _parameters.Start;");
            EmitForwardCalls(_plan.Layers);
        }
        _w.Line();
        if (KernelBlocking.PredictsThroughOneRowKernels(_plan))
            EmitForwardOneRow();
        foreach (var layer in _plan.Layers)
        {
            EmitLayerForward(layer);
            EmitActivationStructs(layer);
            if (layer.HasNoise)
                EmitDrawSlopes(layer);
        }
        EmitShapeStructs();
    }

    /// <summary>Forward's lines for <paramref name="layers"/>: each layer's method, then RRelu's slopes in training mode.</summary>
    private void EmitForwardCalls(System.Collections.Generic.IEnumerable<DensePlan> layers)
    {
        foreach (var layer in layers)
        {
            _w.Line($"{layer.Name}Forward(ref p, {InputOf(layer)}, ref a, rows);");
            if (layer.HasNoise)
                _w.Line($"if (training) {layer.Name}DrawSlopes(ref a, rows);");
        }
    }

    /// <summary>
    /// One sample's forward pass (Predict's, where the layers do not run in registers) as one method on every vector
    /// width: a body generic over the width, each layer's one-row kernel body inlined (<c>DenseKernels.LinearOneRow</c>,
    /// its width in vectors a constant of the instantiation) where <see cref="KernelBlocking.InlinesOneRowKernel"/>, the
    /// others' methods called. Through Forward, a prediction was a call per layer and another to its kernel, with the row
    /// arithmetic of a batch between them (digits on AVX2: 485 ns against the fast reference's 401, 450 inlined).
    /// </summary>
    private void EmitForwardOneRow()
    {
        var inlined = _plan.Layers.Where(KernelBlocking.InlinesOneRowKernel).ToList();
        string types = "L, V" + string.Concat(inlined.Select(layer => $", A{layer.Index}"));
        string constraints = " where L : struct, ILanes<V> where V : struct" + string.Concat(inlined.Select(layer => $" where A{layer.Index} : struct, IActivation<V>"));
        _w.Line("/// <summary>One sample's forward pass into the activation buffer on vectors <typeparamref name=\"V\"/>, one method with the layers' one-row kernels inlined.</summary>");
        _w.Line("[MethodImpl(MethodImplOptions.NoInlining)]");
        using (_w.Block($"private void ForwardOneRow<{types}>(ref float input){constraints}"))
        {
            _w.Line("ref float p = ref _parameters.Start;");
            _w.Line("ref float a = ref _activations.Start;");
            foreach (var layer in _plan.Layers)
            {
                if (!inlined.Contains(layer))
                {
                    _w.Line($"{layer.Name}Forward(ref p, {InputOf(layer)}, ref a, 1);");
                    continue;
                }
                string x = layer.Index == 0 ? "ref input" : $"ref Unsafe.Add(ref a, {_plan.Layers[layer.Index - 1].Name}Y)";
                string bias = layer.HasBias ? $"{layer.Name}Bias" : "DenseKernels.NoBias";
                _w.Line($"DenseKernels.LinearOneRow<L, V, A{layer.Index}>({x}, ref p, {layer.Name}Weights, {layer.Name}Stride, {bias}, ref a, {layer.Name}Z, {layer.Name}Y, {layer.Layer.Inputs});");
            }
        }
        _w.Line();
    }

    /// <summary>Predict's forward pass through <c>ForwardOneRow</c>: a call on each vector width, Forward on scalars. <paramref name="input"/> names the row.</summary>
    private string ForwardOneRowCalls(string input)
    {
        var inlined = _plan.Layers.Where(KernelBlocking.InlinesOneRowKernel).ToList();
        var calls = new System.Text.StringBuilder();
        foreach (var width in SimdWidth.UpTo(KernelBlocking.WidestFor(_plan)).Where(width => !width.IsScalar))
            calls.Append($"{(calls.Length == 0 ? "if" : "else if")} ({width.Guard}) ForwardOneRow<{width.LaneTypes}{string.Concat(inlined.Select(layer => $", {ActivationStructName(layer, width)}"))}>({input});\n");
        return calls + $"else Forward({input}, 1{PredictMode});\n";
    }

    /// <summary>The arguments naming a layer's input rows: the caller's inputs for layer 0, else the previous layer's y.</summary>
    private string InputOf(DensePlan layer)
    {
        if (layer.Index == 0)
            return "ref input, InputSize";
        var previous = _plan.Layers[layer.Index - 1];
        return $"ref Unsafe.Add(ref a, {previous.Name}Y), {InputStrideOf(layer)}";
    }

    /// <summary>The constant a layer's input rows are apart: <c>InputSize</c>, or the previous layer's row stride.</summary>
    private string InputStrideOf(DensePlan layer) => layer.Index == 0 ? "InputSize" : _plan.Layers[layer.Index - 1].RowStrideName;

    private void EmitLayerForward(DensePlan layer)
    {
        var spec = layer.Layer;
        string shape = spec.LinearUnits == spec.Units ? "" : $" ({spec.LinearUnits} linear units)";
        string summary = $"{layer.Name} forward, {spec.Inputs} → {spec.OutputWidth} {spec.Activation}{shape}: z = W·x + b, {Literals.Xml(spec.ActivationInfo.Formula)}, for each row.";
        EmitPerWidth(summary, $"{layer.Name}Forward", "ref float p, ref float x, int xStride, ref float a, int rows", "ref p, ref x, xStride, ref a, rows", () =>
        {
            _w.Line($"ref float w = ref Unsafe.Add(ref p, {layer.Name}Weights);");
            if (layer.HasBias)
                _w.Line($"ref float b = ref Unsafe.Add(ref p, {layer.Name}Bias);");
            if (layer.HasActivationParameters)
                _w.Line($"ref float pa = ref Unsafe.Add(ref p, {layer.Name}Activation);");
            EmitForwardThroughDenseKernels(layer, _fixedWidth!);
        }, KernelBlocking.WidestFor(spec), inline: KernelBlocking.Inlines(spec, _spec.Training.BatchSize),
            generic: KernelBlocking.ForwardIsGeneric(layer) ? GenericTypes(layer, KernelBlocking.AppliesActivationInKernel(layer) ? "IActivation" : null) : null);
    }

    /// <summary>The activations that finish a row as a whole (Softmax, CRelu's second half, Maxout), after its columns.</summary>
    private void EmitRowActivation(DenseSpec spec)
    {
        switch (spec.ActivationInfo.Shape)
        {
            case ActivationShape.Softmax: EmitRowSoftmax(spec.Units); break;
            case ActivationShape.Concatenated: EmitRowConcatenatedRelu(spec.Units); break;
            case ActivationShape.Maxout: EmitRowMaxout(spec.Units, spec.Options.Pieces); break;
        }
    }

    /// <summary>
    /// z = b + x·W by the runtime's kernel, compiled for the layer's shape (<see cref="EmitShapeStructs"/>), which also stores
    /// y = f(z) from its registers through the layer's activation struct (<see cref="EmitActivationStructs"/>); a layer
    /// whose activation reads its own parameters computes y in a pass over each row instead. Row-wise activations
    /// (Softmax, CRelu's second half, Maxout) finish each row after it.
    /// </summary>
    private void EmitForwardThroughDenseKernels(DensePlan layer, SimdWidth width)
    {
        var spec = layer.Layer;
        string bias = layer.HasBias ? "ref b" : "ref Unsafe.NullRef<float>()";
        bool ownStruct = KernelBlocking.AppliesActivationInKernel(layer);
        string activation = ownStruct ? ActivationStructName(layer, width) : $"ZOnly<{width.Type}>";
        if (spec.StoredByUnit)
        {
            _w.Line($"// z = b + W·x and y = {spec.Activation} for every row, the weights stored by unit: the runtime's kernel (blocks of rows in lanes).");
            _w.Line($"UnitRowKernels.Linear<{width.LaneTypes}, {activation}, {layer.Name}Shape>(ref x, xStride, ref w, {layer.Name}Stride, {bias}, ref Unsafe.Add(ref a, {layer.Name}Z), ref Unsafe.Add(ref a, {layer.Name}Y), {layer.RowStrideName}, rows, {spec.Inputs}, {spec.LinearUnits});");
            return;
        }
        _w.Line($"// z = b + x·W and y = {(ownStruct ? spec.Activation.ToString() : "z")} for every row: the runtime's kernel, compiled for this layer's shape.");
        _w.Line($"DenseKernels.Linear<{width.LaneTypes}, {activation}, {layer.Name}Shape>(ref x, xStride, ref w, {layer.Name}Stride, {bias}, ref Unsafe.Add(ref a, {layer.Name}Z), ref Unsafe.Add(ref a, {layer.Name}Y), {layer.RowStrideName}, rows, {spec.Inputs}, {ColumnsText(layer, width)});");
        bool activationPass = !ownStruct && spec.ActivationInfo.Shape != ActivationShape.Maxout;
        if (!activationPass && spec.ActivationInfo.Shape == ActivationShape.Elementwise)
            return;
        using (_w.Block("for (int r = 0; r < rows; r++)"))
        {
            _w.Line($"ref float zr = ref Unsafe.Add(ref a, {layer.Name}Z + r * {layer.RowStrideName});");
            _w.Line($"ref float yr = ref Unsafe.Add(ref a, {layer.Name}Y + r * {layer.RowStrideName});");
            if (activationPass)
                using (_w.Block($"for (nuint c = 0; c < {Columns(layer, width)}; c += {width.Width})"))
                {
                    _w.Line($"var z = {width.LoadAt("zr", "c")};");
                    var terms = new ActivationTerms(width, spec, "z", Parameter: ParameterAt(layer, width, "pa", "c", constantOffset: false));
                    _w.Line(width.StoreAt(Wrap(spec.ActivationInfo.Forward(terms), width), "yr", "c"));
                }
            EmitRowActivation(spec);
        }
    }

    /// <summary>The layer's activation struct (one for every width); <c>A</c>, the type parameter, in a generic body.</summary>
    private static string ActivationStructName(DensePlan layer, SimdWidth width) => width.IsGeneric ? "A" : $"{layer.Name}{layer.Layer.Activation}";

    /// <summary>
    /// Each layer's sizes as constants of a type, for the runtime's kernels: generic over it, each is compiled for the
    /// layer's shape (as a C++ template is), its strides and input count folded into addressing and loop bounds. One
    /// line a layer: they are many, and say one thing.
    /// </summary>
    private void EmitShapeStructs()
    {
        _w.Line("// Each layer's sizes as constants of a type: the runtime's kernels, generic over it, are compiled for that shape.");
        foreach (var layer in _plan.Layers)
            _w.Line($"private readonly struct {layer.Name}Shape : IDenseShape {{ public static int XStride => {InputStrideOf(layer)}; public static int WStride => {layer.Name}Stride; "
                + $"public static int ZStride => {layer.RowStrideName}; public static int Inputs => {layer.Layer.Inputs}; public static int Units => {layer.Layer.LinearUnits}; }}");
        _w.Line();
    }

    /// <summary>
    /// The layer's activation as one struct whose kernels call the runtime's (NetGen.Runtime.IActivation), with the
    /// formula printed once per width it runs on, inlined by the JIT into every accumulator of the kernel's register blocks.
    /// </summary>
    private void EmitActivationStructs(DensePlan layer)
    {
        if (!KernelBlocking.AppliesActivationInKernel(layer))
            return;
        var spec = layer.Layer;
        bool derivative = KernelBlocking.DerivativeInKernel(layer), takenAbove = KernelBlocking.DerivativeTakenAbove(_plan, layer);
        // The layer above takes this derivative on its own widths, which may be wider than this layer's.
        var widest = KernelBlocking.WidestFor(spec);
        if (takenAbove && KernelBlocking.WidestFor(_plan.Layers[layer.Index + 1].Layer) is { } above && above.Width > widest.Width)
            widest = above;
        // Prediction in lanes runs every layer on the machine's widest vectors, the rows in the lanes.
        if (KernelBlocking.PredictsInLanes(_plan))
            widest = SimdWidth.Vector512;
        var widths = SimdWidth.UpTo(widest).ToArray();
        string gradient = takenAbove ? "IFusedActivationGradient" : "IActivationGradient";
        string interfaces = string.Join(", ", widths.Select(width => $"IActivation<{width.Type}>{(derivative ? $", {gradient}<{width.Type}>" : "")}"));
        const string Inline = "[MethodImpl(MethodImplOptions.AggressiveInlining)] ";
        _w.Line($"/// <summary>{layer.Name}'s {spec.Activation}, {Literals.Xml(spec.ActivationInfo.Formula)}: the runtime's kernels apply it as they store z.</summary>");
        using (_w.Block($"private readonly struct {ActivationStructName(layer, widths[0])} : {interfaces}"))
        {
            _w.Line("public static bool StoresY => true;");
            if (derivative && takenAbove)
                _w.Line($"public static int YFromZ => {layer.Name}Y - {layer.Name}Z;");
            foreach (var width in widths)
            {
                _w.Line($"{Inline}public static {width.Type} Apply({width.Type} z) => {spec.ActivationInfo.Forward(new ActivationTerms(width, spec, "z"))};");
                if (derivative)
                    _w.Line($"{Inline}public static {width.Type} Derivative({width.Type} dy, {width.Type} z, {width.Type} y) => {spec.ActivationInfo.Backward!(new ActivationTerms(width, spec, "z", "y", "dy"))};");
            }
        }
        _w.Line();
    }

    /// <summary>The learnable parameter's vector at a block's columns: per unit a load, per layer a broadcast.</summary>
    private static string? ParameterAt(DensePlan layer, SimdWidth width, string reference, string offset, bool constantOffset)
    {
        if (!layer.HasActivationParameters)
            return null;
        if (layer.Layer.ActivationParameterCount == 1)
            return width.Broadcast(reference);
        return constantOffset ? width.Load(reference, int.Parse(offset)) : width.LoadAt(reference, offset);
    }

    private void EmitRowSoftmax(int units)
    {
        _w.Line($"// Softmax over the {units} units of the row, shifted by the largest for stability.");
        _w.Line("float max = yr;");
        _w.Line($"for (int o = 1; o < {units}; o++) max = MathF.Max(max, Unsafe.Add(ref yr, o));");
        _w.Line("float sum = 0f;");
        using (_w.Block($"for (int o = 0; o < {units}; o++)"))
        {
            _w.Line("float e = MathF.Exp(Unsafe.Add(ref yr, o) - max);");
            _w.Line("Unsafe.Add(ref yr, o) = e;");
            _w.Line("sum += e;");
        }
        _w.Line($"for (int o = 0; o < {units}; o++) Unsafe.Add(ref yr, o) /= sum;");
    }

    private void EmitRowConcatenatedRelu(int units)
    {
        _w.Line($"// CRelu's second half: y[{units} + o] = max(-z[o], 0). The blocks wrote the first half.");
        _w.Line($"for (int o = 0; o < {units}; o++) Unsafe.Add(ref yr, {units} + o) = MathF.Max(-Unsafe.Add(ref zr, o), 0f);");
    }

    private void EmitRowMaxout(int units, int pieces)
    {
        _w.Line($"// Maxout: each of the {units} outputs is the largest of its {pieces} consecutive linear pieces.");
        using (_w.Block($"for (int o = 0; o < {units}; o++)"))
        {
            _w.Line($"ref float pieces = ref Unsafe.Add(ref zr, o * {pieces});");
            _w.Line("float max = pieces;");
            _w.Line($"for (int j = 1; j < {pieces}; j++) max = MathF.Max(max, Unsafe.Add(ref pieces, j));");
            _w.Line("Unsafe.Add(ref yr, o) = max;");
        }
    }

    private void EmitDrawSlopes(DensePlan layer)
    {
        float low = NetworkDefaults.RReluLower, high = NetworkDefaults.RReluUpper;
        _w.Line($"/// <summary>{layer.Name} RRelu while training: every element draws its slope from U({Literals.Float(low)}, {Literals.Float(high)}), kept for backward.</summary>");
        using (_w.Block($"private void {layer.Name}DrawSlopes(ref float a, int rows)"))
        using (_w.Block("for (int r = 0; r < rows; r++)"))
        {
            _w.Line($"ref float zr = ref Unsafe.Add(ref a, {layer.Name}Z + r * {layer.RowStrideName});");
            _w.Line($"ref float yr = ref Unsafe.Add(ref a, {layer.Name}Y + r * {layer.RowStrideName});");
            _w.Line($"ref float nr = ref Unsafe.Add(ref a, {layer.Name}Noise + r * {layer.RowStrideName});");
            using (_w.Block($"for (int o = 0; o < {layer.Layer.Units}; o++)"))
            {
                _w.Line($"float slope = _noise.NextSingle({Literals.Float(low)}, {Literals.Float(high)});");
                _w.Line("float z = Unsafe.Add(ref zr, o);");
                _w.Line("Unsafe.Add(ref nr, o) = slope;");
                _w.Line("Unsafe.Add(ref yr, o) = z > 0f ? z : z * slope;");
            }
        }
        _w.Line();
    }

    /// <summary>A vector expression used as a receiver needs parentheses unless it is a name or a call.</summary>
    private static string Wrap(string expression, SimdWidth width) =>
        width.IsScalar || IsSimple(expression) ? expression : $"({expression})";

    private static bool IsSimple(string expression)
    {
        int depth = 0;
        foreach (char c in expression)
        {
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (depth == 0 && (c == ' ' || c == '?' || c == '*' || c == '+' || c == '-'))
                return false;
        }
        return true;
    }

    /// <summary>Columns a width computes (<see cref="KernelBlocking.Columns"/>).</summary>
    private static int Columns(DensePlan layer, SimdWidth width) => KernelBlocking.Columns(layer, width);

    /// <summary>The same as C#: in a generic body, an expression in the lane count <c>L.Count</c> that the JIT folds.</summary>
    private static string ColumnsText(DensePlan layer, SimdWidth width)
    {
        if (!width.IsGeneric)
            return Columns(layer, width).ToString(System.Globalization.CultureInfo.InvariantCulture);
        int units = layer.Layer.LinearUnits;
        return KernelBlocking.WidestFor(layer.Layer) == SimdWidth.Vector512 && !layer.Layer.StoredByUnit
            ? units == layer.Stride ? $"{units}" : $"L.Count == 1 ? {units} : {layer.Stride}"
            : $"({units} + L.Count - 1) / L.Count * L.Count";
    }

    /// <summary>The vectors of <paramref name="width"/> that hold one row of a layer's units.</summary>
    private static int VectorsOf(DensePlan layer, SimdWidth width) => Columns(layer, width) / width.Width;
}
