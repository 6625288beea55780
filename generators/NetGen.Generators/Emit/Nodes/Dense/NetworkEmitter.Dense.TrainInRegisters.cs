using System.Linq;
using NetGen.Generators.Model;

namespace NetGen.Generators.Emit;

internal sealed partial class NetworkEmitter
{
    /// <summary>
    /// The training pass of a batch of one row with every layer's z, y and dz held in registers
    /// (<see cref="KernelBlocking.TrainsInRegisters"/>): the forward pass of <see cref="EmitPredictInRegisters"/>, the output
    /// layer's z and y stored for the loss (unless its value comes from the register), then each layer's gradients stored straight from registers and its input
    /// gradient handed to the layer below in registers.
    /// </summary>
    private void EmitTrainInRegisters()
    {
        bool step = _stepPlan.StepsInRegisters;
        string summary = $"Forward, loss and backward of one row through all {_plan.Layers.Count} layers, every layer's values kept in registers: "
            + (_plan.LossValueInRegisters ? "stores the gradients, nothing else (the loss from the output register, where the output fits one)" : "stores the output layer's z and y (for the loss) and the gradients, nothing else")
            + ". Returns the row's part of the mean loss"
            + (!step ? (RowLossWithGradient ? ", computed with the loss's gradient." : ", computed last.")
                : FusesAdam ? ". With step, also Adam's step (lr, step count _step + 1) on each gradient register as it is made, if the loss is finite (computed first)."
                : ". With step, also the SGD step p - lr·g on each gradient register as it is made, stored after the loss if it is finite.");
        EmitTrainInRegisters(summary, "GradientsOfOneRow", step);
    }

    /// <summary>
    /// The loss's value from the output register where the plan takes it there (<see cref="NetworkPlan.LossValueInRegisters"/>):
    /// what <c>LossOfRows</c> computes for one row, <c>(0 + loss of the row) · (1 / n)</c>, so the same bits (a softmax
    /// cross-entropy's row loss comes out of its gradient's kernel, <see cref="RowLoss"/>); null where the output row goes
    /// through the activation buffer.
    /// </summary>
    private string? LossValueFromRegister(DensePlan output, SimdWidth width) =>
        !_plan.LossValueInRegisters || width.IsScalar || VectorsOf(output, width) != 1 ? null
        : RowLossWithGradient ? $"(0f + {RowLoss}) * (1f / denominator)"
        : $"(0f + LossKernels.BinaryCrossEntropy(y{output.Index}_0.ToScalar(), targets)) * (1f / denominator)";

    /// <summary>Whether the plan takes a softmax cross-entropy's row loss from its gradient's kernel (where the output fits a register).</summary>
    private bool RowLossWithGradient => _plan.LossValueInRegisters && _plan.LossGradientInRegisters == RegisterLossGradient.SoftmaxCrossEntropy;

    /// <summary>The row's unscaled softmax cross-entropy, an out variable of the register gradient's kernel.</summary>
    private const string RowLoss = "rowLoss";

    /// <summary>The loss value's expression of the width being emitted (<see cref="LossValueFromRegister"/>), or null.</summary>
    private string? _lossValue;

    /// <summary>The one row's loss value: from the register, or <c>LossOfRows</c> over the activation buffer.</summary>
    private string LossValue => _lossValue ?? "LossOfRows(ref targets, 1, withGradient: false, denominator, ref a)";

    /// <summary>The new parameters' stores of the fused SGD step (<see cref="StepPlan.StepsInRegisters"/>), printed after the loss; null outside it.</summary>
    private System.Collections.Generic.List<string>? _stepStores;

    /// <summary>In the fused Adam step: each gradient register steps its parameters and moments at once, under <c>if (stepping)</c>.</summary>
    private bool _adamInRegisters;

    private bool FusesAdam => _spec.Training.Optimizer is Optimizer.Adam or Optimizer.AdamW;

    private void EmitTrainInRegisters(string summary, string name, bool step)
    {
        var output = _plan.OutputLayer;
        var narrowest = KernelBlocking.NarrowestTrainingInRegisters(_plan);
        _w.Line($"/// <summary>Whether this machine's vectors hold every layer's values for training in registers ({narrowest.Name} or wider): else one row takes the batch kernels.</summary>");
        _w.Line($"private static bool TrainsInRegisters => {narrowest.Guard};");
        _w.Line();
        if (step && FusesAdam)
            EmitAdamHyperparameters();
        string lr = step ? ", float lr, bool step" : "", lrArgument = step ? ", lr, step" : "";
        EmitPerWidth(summary, name,
            $"ref float p, ref float x, ref float targets, float denominator, ref float a, ref float g{lr}",
            $"ref p, ref x, ref targets, denominator, ref a, ref g{lrArgument}", () =>
            {
                ForEachWidth(width =>
                {
                    foreach (var layer in _plan.Layers)
                        EmitLayerInRegisters(layer, width);
                    var outputWidth = RegisterWidth(output, width);
                    _lossValue = LossValueFromRegister(output, outputWidth);
                    if (_lossValue is null)
                        EmitOutputRowForTheLoss(output, outputWidth);
                    if (!EmitLossGradientInRegisters(output, outputWidth))
                    {
                        _w.Line("LossOfRows(ref targets, 1, withGradient: true, denominator, ref a, withValue: false);");
                        _w.Line($"ref float delta = ref Unsafe.Add(ref a, {output.Name}Delta);");
                        for (int k = 0; k < VectorsOf(output, outputWidth); k++)
                            _w.Line($"var {Dz(output, k)} = {outputWidth.Load("delta", k * outputWidth.Width)};");
                    }
                    _stepStores = step && !FusesAdam ? new() : null;
                    _adamInRegisters = step && FusesAdam;
                    _steppedCount = 0; // each width's method numbers its stepped registers from 0
                    _adamStored = _adamInRegisters && KernelBlocking.StepsStoredGradients(_plan, width) ? new() : null;
                    if (_adamInRegisters)
                        EmitAdamInRegistersPrologue(width);
                    foreach (var layer in _plan.Layers.Where(layer => layer.RunsBackward).Reverse())
                    {
                        EmitLayerBackwardInRegisters(layer, width);
                        // Adam's updates of the layer after its input gradient, which reads the weights before the step.
                        foreach (string line in _adamUpdates)
                            _w.Line(line);
                        _adamUpdates.Clear();
                    }
                    if (_adamInRegisters)
                    {
                        _adamInRegisters = false;
                        if (_adamStored is { } stored)
                            EmitAdamStepsOfStored(stored, width);
                        _adamStored = null;
                        if (!width.IsScalar)
                            _w.Line($"if (stepping) adam.Finish(ref g, ref m, ref v, {width.Width}); // the vectors whose first moments are near zero");
                        _w.Line("return loss;");
                        return;
                    }
                    if (_stepStores is { } stores)
                    {
                        _stepStores = null;
                        _w.Line("// The loss's value, then the step: nothing changes unless it is finite (TrainBatch then throws).");
                        _w.Line($"float loss = {LossValue};");
                        using (_w.Block("if (step && float.IsFinite(loss))"))
                            foreach (string store in stores)
                                _w.Line(store);
                        _w.Line("return loss;");
                        return;
                    }
                    if (_lossValue is null || !RowLossWithGradient)
                        _w.Line("// The loss's value last: no vector registers are live across its log calls, which would have to spill them.");
                    _w.Line($"return {LossValue};");
                });
            }, KernelBlocking.WidestFor(_plan), inline: true, dispatcherInline: false, returnType: "float", isStatic: false,
            narrowest: narrowest);
    }

    /// <summary>
    /// A gradient's store into the gradient buffer (<paramref name="gradient"/> is gw{l} or gb{l}); in the fused step, also
    /// the new parameter <c>p - lr·g</c> from the parameter at the same offset (w{l} or b{l}), its store kept for after the loss.
    /// </summary>
    private void EmitGradientStore(SimdWidth width, string value, string gradient, int offset)
    {
        if (_adamInRegisters)
        {
            EmitAdamInRegisters(width, value, gradient, offset);
            return;
        }
        if (_stepStores is null)
        {
            _w.Line(width.Store(value, gradient, offset));
            return;
        }
        string name = $"stepped{_steppedCount++}", parameter = gradient.Substring(1);
        _w.Line($"var {name}Gradient = {value};");
        _w.Line(width.Store($"{name}Gradient", gradient, offset));
        // p + (-lr)·g as OptimizerKernels.Sgd computes it.
        _w.Line($"var {name} = {MultiplyAddAsKernel(width, width.IsScalar ? "-lr" : width.Broadcast("-lr"), $"{name}Gradient", width.Load(parameter, offset))};");
        _stepStores.Add(width.Store(name, parameter, offset));
    }

    /// <summary>
    /// The fused Adam step's start: the loss's value first (the step is taken only if it is finite; the registers the
    /// backward needs are spilled across its call, the parameters' new values are not), then Adam's constants for step
    /// <c>_step + 1</c> (the runtime's <c>AdamRegisterStep</c>, as <c>OptimizerKernels.Adam</c> computes them), and the moments' buffers.
    /// </summary>
    private void EmitAdamInRegistersPrologue(SimdWidth width)
    {
        _w.Line("// The loss's value first: the step below is taken only if it is finite (TrainBatch then throws, nothing changed).");
        _w.Line($"float loss = {LossValue};");
        _w.Line("bool stepping = step && float.IsFinite(loss);");
        _w.Line("// Adam's step _step + 1, its constants and arithmetic as OptimizerKernels.Adam's, bit for bit; a bit per vector whose first");
        _w.Line("// moment is near zero, stepped by Finish after the last update.");
        string deferred = width.IsScalar ? "default" : "deferred";
        if (!width.IsScalar)
            _w.Line($"Span<ulong> deferred = stackalloc ulong[AdamRegisterStep<AdamHyperparameters>.DeferredWords(ParameterStorage, {width.Width})];");
        _w.Line($"var adam = stepping ? new AdamRegisterStep<AdamHyperparameters>(lr, _step + 1, ref p, {deferred}) : default;");
        _w.Line("ref float m = ref _firstMoment.Start;");
        _w.Line("ref float v = ref _secondMoment.Start;");
    }

    /// <summary>The declared betas and epsilon as the type constants of the fused step's <c>AdamRegisterStep</c>.</summary>
    private void EmitAdamHyperparameters()
    {
        var t = _spec.Training;
        _w.Line("/// <summary>Adam's hyperparameters, constants of the one-row pass's step (AdamRegisterStep).</summary>");
        using (_w.Block("private readonly struct AdamHyperparameters : IAdamHyperparameters"))
        {
            _w.Line($"public static double Beta1 => {Literals.DoubleOf(t.Beta1)};");
            _w.Line($"public static double Beta2 => {Literals.DoubleOf(t.Beta2)};");
            _w.Line($"public static float Epsilon => {Literals.Float(t.Epsilon)};");
        }
        _w.Line();
    }

    /// <summary>A gradient register's store, then (if the loss is finite) Adam's update of its moments and parameters.</summary>
    private void EmitAdamInRegisters(SimdWidth width, string value, string gradient, int offset)
    {
        string name = $"stepped{_steppedCount++}", parameter = gradient.Substring(1);
        string g = $"{name}Gradient";
        _w.Line($"var {g} = {value};");
        _w.Line(width.Store(g, gradient, offset));
        if (_adamStored is not null && !width.IsScalar)
            _adamStored.Add((parameter, offset, width.Width));
        else
            _adamUpdates.Add($"if (stepping) adam.Update({g}, ref {parameter}, ref m{parameter}, ref v{parameter}, {offset});");
    }

    /// <summary>
    /// The fused step's vectors taken from the gradient buffer after the backward (<see cref="KernelBlocking.StepsStoredGradients"/>),
    /// in the order the pass made them: each run of consecutive vectors of a tensor one loop.
    /// </summary>
    private void EmitAdamStepsOfStored(System.Collections.Generic.List<(string Parameter, int Offset, int Lanes)> stored, SimdWidth width)
    {
        _w.Line("// Adam's step on the gradients as stored, a loop a tensor: an update per register would outgrow what the JIT inlines.");
        for (int start = 0; start < stored.Count;)
        {
            var (parameter, offset, lanes) = stored[start];
            int end = start + 1;
            while (end < stored.Count && stored[end].Parameter == parameter && stored[end].Offset == stored[end - 1].Offset + lanes)
                end++;
            _w.Line($"if (stepping) adam.StepStored(ref g{parameter}, ref {parameter}, ref m{parameter}, ref v{parameter}, {offset}, {end - start}, {lanes});");
            start = end;
        }
    }

    /// <summary>The fused step's vectors to step from the buffer after the backward (tensor, offset, lanes), or null where each register is updated as it is made.</summary>
    private System.Collections.Generic.List<(string Parameter, int Offset, int Lanes)>? _adamStored;

    /// <summary>
    /// <c>a·b + c</c> as the optimizer kernels' <c>MultiplyAdd</c>: fused where the CPU has FMA. A lane stored on its own (a
    /// one-unit layer's weights) takes <c>float.MultiplyAddEstimate</c>, fused wherever the vector kernel's is.
    /// </summary>
    private static string MultiplyAddAsKernel(SimdWidth width, string a, string b, string c) =>
        width.IsScalar ? $"float.MultiplyAddEstimate({a}, {b}, {c})" : width.MultiplyAdd(a, b, c);

    /// <summary>The fused step's registers so far in the width's method: their names' numbers.</summary>
    private int _steppedCount;

    /// <summary>The fused Adam updates of the layer being emitted, printed after its input gradient.</summary>
    private readonly System.Collections.Generic.List<string> _adamUpdates = new();

    /// <summary>
    /// A gradient buffer reference of the in-register backward; in the fused Adam step, the moments' references of the
    /// same parameters. The moments' buffers hold the trainable parameters only, from <c>TrainableStart</c> (frozen layers
    /// are stored first): their offsets are the storage offset less it (<see cref="StepRelative"/>), as the batch step's.
    /// </summary>
    private void DeclareGradientReference(string name, string constant)
    {
        _w.Line($"ref float {name} = ref Unsafe.Add(ref g, {constant});");
        if (!_adamInRegisters)
            return;
        _w.Line($"ref float m{name.Substring(1)} = ref Unsafe.Add(ref m, {StepRelative(constant)});");
        _w.Line($"ref float v{name.Substring(1)} = ref Unsafe.Add(ref v, {StepRelative(constant)});");
    }

    private static string Dz(DensePlan layer, int k) => $"d{layer.Index}_{k}";

    /// <summary>
    /// The output layer's dz straight from its y register by the runtime's one-register loss gradient
    /// (<see cref="NetworkPlan.LossGradientInRegisters"/>), when its outputs fit one vector; false where the loss loop
    /// writes it instead.
    /// </summary>
    private bool EmitLossGradientInRegisters(DensePlan output, SimdWidth width)
    {
        var kind = _plan.LossGradientInRegisters;
        _outputDzInEveryLane = false;
        if (kind == RegisterLossGradient.None || width.IsScalar || VectorsOf(output, width) != 1)
            return false;
        string y = $"y{output.Index}_0";
        if (kind != RegisterLossGradient.SoftmaxCrossEntropy && HasItsOneUnitInEveryLane(output, width))
        {
            _outputDzInEveryLane = true;
            string factor = kind == RegisterLossGradient.Difference ? "1f / denominator" : "2f * (1f / denominator)";
            _w.Line("// The loss's gradient from the register, as LossOfRows computes it (its value comes last), on every lane as y is.");
            _w.Line($"var {Dz(output, 0)} = LossKernels.DifferenceGradientInEveryLane<{width.LaneTypes}>({y}, ref targets, {factor});");
            return true;
        }
        string call = kind switch
        {
            RegisterLossGradient.SoftmaxCrossEntropy => $"LossKernels.SoftmaxCrossEntropyGradient<{width.LaneTypes}>({y}, ref targets, OutputSize, 1f / denominator, out float {RowLoss})",
            RegisterLossGradient.Difference => $"LossKernels.DifferenceGradient<{width.LaneTypes}>({y}, ref targets, OutputSize, 1f / denominator)",
            _ => $"LossKernels.DifferenceGradient<{width.LaneTypes}>({y}, ref targets, OutputSize, 2f * (1f / denominator))",
        };
        _w.Line(kind == RegisterLossGradient.SoftmaxCrossEntropy
            ? "// The loss's gradient and the row's loss from the register, as LossOfRows computes them."
            : "// The loss's gradient from the register, as LossOfRows computes it (its value comes last).");
        _w.Line($"var {Dz(output, 0)} = {call};");
        return true;
    }

    /// <summary>
    /// Whether a layer's one unit is on every lane of its register: its sum across lanes (stored by unit, or a dot
    /// product) plus its bias broadcast, then an elementwise activation. Its dz then is too, and its backward takes dz
    /// as it is instead of broadcasting lane 0 (a one-output network's chain from y to the updates, xor's step).
    /// </summary>
    private static bool HasItsOneUnitInEveryLane(DensePlan layer, SimdWidth width) =>
        layer.Layer.LinearUnits == 1 && layer.Layer.OutputWidth == 1 && (layer.Layer.StoredByUnit || IsDotProduct(layer, width));

    /// <summary>Whether the output layer's dz register holds its one unit's dz on every lane (<see cref="HasItsOneUnitInEveryLane"/>), padding included.</summary>
    private bool _outputDzInEveryLane;

    /// <summary>The register of a one-unit layer's dz for what is stored (its bias gradient): lane 0, zeros after it, where dz is on every lane.</summary>
    private string StoredDz(DensePlan layer, SimdWidth width, int k) =>
        layer.Index == _plan.OutputLayer.Index && _outputDzInEveryLane ? $"{width.Name}.CreateScalar({Dz(layer, k)}.ToScalar())" : Dz(layer, k);

    /// <summary>A one-unit layer's dz on every lane of <paramref name="width"/>: the register itself where it already is, else lane 0 broadcast.</summary>
    private string DzOnEveryLane(DensePlan layer, SimdWidth width) =>
        layer.Index == _plan.OutputLayer.Index && _outputDzInEveryLane && width.Width == 4 ? Dz(layer, 0) : $"{width.Name}.Create({Dz(layer, 0)}.ToScalar())";

    /// <summary>The output layer's z and y into the activation buffer, where the loss reads them.</summary>
    private void EmitOutputRowForTheLoss(DensePlan output, SimdWidth width)
    {
        _w.Line($"// The loss reads {output.Name}'s z and y from the activation buffer.");
        _w.Line($"ref float zOut = ref Unsafe.Add(ref a, {output.Name}Z);");
        _w.Line($"ref float yOut = ref Unsafe.Add(ref a, {output.Name}Y);");
        for (int k = 0; k < VectorsOf(output, width); k++)
        {
            _w.Line(width.Store($"z{output.Index}_{k}", "zOut", k * width.Width));
            _w.Line(width.Store($"y{output.Index}_{k}", "yOut", k * width.Width));
        }
    }

    /// <summary>
    /// One layer's backward from its dy registers: dz = dy ⊙ f'(z) (unless the loss fused it), db = dz and
    /// dW[i] = x_i dz stored (not for a frozen layer; no db without a bias), and dx = W dz into the layer below's dy
    /// registers (when something below learns).
    /// </summary>
    private void EmitLayerBackwardInRegisters(DensePlan layer, SimdWidth path)
    {
        var width = RegisterWidth(layer, path);
        var spec = layer.Layer;
        int count = VectorsOf(layer, width);
        string l = layer.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string gradients = !layer.Trainable ? "frozen: no parameter gradients" : layer.HasBias ? "db = dz, dW[i] = x_i dz" : "dW[i] = x_i dz (no bias)";
        _w.Line($"// {layer.Name} backward: {(layer.ChainsActivation ? $"dz = dy ⊙ {spec.Activation}'(z)" : "dz from the loss")}; {gradients}{(layer.SendsInputGradient ? $"; Layer{layer.Index - 1}'s dy = W dz" : "")}.");
        if (layer.ChainsActivation)
            for (int k = 0; k < count; k++)
            {
                var terms = new ActivationTerms(width, spec, $"z{l}_{k}", $"y{l}_{k}", Dz(layer, k));
                _w.Line($"{Dz(layer, k)} = {Wrap(spec.ActivationInfo.Backward!(terms), width)};");
            }
        bool storesBias = layer.Trainable && layer.HasBias;
        if (storesBias)
            DeclareGradientReference($"gb{l}", $"{layer.Name}Bias");
        if (layer.Trainable)
            DeclareGradientReference($"gw{l}", $"{layer.Name}Weights");
        for (int k = 0; k < count && storesBias; k++)
            EmitGradientStore(width, StoredDz(layer, width, k), $"gb{l}", k * width.Width);
        if (spec.StoredByUnit)
        {
            EmitUnitsBackwardInRegisters(layer, width, RegisterWidth(_plan.Layers[layer.Index - 1], path));
            return;
        }
        if (IsDotProduct(layer, width))
        {
            EmitDotProductBackward(layer, RegisterWidth(_plan.Layers[layer.Index - 1], path));
            return;
        }
        if (layer.Trainable && layer.UnrollInputs)
        {
            // Each input on every lane again, as the forward pass made it: kept from there, they were live across the
            // loss's call, which spilled them all to the stack (no vector register survives a call).
            var previousWidth = layer.Index == 0 ? width : RegisterWidth(_plan.Layers[layer.Index - 1], path);
            for (int i = 0; i < spec.Inputs; i++)
                for (int k = 0; k < count; k++)
                    EmitGradientStore(width, $"({InputLane(layer, width, previousWidth, i)} * {Dz(layer, k)})", $"gw{l}", i * layer.Stride + k * width.Width);
        }
        else if (layer.Trainable)
        {
            using (_w.Block($"for (int i = 0; i < {spec.Inputs}; i++)"))
            {
                _w.Line($"var xi = {width.Broadcast("Unsafe.Add(ref x, i)")};");
                _w.Line($"ref float gwi = ref Unsafe.Add(ref gw{l}, i * {layer.Name}Stride);");
                for (int k = 0; k < count; k++)
                    _w.Line(width.Store($"(xi * {Dz(layer, k)})", "gwi", k * width.Width));
            }
        }
        if (layer.SendsInputGradient)
            EmitInputGradientInRegisters(layer, _plan.Layers[layer.Index - 1], width, RegisterWidth(_plan.Layers[layer.Index - 1], path));
    }

    /// <summary>
    /// The weight gradients and the layer below's dy of a layer stored by unit, with dz in the lanes of a Vector128: each
    /// unit's dz on every lane of the layer below's width (<paramref name="below"/>), times its registers for the unit's
    /// weight row (their padding lanes masked to zero: the row's padding gets no gradient) and times the weight row
    /// for dy.
    /// </summary>
    private void EmitUnitsBackwardInRegisters(DensePlan layer, SimdWidth width, SimdWidth below)
    {
        string l = layer.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var lower = _plan.Layers[layer.Index - 1];
        int inputs = layer.Layer.Inputs, units = layer.Layer.LinearUnits;
        if (width.IsScalar)
        {
            for (int o = 0; o < units && layer.Trainable; o++)
                for (int i = 0; i < inputs; i++)
                    EmitGradientStore(width, $"{Dz(layer, o)} * y{lower.Index}_{i}", $"gw{l}", o * layer.Stride + i);
            for (int i = 0; i < inputs && layer.SendsInputGradient; i++)
                _w.Line($"var {Dz(lower, i)} = {string.Join(" + ", Enumerable.Range(0, units).Select(o => $"Unsafe.Add(ref w{l}, {o * layer.Stride + i}) * {Dz(layer, o)}"))};");
            return;
        }
        for (int o = 0; o < units; o++)
            _w.Line($"var dzUnit{l}_{o} = {(units == 1 ? DzOnEveryLane(layer, below) : $"{below.Name}.Create({Dz(layer, 0)}.GetElement({o}))")};");
        for (int o = 0; o < units && layer.Trainable; o++)
            for (int k = 0; k * below.Width < inputs; k++)
            {
                string product = $"dzUnit{l}_{o} * y{lower.Index}_{k}";
                int valid = inputs - k * below.Width;
                if (valid < below.Width)
                    product = $"{below.Name}.ConditionalSelect({below.Name}.LessThan({below.Name}<int>.Indices, {below.Name}.Create({valid})).AsSingle(), {product}, {below.Name}<float>.Zero)";
                EmitGradientStore(below, $"({product})", $"gw{l}", o * layer.Stride + k * below.Width);
            }
        for (int k = 0; k < VectorsOf(lower, below) && layer.SendsInputGradient; k++)
        {
            string? sum = null;
            for (int o = 0; o < units; o++)
            {
                string row = below.Load($"w{l}", o * layer.Stride + k * below.Width);
                sum = sum is null ? $"dzUnit{l}_{o} * {row}" : below.MultiplyAdd($"dzUnit{l}_{o}", row, sum);
            }
            _w.Line($"var {Dz(lower, k)} = {sum};");
        }
    }

    /// <summary>
    /// The weight gradients and the layer below's dy of a one-unit layer computed as a dot product: with dz on every
    /// lane, x·dz holds dW[i] = x_i dz in lane i (stored lane by lane into the rows; their padding stays zero), and
    /// the weight column times dz is dy, zero past the inputs.
    /// </summary>
    /// <param name="width">The vector of the layer below's registers (this layer's own are a Vector128).</param>
    private void EmitDotProductBackward(DensePlan layer, SimdWidth width)
    {
        string l = layer.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var below = _plan.Layers[layer.Index - 1];
        int inputs = layer.Layer.Inputs;
        _w.Line($"var dzAll{l} = {DzOnEveryLane(layer, width)};");
        for (int k = 0; k * width.Width < inputs && layer.Trainable; k++)
        {
            _w.Line($"var xdz{l}_{k} = y{below.Index}_{k} * dzAll{l};");
            for (int i = k * width.Width; i < System.Math.Min(inputs, (k + 1) * width.Width); i++)
                EmitGradientStore(SimdWidth.Scalar, $"xdz{l}_{k}.GetElement({i - k * width.Width})", $"gw{l}", i * layer.Stride);
        }
        // The layer below may hold more vectors than this layer's inputs fill (its row padded to a wider path's vector):
        // those have no weight column, and their dy is zero.
        for (int m = 0; m < VectorsOf(below, width) && layer.SendsInputGradient; m++)
            _w.Line(m * width.Width < inputs ? $"var {Dz(below, m)} = {Column(layer, m)} * dzAll{l};" : $"var {Dz(below, m)} = {width.Zero};");
    }

    /// <summary>
    /// dx[i] = Σ_o W[i][o] dz[o] for the layer below, as its dy registers: one accumulator per input over this layer's
    /// vectors, summed across lanes four inputs at a time (<c>LaneSums.SumEach</c>), as the batch kernels do, or sixteen
    /// at a time where both widths are Vector512 (the same bits); the sums make the below layer's registers, of
    /// <paramref name="belowWidth"/>.
    /// </summary>
    private void EmitInputGradientInRegisters(DensePlan layer, DensePlan below, SimdWidth width, SimdWidth belowWidth)
    {
        int count = VectorsOf(layer, width), inputs = layer.Layer.Inputs;
        string l = layer.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (width.IsScalar)
        {
            for (int i = 0; i < inputs; i++)
            {
                string sum = string.Join(" + ", Enumerable.Range(0, count).Select(o => $"Unsafe.Add(ref w{l}, {i * layer.Stride + o}) * {Dz(layer, o)}"));
                _w.Line($"var {Dz(below, i)} = {sum};");
            }
            return;
        }
        for (int i = 0; i < inputs; i++)
        {
            string products = $"{width.Name}<float>.Zero";
            for (int k = 0; k < count; k++)
                products = width.MultiplyAdd(width.Load($"w{l}", i * layer.Stride + k * width.Width), Dz(layer, k), products);
            _w.Line($"var s{l}_{i} = {products};");
        }
        string Sum(int i) => i < inputs ? $"s{l}_{i}" : $"{width.Name}<float>.Zero";
        if (width.Width == 16 && belowWidth.Width == 16)
        {
            // Sixteen inputs at once, a vector of the layer below each: the same sums in about half the shuffles.
            for (int m = 0; m < VectorsOf(below, belowWidth); m++)
                _w.Line($"var {Dz(below, m)} = LaneSums.SumEach({string.Join(", ", Enumerable.Range(16 * m, 16).Select(Sum))});");
            return;
        }
        int quarters = (inputs + 3) / 4;
        for (int q = 0; q < quarters; q++)
            _w.Line($"var q{l}_{q} = LaneSums.SumEach({Sum(4 * q)}, {Sum(4 * q + 1)}, {Sum(4 * q + 2)}, {Sum(4 * q + 3)});");
        string Quarter(int q) => q < quarters ? $"q{l}_{q}" : "Vector128<float>.Zero";
        for (int m = 0; m < VectorsOf(below, belowWidth); m++)
        {
            string dy = belowWidth.Width switch
            {
                4 => Quarter(m),
                8 => $"Vector256.Create({Quarter(2 * m)}, {Quarter(2 * m + 1)})",
                _ => $"Vector512.Create(Vector256.Create({Quarter(4 * m)}, {Quarter(4 * m + 1)}), Vector256.Create({Quarter(4 * m + 2)}, {Quarter(4 * m + 3)}))",
            };
            _w.Line($"var {Dz(below, m)} = {dy};");
        }
    }
}
