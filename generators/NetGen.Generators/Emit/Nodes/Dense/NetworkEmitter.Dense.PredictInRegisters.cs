using System.Globalization;
using System.Linq;
using NetGen.Generators.Model;

namespace NetGen.Generators.Emit;

internal sealed partial class NetworkEmitter
{
    /// <summary>
    /// One sample through every layer with each layer's outputs held in registers (<see cref="KernelBlocking.PredictsInRegisters"/>):
    /// layer 0 broadcasts its inputs from memory, every later layer broadcasts the previous layer's lanes, and only
    /// the last layer's outputs are stored, straight into the caller's span.
    /// </summary>
    private void EmitPredictInRegisters()
    {
        var output = _plan.OutputLayer;
        var narrowest = KernelBlocking.NarrowestPredictingInRegisters(_plan);
        _w.Line($"/// <summary>Whether this machine's vectors hold every layer's outputs in registers ({narrowest.Name} or wider): else one sample takes the batch kernels.</summary>");
        _w.Line($"private static bool PredictsInRegisters => {narrowest.Guard};");
        _w.Line();
        string summary = $"One sample through all {_plan.Layers.Count} layers, every layer's outputs kept in registers; writes the {_spec.OutputSize} outputs, and nothing else.";
        EmitPerWidth(summary, "PredictOneRow", "ref float p, ref float x, ref float output", "ref p, ref x, ref output", () =>
        {
            ForEachWidth(width =>
            {
                foreach (var layer in _plan.Layers)
                    EmitLayerInRegisters(layer, width);
                _w.Line(_spec.OutputSize == 1 ? "// The output, into the caller's span." : $"// The {_spec.OutputSize} outputs, into the caller's span.");
                var outputWidth = RegisterWidth(output, width);
                for (int o = 0; o < _spec.OutputSize; o++)
                {
                    string y = $"y{output.Index}_{o / outputWidth.Width}";
                    if (outputWidth.IsScalar)
                        _w.Line($"Unsafe.Add(ref output, {o}) = {y};");
                    else if (o % outputWidth.Width == 0 && o + outputWidth.Width <= _spec.OutputSize)
                    {
                        _w.Line(outputWidth.Store(y, "output", o));
                        o += outputWidth.Width - 1;
                    }
                    else
                        _w.Line($"Unsafe.Add(ref output, {o}) = {y}.GetElement({o % outputWidth.Width});");
                }
            });
        }, KernelBlocking.WidestFor(_plan), inline: true, dispatcherInline: false, narrowest: narrowest);
    }

    /// <summary>
    /// The vector a layer's registers are on the in-register path of <paramref name="path"/>: the layer's own widest
    /// (<see cref="KernelBlocking.WidestFor(DenseSpec)"/>) where the path is wider, since its weight rows are stored that
    /// wide (a 3-unit layer's are 4 floats, a Vector128 even on the Vector512 path); a one-unit dot product's, the
    /// registers it reads, narrowed to a Vector128 (it is one value on every lane: a layer above stored by unit loads its
    /// rows, a few floats, at this width).
    /// </summary>
    private SimdWidth RegisterWidth(DensePlan layer, SimdWidth path)
    {
        if (path.IsScalar)
            return path;
        if (layer.Layer.StoredByUnit)
            return SimdWidth.Vector128; // its (at most 4) units' sums, one per lane
        if (IsDotProduct(layer, path))
            return SimdWidth.Vector128;
        var own = KernelBlocking.WidestFor(layer.Layer);
        return own.Width < path.Width ? own : path;
    }

    /// <summary>z = W·x + b and y = f(z) of one layer into the registers y{layer}_k, one per vector of outputs.</summary>
    private void EmitLayerInRegisters(DensePlan layer, SimdWidth path)
    {
        var width = RegisterWidth(layer, path);
        var spec = layer.Layer;
        int count = VectorsOf(layer, width);
        bool dot = IsDotProduct(layer, width);
        string source = layer.Index == 0 ? "inputs broadcast from memory"
            : spec.StoredByUnit ? $"stored by unit: each unit Layer{layer.Index - 1}'s registers times its weight row, summed across lanes"
            : dot ? $"one unit: Layer{layer.Index - 1}'s registers times the weight column, summed across lanes"
            : $"inputs from Layer{layer.Index - 1}'s registers, lane by lane";
        _w.Line($"// {layer.Name}: {spec.Inputs} → {spec.Units} {spec.Activation}, {source}.");
        _w.Line($"ref float w{layer.Index} = ref Unsafe.Add(ref p, {layer.Name}Weights);");
        if (layer.HasBias)
            _w.Line($"ref float b{layer.Index} = ref Unsafe.Add(ref p, {layer.Name}Bias);");
        if (layer.HasActivationParameters)
            _w.Line($"ref float pa{layer.Index} = ref Unsafe.Add(ref p, {layer.Name}Activation);");
        if (spec.StoredByUnit)
            EmitUnitsInRegisters(layer, width, RegisterWidth(_plan.Layers[layer.Index - 1], path));
        else if (dot)
            EmitDotProductInRegisters(layer, RegisterWidth(_plan.Layers[layer.Index - 1], path));
        else
            EmitLinearLaneByLane(layer, width, layer.Index == 0 ? width : RegisterWidth(_plan.Layers[layer.Index - 1], path), count);
        for (int k = 0; k < count; k++)
        {
            string offset = (k * width.Width).ToString(CultureInfo.InvariantCulture);
            var terms = new ActivationTerms(width, spec, $"z{layer.Index}_{k}", Parameter: ParameterAt(layer, width, $"pa{layer.Index}", offset, constantOffset: true));
            _w.Line($"var y{layer.Index}_{k} = {spec.ActivationInfo.Forward(terms)};");
        }
    }

    private static bool IsDotProduct(DensePlan layer, SimdWidth width) => !width.IsScalar && KernelBlocking.ComputesAsDotProduct(layer);

    /// <summary>The weight column of a one-unit layer as vectors: lane j of vector k is the weight of input k·width + j.</summary>
    private static string Column(DensePlan layer, int k) => $"col{layer.Index}_{k}";

    /// <summary>
    /// z of a one-unit layer (<see cref="KernelBlocking.ComputesAsDotProduct"/>) as a dot product: the previous
    /// layer's registers times its weight column gathered into vectors col{layer}_k (zeros past the inputs, where the
    /// previous registers hold f(0) of padding), plus the bias on lane 0, summed across lanes onto every lane.
    /// </summary>
    /// <param name="width">The vector of the layer below's registers.</param>
    private void EmitDotProductInRegisters(DensePlan layer, SimdWidth width)
    {
        string l = layer.Index.ToString(CultureInfo.InvariantCulture);
        int inputs = layer.Layer.Inputs;
        for (int k = 0; k * width.Width < inputs; k++)
        {
            var lanes = Enumerable.Range(k * width.Width, width.Width)
                .Select(i => i < inputs ? $"Unsafe.Add(ref w{l}, {i * layer.Stride})" : "0f");
            _w.Line($"var {Column(layer, k)} = {width.Name}.Create({string.Join(", ", lanes)});");
            string previous = $"y{layer.Index - 1}_{k}";
            string sum = k > 0 ? $"dot{l}" : layer.HasBias ? $"{width.Name}.CreateScalar(b{l})" : width.Zero;
            _w.Line($"{(k == 0 ? "var " : "")}dot{l} = {width.MultiplyAdd(previous, Column(layer, k), sum)};");
        }
        // The sum is on every lane; the layer's registers are its lower Vector128 (free: the same register).
        string lower = width.Width == 16 ? ".GetLower().GetLower()" : width.Width == 8 ? ".GetLower()" : "";
        _w.Line($"var z{l}_0 = LaneSums.SumInEveryLane(dot{l}){lower};");
    }

    /// <summary>
    /// z of a layer stored by unit (<see cref="KernelBlocking.StoresByUnit"/>): each unit's weight row times the layer
    /// below's registers (of <paramref name="below"/>; the rows' zero padding meets their padding lanes), the up to 4
    /// sums across lanes into one Vector128 (<c>LaneSums.SumEach</c>), plus the bias. Scalar: a sum per unit.
    /// </summary>
    private void EmitUnitsInRegisters(DensePlan layer, SimdWidth width, SimdWidth below)
    {
        string l = layer.Index.ToString(CultureInfo.InvariantCulture);
        int previous = layer.Index - 1, units = layer.Layer.LinearUnits;
        if (width.IsScalar)
        {
            for (int o = 0; o < units; o++)
            {
                var terms = Enumerable.Range(0, layer.Layer.Inputs).Select(i => $"Unsafe.Add(ref w{l}, {o * layer.Stride + i}) * y{previous}_{i}");
                _w.Line($"var z{l}_{o} = {(layer.HasBias ? $"Unsafe.Add(ref b{l}, {o})" : "0f")} + {string.Join(" + ", terms)};");
            }
            return;
        }
        for (int o = 0; o < units; o++)
        {
            string? sum = null;
            for (int k = 0; k * below.Width < layer.Layer.Inputs; k++)
            {
                string row = below.Load($"w{l}", o * layer.Stride + k * below.Width);
                sum = sum is null ? $"y{previous}_{k} * {row}" : below.MultiplyAdd($"y{previous}_{k}", row, sum);
            }
            _w.Line($"var u{l}_{o} = {sum};");
        }
        string Unit(int o) => o < units ? $"u{l}_{o}" : $"{below.Name}<float>.Zero";
        // One unit: its sum and its bias on every lane, so are z, y and (training) dz: no broadcast of dz on the way back.
        string bias = !layer.HasBias ? "" : units == 1 ? $" + {width.Name}.Create(b{l})" : $" + {width.Load($"b{l}", 0)}";
        // One unit's sum on every lane takes fewer shuffles than a sum of four.
        string sums = units == 1
            ? (below.Width == 4 ? $"LaneSums.SumInEveryLane({Unit(0)})" : $"Vector128.Create({below.Name}.Sum({Unit(0)}))")
            : $"LaneSums.SumEach({Unit(0)}, {Unit(1)}, {Unit(2)}, {Unit(3)})";
        _w.Line($"var z{l}_0 = {sums}{bias};");
    }

    /// <summary>z = W·x + b with each input broadcast to every lane, in <see cref="KernelBlocking.Chains"/> interleaved sums.</summary>
    private void EmitLinearLaneByLane(DensePlan layer, SimdWidth width, SimdWidth previousWidth, int count)
    {
        var spec = layer.Layer;
        string w = $"w{layer.Index}";
        int chains = KernelBlocking.Chains(count, spec.Inputs, layer.UnrollInputs);
        string Z(int k) => $"z{layer.Index}_{k}";
        string Chain(int k, int c) => c == 0 ? Z(k) : $"{Z(k)}c{c}";
        for (int k = 0; k < count; k++)
        {
            _w.Line($"var {Z(k)} = {BiasOrZero(layer, width, $"b{layer.Index}", k * width.Width)};");
            for (int c = 1; c < chains; c++)
                _w.Line($"var {Chain(k, c)} = {width.Zero};");
        }
        if (layer.UnrollInputs)
        {
            for (int i = 0; i < spec.Inputs; i++)
            {
                string xi = $"x{layer.Index}_{i}";
                _w.Line($"var {xi} = {InputLane(layer, width, previousWidth, i)};");
                for (int k = 0; k < count; k++)
                    _w.Line($"{Chain(k, i % chains)} = {width.MultiplyAdd(xi, width.Load(w, i * layer.Stride + k * width.Width), Chain(k, i % chains))};");
            }
            for (int k = 0; k < count && chains > 1; k++)
                _w.Line(JoinChains(Z(k), chains));
        }
        else
        {
            // Only layer 0 reads more than UnrollInputLimit inputs: later layers have at most 16.
            using (_w.Block($"for (int i = 0; i < {spec.Inputs}; i++)"))
            {
                _w.Line($"var xi = {width.Broadcast("Unsafe.Add(ref x, i)")};");
                _w.Line($"ref float wi = ref Unsafe.Add(ref {w}, i * {layer.Name}Stride);");
                for (int k = 0; k < count; k++)
                    _w.Line($"{Z(k)} = {width.MultiplyAdd("xi", width.Load("wi", k * width.Width), Z(k))};");
            }
        }
    }

    /// <summary>
    /// Input <paramref name="i"/> of a layer on every lane of its <paramref name="width"/>: from memory for layer 0, else a
    /// lane of the previous layer's registers (of <paramref name="previousWidth"/>), shuffled within the narrower of the two.
    /// </summary>
    private static string InputLane(DensePlan layer, SimdWidth width, SimdWidth previousWidth, int i)
    {
        if (layer.Index == 0)
            return width.Broadcast($"Unsafe.Add(ref x, {i})");
        string previous = $"y{layer.Index - 1}_{i / previousWidth.Width}";
        if (width.IsScalar)
            return previous;
        int lane = i % previousWidth.Width;
        if (width.Width > previousWidth.Width)
            return $"{width.Name}.Create({previous}.GetElement({lane}))";
        if (width.Width < previousWidth.Width && lane < width.Width)
            return $"{width.Name}.Shuffle({previous}{Narrowing(previousWidth, width)}, {width.Name}.Create({lane}))";
        return $"{previousWidth.Name}.Shuffle({previous}, {previousWidth.Name}.Create({lane})){Narrowing(previousWidth, width)}";
    }

    /// <summary>The GetLower calls that take a vector of <paramref name="from"/> down to its first <paramref name="to"/> lanes.</summary>
    private static string Narrowing(SimdWidth from, SimdWidth to)
    {
        string calls = "";
        for (int lanes = from.Width; lanes > to.Width; lanes /= 2)
            calls += ".GetLower()";
        return calls;
    }

    /// <summary>The bias vector at <paramref name="offset"/>, or zero for a layer without bias.</summary>
    private static string BiasOrZero(DensePlan layer, SimdWidth width, string bias, int offset) =>
        layer.HasBias ? width.Load(bias, offset) : width.Zero;

    /// <summary>Adds an accumulator's partial sums (named z, zc1, zc2, zc3) into z, in pairs.</summary>
    private static string JoinChains(string z, int chains) => chains == 2
        ? $"{z} += {z}c1;"
        : $"{z} = ({z} + {z}c1) + ({z}c2{(chains == 4 ? $" + {z}c3" : "")});";
}
