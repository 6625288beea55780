using System.Linq;
using NetGen.Generators.Model;

namespace NetGen.Generators.Emit;

internal sealed partial class NetworkEmitter
{
    /// <summary>", training: false" for networks whose forward pass has a training mode.</summary>
    /// <summary>PredictBatch's whole blocks of lanes first, where the network predicts in lanes (<see cref="KernelBlocking.PredictsInLanes"/>).</summary>
    private string LanesFirst => KernelBlocking.PredictsInLanes(_plan)
        ? "\n    int done = PredictInLanes(ref MemoryMarshal.GetReference(inputs), ref MemoryMarshal.GetReference(outputs), rows);" : "";
    private string PredictBatchRuns => KernelBlocking.PredictsInLanes(_plan)
        ? $"Runs whole blocks of the machine's vector lanes with a row in each lane, the rest {_spec.Training.BatchSize} rows at a time through the batch kernels"
        : $"Runs {_spec.Training.BatchSize} rows at a time through the batch kernels";
    private string LanesStart => KernelBlocking.PredictsInLanes(_plan) ? "int start = done" : "int start = 0";
    private string PredictMode => _plan.HasTrainingMode ? ", training: false" : "";

    /// <summary>
    /// Predict's body after the length checks: through the registers when the plan allows and the machine's vectors
    /// hold the layers (<see cref="KernelBlocking.NarrowestPredictingInRegisters"/>), else the activation buffer. Printed inside a
    /// raw string at the method body's indentation, which the lines after the first take here.
    /// </summary>
    private string PredictOneSample(DensePlan output)
    {
        string throughBuffers = (KernelBlocking.PredictsThroughOneRowKernels(_plan) ? "ref float x = ref MemoryMarshal.GetReference(input);\n" + ForwardOneRowCalls("ref x") : $"Forward(ref MemoryMarshal.GetReference(input), 1{PredictMode});\n") +
            $"RowCopy.One(ref Unsafe.Add(ref _activations.Start, {output.Name}Y), ref MemoryMarshal.GetReference(output), OutputSize);";
        string body = !KernelBlocking.PredictsInRegisters(_plan) ? throughBuffers
            : "if (PredictsInRegisters)\n{\n"
              + "    PredictOneRow(ref _parameters.Start, ref MemoryMarshal.GetReference(input), ref MemoryMarshal.GetReference(output));\n"
              + "    return;\n}\n" + throughBuffers;
        return body.Replace("\n", "\n    ");
    }

    private string TrainMode => _plan.HasTrainingMode ? ", training: true" : "";


    /// <summary>GradientsInto's body: the one-row pass in registers, or forward, loss and backward through the buffers.</summary>
    private string GradientsIntoBody()
    {
        string noStep = _stepPlan.StepsInRegisters ? ", 0f, step: false" : "";
        // The constant 1 when the batch size is 1: the JIT drops the kernels' row loops once they are inlined.
        string rows = _spec.Training.BatchSize == 1 ? "1" : "rows";
        return (_stepPlan.TrainsInRegisters
                ? "    // One row (a TrainStep): every layer fits in registers, so one method and no activation buffer round trips.\n"
                  + (_spec.Training.BatchSize == 1 ? "    if (TrainsInRegisters)\n" : "    if (rows == 1 && TrainsInRegisters)\n")
                  + $"        return GradientsOfOneRow(ref _parameters.Start, ref inputs, ref targets, denominator, ref a, ref g{noStep});\n"
                : "")
            + (_spec.Training.BatchSize == 1 ? "    // BatchSize is 1, so rows is 1: as a constant, the kernels' row loops fold away.\n" : "")
            + $"    Forward(ref inputs, {rows}, ref a{TrainMode});\n"
            + $"    float loss = LossOfRows(ref targets, {rows}, withGradient: true, denominator, ref a);\n"
            + ClearSummedGradients()
            + $"    Backward(ref inputs, {rows}, ref a, ref g);\n"
            + "    return loss;\n";
    }

    /// <summary>
    /// Backward stores every weight and bias gradient (it never adds to what the buffer held), so only the
    /// activation parameters' gradients, summed over rows, start from a cleared buffer: lines for GradientsInto.
    /// </summary>
    private string ClearSummedGradients()
    {
        var lines = new System.Text.StringBuilder();
        foreach (var layer in _plan.Layers)
        {
            if (layer.HasActivationParameters && layer.Trainable)
                lines.Append($"    MemoryMarshal.CreateSpan(ref Unsafe.Add(ref g, {layer.Name}Activation), {layer.Name}End - {layer.Name}Activation).Clear(); // summed over rows\n");
        }
        return lines.ToString();
    }

    private void EmitParameterTensors()
    {
        _w.Line("/// <summary>");
        _w.Line("/// The parameter tensors in the order of <see cref=\"CopyParametersTo\"/>, named and shaped as the state_dict of the");
        _w.Line("/// equivalent PyTorch nn.Sequential (one Linear per layer, then its activation module unless Identity).");
        _w.Line("/// </summary>");
        _w.Line("public static global::System.Collections.Generic.IReadOnlyList<global::NetGen.ParameterTensor> ParameterTensors { get; } =");
        _w.Line("[");
        foreach (var tensor in _plan.Blocks)
            _w.Line($"    new({Literals.String(tensor.Name)}, {tensor.StateOffset}, [{string.Join(", ", tensor.Shape)}]{(tensor.Trainable ? "" : ", trainable: false")}),");
        _w.Line("];");
        _w.Line("global::System.Collections.Generic.IReadOnlyList<global::NetGen.ParameterTensor> global::NetGen.IPredictor.ParameterTensors => ParameterTensors;");
        _w.Line();
    }

    private void EmitApi()
    {
        EmitParameterTensors();
        var output = _plan.OutputLayer;
        _w.Lines($$"""
            int global::NetGen.IPredictor.InputSize => InputSize;
            int global::NetGen.IPredictor.OutputSize => OutputSize;
            int global::NetGen.IPredictor.ParameterCount => ParameterCount;
            int global::NetGen.IPredictor.BatchSize => BatchSize;


            /// <summary>Forward pass of one sample: <paramref name="input"/> holds {{_spec.InputSize}} features, <paramref name="output"/> receives {{_spec.OutputSize}} values.</summary>
            /// <exception cref="ArgumentException">A span has the wrong length.</exception>
            public void Predict(ReadOnlySpan<float> input, Span<float> output)
            {
                ThrowHelper.ThrowIfLengthsAreNot(input.Length, InputSize, output.Length, OutputSize, predicts: true);
                {{PredictOneSample(output)}}
            }

            /// <summary>
            /// Forward pass of any number of rows, row-major: <paramref name="inputs"/> [rows][{{_spec.InputSize}}], <paramref name="outputs"/>
            /// [rows][{{_spec.OutputSize}}]. {{PredictBatchRuns}}; allocates nothing.
            /// </summary>
            /// <exception cref="ArgumentException">The spans do not hold the same whole rows.</exception>
            public void PredictBatch(ReadOnlySpan<float> inputs, Span<float> outputs)
            {
                int rows = ThrowHelper.DataSetRowsOf(inputs.Length, outputs.Length, InputSize, OutputSize, nameof(outputs));
                ref float y = ref Unsafe.Add(ref _activations.Start, {{output.Name}}Y);{{LanesFirst}}
                for ({{LanesStart}}; start < rows; start += BatchSize)
                {
                    int count = Math.Min(BatchSize, rows - start);
                    Forward(ref Unsafe.Add(ref MemoryMarshal.GetReference(inputs), start * InputSize), count{{PredictMode}});
                    RowCopy.Packed(ref y, {{output.RowStrideName}}, outputs.Slice(start * OutputSize, count * OutputSize), count, OutputSize);
                }
            }

            /// <summary>Mean loss over 1 to {{_spec.Training.BatchSize}} rows, predicting as <see cref="Predict"/> does. Changes no parameter or gradient.</summary>
            /// <exception cref="ArgumentException">The spans do not hold the same 1 to BatchSize whole rows.</exception>
            public float ComputeLoss(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
            {
                int rows = ThrowHelper.RowsOf(inputs.Length, targets.Length, InputSize, OutputSize, BatchSize);
                Forward(ref MemoryMarshal.GetReference(inputs), rows{{PredictMode}});
                return LossOfRows(ref MemoryMarshal.GetReference(targets), rows, withGradient: false);
            }

            /// <summary>Copies the parameters in PyTorch nn.Sequential state_dict order: per layer, weight [out, in] row-major, bias [out], then the activation's parameters.</summary>
            /// <exception cref="ArgumentException"><paramref name="destination"/> does not hold exactly ParameterCount floats.</exception>
            public void CopyParametersTo(Span<float> destination)
            {
                ThrowHelper.ThrowIfLengthIsNot(destination.Length, ParameterCount, nameof(destination));
                ParameterLayout.Gather(ref _parameters.Start, destination, TensorLayout);
            }

            /// <summary>Replaces the parameters, given in the order of <see cref="CopyParametersTo"/>. The optimizer state is kept.</summary>
            /// <exception cref="ArgumentException">Wrong length, or a value that is NaN or infinite; the model is then unchanged.</exception>
            public void SetParameters(ReadOnlySpan<float> source)
            {
                ThrowHelper.ThrowIfLengthIsNot(source.Length, ParameterCount, nameof(source));
                ThrowHelper.ThrowIfNotFinite(source, nameof(source));
                ParameterLayout.Scatter(source, ref _parameters.Start, TensorLayout);
            }

            /// <summary>Writes the parameters in NetGen's weights format: versioned, with the architecture hash and a CRC-32.</summary>
            public void Save(Stream stream)
            {
                var writer = new WeightsFileWriter(stream, ArchitectureHash, ParameterCount, stackalloc byte[4096]);
                ref float p = ref _parameters.Start;
                for (int k = 0; k < ParameterCount; k++)
                    writer.Write(Unsafe.Add(ref p, StorageIndexOf(k)));
                writer.Finish();
            }

            /// <summary>Writes the parameters to a file (created, or replaced atomically: a crash midway leaves the old file whole) in NetGen's weights format, as <see cref="Save(Stream)"/>.</summary>
            public void Save(string path) => AtomicFile.Write(path, Save);

            /// <summary>Reads a network written by <see cref="Save(Stream)"/>, from where the stream is. Nothing is built unless the whole file checks out.</summary>
            /// <exception cref="InvalidDataException">Not a weights file, another format version or architecture, truncated, or corrupted.</exception>
            public static {{TypeName}} Load(Stream stream)
            {
                float[] parameters = WeightsFile.Read(stream, ArchitectureHash, ParameterCount, nameof({{TypeName}}), Architecture);
                var network = new {{TypeName}}();
                network.SetParameters(parameters);
                return network;
            }

            /// <summary>Reads a network from a file written by <see cref="Save(string)"/>.</summary>
            /// <exception cref="InvalidDataException">Not a weights file, another format version or architecture, truncated, or corrupted.</exception>
            public static {{TypeName}} Load(string path)
            {
                using var stream = File.OpenRead(path);
                return Load(stream);
            }

            /// <summary>
            /// A new network with the parameters of a safetensors file (PyTorch's state_dict names and shapes, see
            /// <see cref="ParameterTensors"/>), as <see cref="Load(string)"/> is for NetGen's format. Loading into an existing
            /// network, or only the tensors that match, is the <c>LoadSafetensors</c> extension on an instance.
            /// </summary>
            /// <exception cref="InvalidDataException">Not a safetensors file, a tensor missing or of another shape or type, or values that are not finite.</exception>
            public static {{TypeName}} LoadSafetensors(string path)
            {
                var network = new {{TypeName}}();
                global::NetGen.Safetensors.LoadSafetensors(network, path);
                return network;
            }

            """);
    }

    private void EmitTrainingApi()
    {
        _w.Lines($$"""
            /// <summary>Opt-in: a training pass or ApplyGradients overlapping another thread's use of this instance (unsupported) throws InvalidOperationException, changing nothing.</summary>
            public bool DetectConcurrentUse { get; set; }

            private int _user; // the thread using the instance while DetectConcurrentUse is on (ConcurrentUseGuard)

            /// <summary>One training step on one sample: forward, loss, backward, clipping, optimizer step. Returns the loss before the step.</summary>
            /// <exception cref="ArgumentException">A span has the wrong length.</exception>
            /// <exception cref="ArithmeticException">The loss is NaN or infinite with finite data: training diverged. The step is not taken (an input or target that is not finite is an <see cref="ArgumentException"/> naming its row and column, the step not taken either).</exception>
            public float TrainStep(ReadOnlySpan<float> input, ReadOnlySpan<float> target)
            {
                ThrowHelper.ThrowIfLengthsAreNot(input.Length, InputSize, target.Length, OutputSize, predicts: false);
                ThrowHelper.ThrowIfNotFinite(input, target, InputSize, OutputSize);
            {{OneRowStep("input", "target", "!DetectConcurrentUse && _stepBackup is null")}}    float loss = GradientsOfRows(ref MemoryMarshal.GetReference(input), ref MemoryMarshal.GetReference(target), 1);
                if (!float.IsFinite(loss))
                    ThrowHelper.ThrowNonFiniteLoss(loss, input, target, InputSize, OutputSize); // before the step: nothing changes
                ApplyGradients();
                return loss;
            }

            /// <summary>
            /// One training step on 1 to {{_spec.Training.BatchSize}} rows, row-major: <paramref name="inputs"/> [rows][{{_spec.InputSize}}],
            /// <paramref name="targets"/> [rows][{{_spec.OutputSize}}]. One step with the gradient of the mean loss; returns that loss before the step.
            /// </summary>
            /// <exception cref="ArgumentException">The spans do not hold the same 1 to BatchSize whole rows.</exception>
            /// <exception cref="ArithmeticException">The loss is NaN or infinite with finite data: training diverged. The step is not taken (an input or target that is not finite is an <see cref="ArgumentException"/> naming its row and column, the step not taken either).</exception>
            public float TrainBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
            {
                ThrowHelper.ThrowIfNotFinite(inputs, targets, InputSize, OutputSize);
            {{OneRowStep("inputs", "targets", "inputs.Length == InputSize && targets.Length == OutputSize && !DetectConcurrentUse && _stepBackup is null")}}{{StepInBackwardLine(byLabels: false)}}    float loss = ComputeGradients(inputs, targets);
                if (!float.IsFinite(loss))
                    ThrowHelper.ThrowNonFiniteLoss(loss, inputs, targets, InputSize, OutputSize); // before the step: nothing changes
                ApplyGradients();
                return loss;
            }

            /// <summary>
            /// Writes the gradient of the mean loss over 1 to {{_spec.Training.BatchSize}} rows into the gradient buffer
            /// (replacing it: no clipping, no step) and returns the loss. See <see cref="CopyGradientsTo"/>.
            /// </summary>
            /// <exception cref="ArgumentException">The spans do not hold the same 1 to BatchSize whole rows.</exception>
            public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
            {
                int rows = ThrowHelper.RowsOf(inputs.Length, targets.Length, InputSize, OutputSize, BatchSize);
                return GradientsOfRows(ref MemoryMarshal.GetReference(inputs), ref MemoryMarshal.GetReference(targets), rows);
            }

            private float GradientsOfRows(ref float inputs, ref float targets, int rows) =>
                DetectConcurrentUse ? GradientsOfRowsChecked(ref inputs, ref targets, rows) : GradientsOfRowsOnThisThread(ref inputs, ref targets, rows);

            /// <summary>GradientsOfRows with the instance taken for this thread (DetectConcurrentUse; the try/finally kept out of GradientsOfRows, which inlines).</summary>
            [MethodImpl(MethodImplOptions.NoInlining)]
            private float GradientsOfRowsChecked(ref float inputs, ref float targets, int rows)
            {
                bool entered = ConcurrentUseGuard.Enter(ref _user, "A training pass");
                try
                {
                    return GradientsOfRowsOnThisThread(ref inputs, ref targets, rows);
                }
                finally
                {
                    if (entered)
                        ConcurrentUseGuard.Exit(ref _user);
                }
            }

            private float GradientsOfRowsOnThisThread(ref float inputs, ref float targets, int rows)
            {
            {{(IsNewton ? "    RememberBatch(ref inputs, ref targets, rows);\n" : "")}}{{(_stepPlan.SplitsBatches ? "    if (_worker is not null && rows > 1)\n        return GradientsOfRowsInParallel(ref inputs, ref targets, rows);\n" : "")}}    return GradientsInto(ref inputs, ref targets, rows, LossDenominator(ref targets, rows), ref _activations.Start, ref _gradients.Start);
            }

            /// <summary>
            /// Forward, loss and backward of some rows into the activation buffer <paramref name="a"/> and the gradient buffer
            /// <paramref name="g"/> (the network's own, or a training thread's), the loss taken over <paramref name="denominator"/>.
            /// Returns the rows' part of the mean loss.
            /// </summary>
            private float GradientsInto(ref float inputs, ref float targets, int rows, float denominator, ref float a, ref float g)
            {
            {{GradientsIntoBody()}}}

            /// <summary>Copies the gradient buffer in the order of <see cref="CopyParametersTo"/>.</summary>
            /// <exception cref="ArgumentException"><paramref name="destination"/> does not hold exactly ParameterCount floats.</exception>
            public void CopyGradientsTo(Span<float> destination)
            {
                ThrowHelper.ThrowIfLengthIsNot(destination.Length, ParameterCount, nameof(destination));
                ParameterLayout.Gather(ref _gradients.Start, destination, TensorLayout);
            }

            """);
        EmitTrainOneRowInRegisters();
        EmitTrainingThreads();
        if (_plan.HasNoise)
            EmitNoiseAccessor();
        if (HasLabels)
            EmitLabelOverloads();
    }

    /// <summary>
    /// The first lines of TrainStep and TrainBatch where one row takes the fused step (<see cref="StepPlan.StepsInRegisters"/>)
    /// when <paramref name="condition"/> holds; nothing otherwise.
    /// </summary>
    private string OneRowStep(string inputs, string targets, string condition) => _stepPlan.StepsInRegisters
        ? $"    if ({condition} && TrainsInRegisters)\n        return TrainOneRowInRegisters({inputs}, {targets}); // the step taken in the gradient pass\n"
        : "";

    /// <summary>
    /// The first lines of TrainBatch with labels where one row takes the fused step: its label's one-hot row from the
    /// runtime's constant table, not written to a buffer (every layer of the in-register pass has at most 16 units, the
    /// table's limit; the condition on it is a constant to the JIT).
    /// </summary>
    private string OneRowLabelStep() => _stepPlan.StepsInRegisters
        ? "    if (inputs.Length == InputSize && labels.Length == 1 && !DetectConcurrentUse && _stepBackup is null && TrainsInRegisters)\n"
          + "    {\n"
          + "        ThrowHelper.ThrowIfLabelOutOfRange(labels, OutputSize, nameof(labels));\n"
          + "        var target = OutputSize <= OneHotRows.MaxClasses ? OneHotRows.Of(labels[0], OutputSize) : MemoryMarshal.CreateReadOnlySpan(ref OneHot(labels), OutputSize);\n"
          + "        return TrainOneRowInRegisters(inputs, target); // the step taken in the gradient pass\n"
          + "    }\n"
        : "";

    /// <summary>TrainStep and TrainBatch of one row when the step is fused into the gradient pass (<see cref="StepPlan.StepsInRegisters"/>).</summary>
    private void EmitTrainOneRowInRegisters()
    {
        if (!_stepPlan.StepsInRegisters)
            return;
        bool scheduled = _spec.Training.Schedule.Kind != LearningRateSchedule.Constant;
        _w.Lines($$"""
            /// <summary>
            /// One row's step with no opt-in check on: GradientsOfOneRow steps each parameter as its gradient is made
            /// (the gradient buffer still receives them), so ApplyGradients' pass over the buffer is not needed.
            /// </summary>
            private float TrainOneRowInRegisters(ReadOnlySpan<float> input, ReadOnlySpan<float> target)
            {
                ref float t = ref MemoryMarshal.GetReference(target);
                float loss = GradientsOfOneRow(ref _parameters.Start, ref MemoryMarshal.GetReference(input), ref t, LossDenominator(ref t, 1), ref _activations.Start, ref _gradients.Start, {{(scheduled ? "LearningRateAt(_step)" : "(float)_learningRate")}}, step: true);
                if (!float.IsFinite(loss))
                    ThrowHelper.ThrowNonFiniteLoss(loss, input, target, InputSize, OutputSize); // the step was not taken: nothing changed
            {{(_plan.CountsSteps ? "    _step++;\n" : "")}}    return loss;
            }

            """);
    }

    private void EmitNoiseAccessor()
    {
        _w.Line("/// <summary>The slopes RRelu drew in the last training pass, per RRelu layer in order, [rows][units] each, for the first <paramref name=\"rows\"/> rows.</summary>");
        using (_w.Block("public void CopyRReluSlopesTo(Span<float> destination, int rows)"))
        {
            int perRow = 0;
            foreach (var layer in _plan.Layers)
                if (layer.HasNoise) perRow += layer.Layer.Units;
            _w.Line($"ThrowHelper.ThrowIfLengthIsNot(destination.Length, rows * {perRow}, nameof(destination));");
            _w.Line("ref float a = ref _activations.Start;");
            _w.Line("int k = 0;");
            foreach (var layer in _plan.Layers)
            {
                if (!layer.HasNoise) continue;
                _w.Line($"for (int r = 0; r < rows; r++)");
                _w.Line($"    for (int o = 0; o < {layer.Layer.Units}; o++)");
                _w.Line($"        destination[k++] = Unsafe.Add(ref a, {layer.Name}Noise + r * {layer.RowStrideName} + o);");
            }
        }
        _w.Line();
    }

    private void EmitLabelOverloads()
    {
        _w.Lines($$"""
            /// <summary><see cref="TrainStep(ReadOnlySpan{float}, ReadOnlySpan{float})"/> with the target given as a class index in [0, {{_spec.OutputSize}}).</summary>
            /// <exception cref="ArgumentException">The input has the wrong length.</exception>
            /// <exception cref="ArgumentOutOfRangeException">The label is not a class index.</exception>
            public float TrainStep(ReadOnlySpan<float> input, int label)
            {
                ThrowHelper.ThrowIfLengthIsNot(input.Length, InputSize, nameof(input));
                return TrainBatch(input, MemoryMarshal.CreateReadOnlySpan(ref label, 1));
            }

            /// <summary><see cref="TrainBatch(ReadOnlySpan{float}, ReadOnlySpan{float})"/> with one class index per row.</summary>
            /// <exception cref="ArgumentException">The spans do not hold the same 1 to BatchSize rows.</exception>
            /// <exception cref="ArgumentOutOfRangeException">A label is not a class index; nothing is changed.</exception>
            /// <exception cref="ArithmeticException">The loss is NaN or infinite with finite data: training diverged. The step is not taken (an input or target that is not finite is an <see cref="ArgumentException"/> naming its row and column, the step not taken either).</exception>
            public float TrainBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
            {
                ThrowHelper.ThrowIfNotFinite(inputs, default, InputSize, OutputSize);
            {{OneRowLabelStep()}}{{StepInBackwardLine(byLabels: true)}}    float loss = ComputeGradients(inputs, labels);
                if (!float.IsFinite(loss))
                    ThrowHelper.ThrowNonFiniteLoss(loss, inputs, default, InputSize, OutputSize); // before the step: nothing changes
                ApplyGradients();
                return loss;
            }

            /// <summary><see cref="ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{float})"/> with one class index per row.</summary>
            /// <exception cref="ArgumentException">The spans do not hold the same 1 to BatchSize rows.</exception>
            /// <exception cref="ArgumentOutOfRangeException">A label is not a class index; nothing is changed.</exception>
            public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
            {
                int rows = ThrowHelper.RowsOf(inputs.Length, labels.Length, InputSize, 1, BatchSize, nameof(labels));
                ThrowHelper.ThrowIfLabelOutOfRange(labels, OutputSize, nameof(labels));
            {{LabelsToTheLoss()}}    return GradientsOfRows(ref MemoryMarshal.GetReference(inputs), ref OneHot(labels), rows);
            }

            """);
        if (_stepPlan.LabelsReachTheLoss)
            EmitGradientsOfLabels();
    }

    /// <summary>The lines of the labelled ComputeGradients that hand a batch's labels to the loss (<see cref="StepPlan.LabelsReachTheLoss"/>).</summary>
    private string LabelsToTheLoss() => _stepPlan.LabelsReachTheLoss
        ? $"    if (rows > 1 && !DetectConcurrentUse{(_stepPlan.SplitsBatches ? " && _worker is null" : "")})\n"
          + "        return GradientsOfLabels(ref MemoryMarshal.GetReference(inputs), ref MemoryMarshal.GetReference(labels), rows); // no one-hot rows\n"
        : "";

    /// <summary>GradientsInto's forward, loss and backward for rows given as class labels, into the network's own buffers.</summary>
    private void EmitGradientsOfLabels()
    {
        _w.Lines($$"""
            /// <summary>GradientsInto for rows of checked class labels: the loss takes its targets from them.</summary>
            private float GradientsOfLabels(ref float inputs, ref int labels, int rows)
            {
                ref float a = ref _activations.Start, g = ref _gradients.Start;
            {{ForwardAndLossOfLabelsLines()}}{{ClearSummedGradients()}}    Backward(ref inputs, rows, ref a, ref g);
                return loss;
            }

            """);
        if (_stepPlan.LossInOutputRegisters)
            EmitForwardAndLossOfLabels();
        if (_stepPlan.LossValueAfterStep)
            EmitForwardAndLossPartsOfLabels();
    }

    /// <summary>A labelled pass's forward and loss, each line indented for a method body: <c>scale</c> and <c>loss</c> declared.</summary>
    private string ForwardAndLossOfLabelsLines()
    {
        var (forward, loss) = ForwardAndLossOfLabels("inputs", "labels");
        return (forward.Length > 0 ? $"    {forward}\n" : "") + $"    float scale = 1f / rows, loss = scale * {loss};\n";
    }

    /// <summary>A labelled pass's forward statement (none where the loss runs it) and its loss sum's expression, over <c>a</c>, <c>rows</c> and <c>scale</c>.</summary>
    private (string Forward, string Loss) ForwardAndLossOfLabels(string inputs, string labels) => _stepPlan.LossInOutputRegisters
        ? ("", $"ForwardAndLossOfLabels(ref {inputs}, ref {labels}, rows, scale, ref a{TrainMode})")
        : ($"Forward(ref {inputs}, rows, ref a{TrainMode});", LossOfLabels(_plan.OutputLayer, labels));

    /// <summary>The runtime's softmax cross-entropy of labels over the output layer's stored logits.</summary>
    private static string LossOfLabels(DensePlan output, string labels = "labels") =>
        $"LossKernels.SoftmaxCrossEntropyOfLabels(ref Unsafe.Add(ref a, {output.Name}Y), {output.RowStrideName}, ref {labels}, OutputSize, ref Unsafe.Add(ref a, {output.Name}Delta), rows, scale, true, true)";

    /// <summary>Forward with the loss taken from the output layer's registers (<see cref="StepPlan.LossInOutputRegisters"/>).</summary>
    private void EmitForwardAndLossOfLabels()
    {
        var output = _plan.OutputLayer;
        _w.Line($"/// <summary>Forward and the softmax cross-entropy of labels, the loss kernel's sum: {output.Name}'s logits go from its registers to the loss, block by block of rows in lanes, where the runtime can; otherwise {output.Name}'s forward stores them and the loss reads them (the same bits).</summary>");
        using (_w.Block($"private float ForwardAndLossOfLabels(ref float input, ref int labels, int rows, float scale, ref float a{ModeParameter})"))
        {
            EmitForwardBelowOutput();
            _w.Line($"if (UnitRowKernels.TryLinearWithSoftmaxCrossEntropyOfLabels<{output.Name}Shape>({FusedLossArguments()}, out float loss))");
            _w.Line("    return loss;");
            _w.Line($"{output.Name}Forward(ref p, {InputOf(output)}, ref a, rows);");
            _w.Line($"return {LossOfLabels(output)};");
        }
        _w.Line();
    }

    /// <summary>TrainBatch's forward pass and its loss's parts, the value left for after the step (<see cref="StepPlan.LossValueAfterStep"/>).</summary>
    private void EmitForwardAndLossPartsOfLabels()
    {
        var output = _plan.OutputLayer;
        _w.Line($"/// <summary>Forward and the parts of the softmax cross-entropy of labels: true with {output.Name}'s loss parts in _lossParts and their bound (UnitRowKernels.TryLinearWithSoftmaxCrossEntropyPartsOfLabels); where the runtime cannot, false with the loss kernel's sum.</summary>");
        using (_w.Block($"private bool ForwardAndLossPartsOfLabels(ref float input, ref int labels, int rows, float scale, ref float a{ModeParameter}, out float bound, out float loss)"))
        {
            EmitForwardBelowOutput();
            _w.Line("loss = 0f;");
            _w.Line($"if (UnitRowKernels.TryLinearWithSoftmaxCrossEntropyPartsOfLabels<{output.Name}Shape>({FusedLossArguments()}, ref _lossParts.Start, out bound))");
            _w.Line("    return true;");
            _w.Line($"{output.Name}Forward(ref p, {InputOf(output)}, ref a, rows);");
            _w.Line($"loss = {LossOfLabels(output)};");
            _w.Line("return false;");
        }
        _w.Line();
    }

    /// <summary>The training mode's parameter of a forward method, where the network has one.</summary>
    private string ModeParameter => _plan.HasTrainingMode ? ", bool training" : "";

    /// <summary>The fused logits and loss's first lines: the parameters, then every layer's forward below the output layer.</summary>
    private void EmitForwardBelowOutput()
    {
        _w.Line("ref float p = ref _parameters.Start;");
        EmitForwardCalls(_plan.Layers.Where(layer => layer.Index < _plan.OutputLayer.Index));
    }

    /// <summary>The output layer's arguments to the fused logits and loss (UnitRowKernels): its input, weights, bias, the labels and its delta, the sizes and the scale.</summary>
    private string FusedLossArguments()
    {
        var output = _plan.OutputLayer;
        string bias = output.HasBias ? $"ref Unsafe.Add(ref p, {output.Name}Bias)" : "ref Unsafe.NullRef<float>()";
        return $"{InputOf(output)}, ref Unsafe.Add(ref p, {output.Name}Weights), {output.Name}Stride, {bias},\n"
            + $"    ref labels, ref Unsafe.Add(ref a, {output.Name}Delta), {output.RowStrideName}, rows, {output.Layer.Inputs}, {output.Layer.LinearUnits}, scale";
    }

    /// <summary>
    /// The loss and evaluation with class indices, and the one-hot buffer behind every label overload: a classifier's,
    /// trained or not (a network declared Trainable = false evaluates with labels too).
    /// </summary>
    private void EmitLabelEvaluation()
    {
        _w.Lines($$"""
            /// <summary><see cref="ComputeLoss(ReadOnlySpan{float}, ReadOnlySpan{float})"/> with one class index per row.</summary>
            /// <exception cref="ArgumentException">The spans do not hold the same 1 to BatchSize rows.</exception>
            /// <exception cref="ArgumentOutOfRangeException">A label is not a class index.</exception>
            public float ComputeLoss(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
            {
                int rows = ThrowHelper.RowsOf(inputs.Length, labels.Length, InputSize, 1, BatchSize, nameof(labels));
                ThrowHelper.ThrowIfLabelOutOfRange(labels, OutputSize, nameof(labels));
                Forward(ref MemoryMarshal.GetReference(inputs), rows{{PredictMode}});
                return LossOfRows(ref OneHot(labels), rows, withGradient: false);
            }

            /// <summary><see cref="Evaluate(ReadOnlySpan{float}, ReadOnlySpan{float})"/> with one class index per row.</summary>
            /// <exception cref="ArgumentException">The spans do not hold the same whole rows.</exception>
            /// <exception cref="ArgumentOutOfRangeException">A label is not a class index.</exception>
            public global::NetGen.Evaluation Evaluate(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
            {
                int rows = ThrowHelper.DataSetRowsOf(inputs.Length, labels.Length, InputSize, 1, nameof(labels));
                ThrowHelper.ThrowIfLabelOutOfRange(labels, OutputSize, nameof(labels));
                return EvaluateRows(inputs, default, labels, rows);
            }

            /// <summary>Writes the labels as one-hot rows into the label buffer and returns its start.</summary>
            private ref float OneHot(ReadOnlySpan<int> labels)
            {
                var targets = _labelTargets.Span.Slice(0, labels.Length * OutputSize);
                targets.Clear();
                for (int r = 0; r < labels.Length; r++)
                    targets[r * OutputSize + labels[r]] = 1f;
                return ref _labelTargets.Start;
            }

            """);
    }
}
