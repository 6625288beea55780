using System.Linq;
using NetGen.Generators.Model;

namespace NetGen.Generators.Emit;

/// <summary>TrainBatch with Adam's step taken inside the backward pass (<see cref="StepPlan.StepsInBackward"/>).</summary>
internal sealed partial class NetworkEmitter
{
    /// <summary>TrainBatch's first line, with targets or labels: the batch through the stepping pass when it applies.</summary>
    private string StepInBackwardLine(bool byLabels) => _stepPlan.StepsInBackward
        ? $"    if (StepsInBackward)\n        return TrainSteppingInBackward(inputs, {(byLabels ? "default, labels, byLabels: true" : HasLabels ? "targets, default, byLabels: false" : "targets")});\n"
        : "";

    private void EmitStepInBackward()
    {
        if (!_stepPlan.StepsInBackward)
            return;
        var lowest = _plan.Layers[0];
        string worker = _stepPlan.SplitsBatches ? " && _worker is null" : "";
        bool interleaves = _stepPlan.InterleavesInLowest;
        string where = interleaves
            ? $"between the rows of {lowest.Name}'s weight gradient (AdamInterleave), on Vector512, no opt-in check on"
            : "each layer's range once its backward is done, no opt-in check on";
        string rowsAndTargets = HasLabels
            ? "    int rows = byLabels ? ThrowHelper.RowsOf(inputs.Length, labels.Length, InputSize, 1, BatchSize, nameof(labels)) : ThrowHelper.RowsOf(inputs.Length, targets.Length, InputSize, OutputSize, BatchSize);\n"
              + "    if (byLabels)\n        ThrowHelper.ThrowIfLabelOutOfRange(labels, OutputSize, nameof(labels));\n"
            : "    int rows = ThrowHelper.RowsOf(inputs.Length, targets.Length, InputSize, OutputSize, BatchSize);\n";
        string targetRows = HasLabels
            ? "        ref float t = ref byLabels ? ref OneHot(labels) : ref MemoryMarshal.GetReference(targets);\n"
            : "        ref float t = ref MemoryMarshal.GetReference(targets);\n";
        var (forwardOfLabels, lossOfLabels) = ForwardAndLossOfLabels("x", "y");
        string labelsToTheLoss = _stepPlan.LossValueAfterStep
            ? "    if (byLabels && rows > 1) // the labels to the loss, as GradientsOfLabels\n"
              + "    {\n"
              + "        ref int y = ref MemoryMarshal.GetReference(labels);\n"
              + "        float scale = 1f / rows;\n"
              + $"        if (ForwardAndLossPartsOfLabels(ref x, ref y, rows, scale, ref a{TrainMode}, out float bound, out loss))\n"
              + "        {\n"
              + "            // The loss's value after the step: its log ends the pass's longest chain, and taken here it held the backward's\n"
              + "            // in-order retirement up. Below the bound the loss is finite; past it, its value is tested before the step.\n"
              + "            if (bound < UnitRowKernels.PartsBound)\n"
              + "            {\n"
              + "                BackwardStepping(ref x, rows, ref a, ref g);\n"
              + "                return scale * UnitRowKernels.SoftmaxCrossEntropyOfParts(ref _lossParts.Start, rows);\n"
              + "            }\n"
              + "            loss = UnitRowKernels.SoftmaxCrossEntropyOfParts(ref _lossParts.Start, rows);\n"
              + "        }\n"
              + "        loss *= scale;\n"
              + "    }\n"
              + "    else\n"
            : _stepPlan.LabelsReachTheLoss
            ? "    if (byLabels && rows > 1) // the labels to the loss, as GradientsOfLabels\n"
              + "    {\n"
              + "        ref int y = ref MemoryMarshal.GetReference(labels);\n"
              + "        float scale = 1f / rows;\n"
              + (forwardOfLabels.Length > 0 ? $"        {forwardOfLabels}\n" : "")
              + $"        loss = scale * {lossOfLabels};\n"
              + "    }\n"
              + "    else\n"
            : "";
        _w.Lines($$"""
            /// <summary>Whether TrainBatch steps inside backward, {{where}}{{(worker.Length > 0 ? ", one thread" : "")}}: ApplyGradients' step, bit for bit.</summary>
            private bool StepsInBackward => {{(interleaves ? "Vector512.IsHardwareAccelerated && " : "")}}!DetectConcurrentUse && _stepBackup is null{{worker}};

            /// <summary>TrainBatch stepping in backward{{(HasLabels ? ", on targets or labels" : "")}}: a loss not finite throws before anything changes.</summary>
            [MethodImpl(MethodImplOptions.NoInlining)] // as GradientsInto: a root of its own for the JIT's inlining budget
            private float TrainSteppingInBackward(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets{{(HasLabels ? ", ReadOnlySpan<int> labels, bool byLabels" : "")}})
            {
            {{rowsAndTargets}}    ref float x = ref MemoryMarshal.GetReference(inputs), a = ref _activations.Start, g = ref _gradients.Start;
                float loss;
            {{labelsToTheLoss}}    {
            {{targetRows}}        Forward(ref x, rows, ref a{{TrainMode}});
                    loss = LossOfRows(ref t, rows, withGradient: true, LossDenominator(ref t, rows), ref a);
                }
                if (!float.IsFinite(loss))
                    ThrowHelper.ThrowNonFiniteLoss(loss, inputs, targets, InputSize, OutputSize);
                BackwardStepping(ref x, rows, ref a, ref g);
                return loss;
            }

            """);
        if (!interleaves)
        {
            EmitBackwardSteppingEachLayer();
            return;
        }
        _w.Line($"/// <summary>Backward, with Adam's step over the whole storage taken in {lowest.Name}'s: the lines of Backward but the last.</summary>");
        using (_w.Block("private void BackwardStepping(ref float input, int rows, ref float a, ref float g)"))
        {
            _w.Line("ref float p = ref _parameters.Start;");
            foreach (string line in ClearSummedGradients().Split('\n').Where(line => line.Length > 0))
                _w.Line(line.Trim()); // as GradientsInto: activation parameters' gradients are summed over rows
            foreach (var layer in _plan.Layers.Reverse().Where(layer => layer.Index > 0))
                _w.Line(BackwardCall(layer));
            EmitLearningRateOfStep();
            _w.Line($"{lowest.Name}BackwardStepping(ref p, ref g, {InputOf(lowest)}, ref a, rows, ref _firstMoment.Start, ref _secondMoment.Start, lr, _step);");
        }
        _w.Line();
        EmitLowestBackwardStepping(lowest);
    }

    /// <summary>
    /// Backward with each layer's range of the storage stepped right after the layer's backward (StepOnRange) where
    /// <see cref="StepPlan.StepsEachRangeWhere"/> holds, else the whole storage after the last layer's.
    /// </summary>
    private void EmitBackwardSteppingEachLayer()
    {
        _w.Line("/// <summary>Whether BackwardStepping steps each range as its layer's backward ends (Vector512), else all of them after.</summary>");
        _w.Line($"private static bool StepsEachRange => {StepPlan.StepsEachRangeWhere};");
        _w.Line();
        _w.Line("/// <summary>Backward, each layer's range stepped once its backward is done (its gradients final, its weights read no more).</summary>");
        using (_w.Block("private void BackwardStepping(ref float input, int rows, ref float a, ref float g)"))
        {
            _w.Line("ref float p = ref _parameters.Start;");
            foreach (string line in ClearSummedGradients().Split('\n').Where(line => line.Length > 0))
                _w.Line(line.Trim()); // as GradientsInto: activation parameters' gradients are summed over rows
            EmitRangeRateOfStep();
            foreach (var layer in _plan.Layers.Reverse())
            {
                _w.Line(BackwardCall(layer));
                _w.Line(layer.Index == 0
                    ? $"if (StepsEachRange) StepOnRange(0, {layer.Name}End, {RangeRate});"
                    : $"if (StepsEachRange) StepOnRange({_plan.Layers[layer.Index - 1].Name}End, {layer.Name}End - {_plan.Layers[layer.Index - 1].Name}End, {RangeRate});");
            }
            _w.Line("if (!StepsEachRange)");
            _w.Line($"    StepOnRange(0, ParameterStorage, {RangeRate});");
        }
        _w.Line();
    }

    /// <summary>The lowest layer's backward on Vector512 with the step's vectors taken between its weight gradient's rows.</summary>
    private void EmitLowestBackwardStepping(DensePlan layer)
    {
        var width = SimdWidth.Vector512;
        string columns = ColumnsText(layer, width);
        var t = _spec.Training;
        _w.Line($"/// <summary>{layer.Name}Backward on Vector512 with Adam's step number <paramref name=\"step\"/> over the whole storage: a vector of it per row of the weight gradient's register blocks, the rest after.</summary>");
        _w.Line("[MethodImpl(MethodImplOptions.NoInlining)] // a root of its own for the JIT's inlining budget: its kernel inlines the step's vectors");
        using (_w.Block($"private static void {layer.Name}BackwardStepping(ref float p, ref float g, ref float x, int xStride, ref float a, int rows, ref float m, ref float v, float lr, long step)"))
        {
            _w.Line($"// {layer.Name}'s weights, [0, {_stepPlan.SteppedInBackwardFirst}), are stepped as the kernel finishes them; the rest of the storage first.");
            _w.Line("// Vectors whose first moment has decayed near zero wait for Finish, a bit each (subnormal arithmetic in the kernel is slow).");
            _w.Line("Span<ulong> deferred = stackalloc ulong[AdamInterleave.DeferredWords];");
            _w.Line($"var adam = new AdamInterleave(ref p, ref g, ref m, ref v, {_stepPlan.SteppedInBackwardFirst}, ParameterStorage,");
            _w.Line($"    learningRate: lr, beta1: {Literals.DoubleOf(t.Beta1)}, beta2: {Literals.DoubleOf(t.Beta2)}, epsilon: {Literals.Float(t.Epsilon)}, step: step, deferred: deferred);");
            _w.Line($"ref float d = ref Unsafe.Add(ref a, {layer.Name}Delta);");
            if (layer.ChainsActivation && KernelBlocking.DerivativeTakenAbove(_plan, layer))
                _w.Line($"// delta holds dz already: Layer{layer.Index + 1}'s input gradient took {layer.Layer.Activation}' as it stored it.");
            else if (layer.ChainsActivation)
            {
                _w.Line($"// delta becomes dz = dy ⊙ {layer.Layer.Activation}'(z), in place.");
                _w.Line($"DenseKernels.ActivationGradient<{width.LaneTypes}, {ActivationStructName(layer, width)}>(ref d, ref Unsafe.Add(ref a, {layer.Name}Z), ref Unsafe.Add(ref a, {layer.Name}Y), {layer.RowStrideName}, rows, {columns});");
            }
            if (layer.HasBias)
                _w.Line($"DenseKernels.BiasGradient<{width.LaneTypes}>(ref d, {layer.RowStrideName}, ref Unsafe.Add(ref g, {layer.Name}Bias), rows, {columns});");
            _w.Line($"DenseKernels.WeightGradient<{width.LaneTypes}, AdamInterleave, {layer.Name}Shape>(ref x, xStride, ref d, {layer.RowStrideName}, ref Unsafe.Add(ref g, {layer.Name}Weights), {layer.Name}Stride, rows, {layer.Layer.Inputs}, {columns}, ref adam);");
            _w.Line("adam.Finish();");
        }
        _w.Line();
    }
}
