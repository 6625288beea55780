using System.Linq;
using NetGen.Generators.Model;

namespace NetGen.Generators.Emit;

internal sealed partial class NetworkEmitter
{
    private void EmitOptimizerStep()
    {
        string clipping = _stepPlan.ClipsAsTheStepReads
            ? $"Clips the gradients ({ClippingText()}; the factor is applied as the step reads them, the buffer keeps them unclipped)"
            : $"Clips the gradient buffer ({ClippingText()})";
        _w.Line($"/// <summary>{clipping}, adds the penalties ({PenaltyText()}), then takes one {OptimizerText()} step{ScheduleText()}.</summary>");
        EmitCheckedStep();
        _w.Line();
        _w.Line("/// <summary>ApplyGradients' step itself (ApplyGradientsChecked runs it when a check is on).</summary>");
        if (_stepPlan.SplitsByRange)
        {
            EmitRangedStep();
        }
        else
        {
            using (_w.Block("private void StepParameters()"))
            {
                if (_plan.HasFrozenLayers)
                {
                    _w.Line("// The trainable layers' range: frozen layers are stored before it and never touched.");
                    _w.Line("ref float p = ref Unsafe.Add(ref _parameters.Start, TrainableStart);");
                    _w.Line("ref float g = ref Unsafe.Add(ref _gradients.Start, TrainableStart);");
                }
                else
                {
                    _w.Line("ref float p = ref _parameters.Start;");
                    _w.Line("ref float g = ref _gradients.Start;");
                }
                EmitClipping();
                EmitLearningRateOfStep();
                EmitPenalties();
                EmitUpdate(StepLength, state => $"ref {state}.Start");
            }
        }
        _w.Line();
        EmitLearningRate();
        _w.Line("/// <summary>Forgets the optimizer's state (moments, velocity, step count): the next step is like the first.</summary>");
        using (_w.Block("public void ResetOptimizerState()"))
        {
            foreach (var state in _plan.OptimizerStateFields)
                _w.Line($"{state}.Span.Clear();");
            if (_plan.CountsSteps)
                _w.Line("_step = 0;");
        }
        _w.Line();
        if (IsNewton)
            EmitNewtonStep();
    }

    /// <summary>
    /// ApplyGradients, and the opt-in checks around its step: DetectConcurrentUse (<c>ConcurrentUseGuard</c>) and
    /// CheckFiniteSteps (<c>StepBackup</c>: a copy of the parameters, the optimizer's buffers and the step count, made when
    /// the check is turned on; a step that left a parameter not finite is undone and named). Off, a step pays a branch;
    /// the checked twin holds the try/finally, so ApplyGradients stays small enough to inline.
    /// </summary>
    private void EmitCheckedStep()
    {
        string buffers = string.Join(", ", new[] { "_parameters" }.Concat(_plan.OptimizerStateFields));
        string step = _plan.CountsSteps ? "_step" : "noStepCount";
        _w.Lines($$"""
            public void ApplyGradients()
            {
                if (DetectConcurrentUse || _stepBackup is not null)
                    ApplyGradientsChecked();
                else
                    StepParameters();
            }

            /// <summary>Opt-in: a step that leaves a parameter NaN or infinite with a finite loss is undone and named (ArithmeticException). On, each step copies the state first; turning it on allocates the copy.</summary>
            public bool CheckFiniteSteps
            {
                get => _stepBackup is not null;
                set => _stepBackup = value ? _stepBackup ?? new global::NetGen.Runtime.StepBackup({{buffers}}) : null;
            }

            private global::NetGen.Runtime.StepBackup? _stepBackup;

            /// <summary>ApplyGradients with its opt-in checks.</summary>
            [MethodImpl(MethodImplOptions.NoInlining)]
            private void ApplyGradientsChecked()
            {
            {{(_plan.CountsSteps ? "" : "    long noStepCount = 0;\n")}}    bool entered = DetectConcurrentUse && ConcurrentUseGuard.Enter(ref _user, "ApplyGradients");
                try
                {
                    _stepBackup?.Save({{step}});
                    StepParameters();
                    _stepBackup?.UndoUnlessFinite(this, ref {{step}});
                }
                finally
                {
                    if (entered)
                        ConcurrentUseGuard.Exit(ref _user);
                }
            }
            """);
    }

    private void EmitLearningRateOfStep()
    {
        if (!_plan.CountsSteps)
        {
            _w.Line("float lr = (float)_learningRate;");
            return;
        }
        _w.Line(_spec.Training.Schedule.Kind == LearningRateSchedule.Constant ? "float lr = (float)_learningRate;" : "float lr = LearningRateAt(_step);");
        _w.Line("_step++;");
    }

    /// <summary>
    /// Whether a step hands each range of its storage Adam's scalars (<c>AdamStep</c>, made once a step: its step size is a
    /// double division, once a range it was three per iris step) instead of the learning rate.
    /// </summary>
    private bool RangesTakeAdamStep => _spec.Training.Optimizer is Optimizer.Adam or Optimizer.AdamW;

    /// <summary>
    /// The parameter of StepOnRange that carries the step's rate, and the local its callers pass. Adam's by reference: by
    /// value, its three floats went through the stack as two wide loads of three narrow stores (failed store forwarding,
    /// a stall a range where StepOnRange is a call, as Native AOT compiles it).
    /// </summary>
    private string RangeRateParameter => RangesTakeAdamStep ? "in AdamStep adam" : "float lr";

    private string RangeRate => RangesTakeAdamStep ? "adam" : "lr";

    /// <summary>
    /// <see cref="EmitLearningRateOfStep"/> for a step over ranges: where they take Adam's scalars, those of the step, in
    /// one line (the rate read, or the schedule's at the step count, before the count goes up).
    /// </summary>
    private void EmitRangeRateOfStep()
    {
        var t = _spec.Training;
        if (!RangesTakeAdamStep)
        {
            EmitLearningRateOfStep();
            return;
        }
        string rate = t.Schedule.Kind == LearningRateSchedule.Constant ? "(float)_learningRate" : "LearningRateAt(_step)";
        _w.Line($"var adam = AdamStep.Of({rate}, {Literals.DoubleOf(t.Beta1)}, {Literals.DoubleOf(t.Beta2)}, ++_step);");
    }

    /// <summary>The floats the step covers, from p: the whole storage, or the trainable layers' range when some are frozen.</summary>
    private string StepLength => _plan.HasFrozenLayers ? "ParameterStorage - TrainableStart" : "ParameterStorage";

    /// <summary>A storage offset constant relative to the step's p and g (which start at TrainableStart when layers are frozen).</summary>
    private string StepRelative(string constant) => _plan.HasFrozenLayers ? $"{constant} - TrainableStart" : constant;


    /// <summary>
    /// ApplyGradients as a step over a range of the storage: the whole of it on one thread, or a half on each of two.
    /// The global norm's sum of squares is split the same way, and the halves are added in a fixed order.
    /// </summary>
    private void EmitRangedStep()
    {
        using (_w.Block("private void StepParameters()"))
        {
            if (_stepPlan.ClipsByGlobalNorm)
                _w.Line($"float clip = OptimizerKernels.ClipCoefficient(SumOfGradientSquares(), {Literals.Float(_spec.Clipping.Limit)});");
            EmitRangeRateOfStep();
            string clip = _stepPlan.ClipsByGlobalNorm ? ", clip" : "";
            _w.Line("if (_worker is null)");
            _w.Line(_plan.HasFrozenLayers ? $"    StepOnRange(TrainableStart, ParameterStorage - TrainableStart, {RangeRate}{clip});" : $"    StepOnRange(0, ParameterStorage, {RangeRate}{clip});");
            _w.Line("else");
            _w.Line($"    StepInParallel({RangeRate}{clip});");
        }
        _w.Line();
        string clipParameter = _stepPlan.ClipsByGlobalNorm ? ", float clip" : "";
        _w.Line("/// <summary>The step on the storage range [start, start + length): every operation in it is element-wise.</summary>");
        using (_w.Block($"private void StepOnRange(int start, int length, {RangeRateParameter}{clipParameter})"))
        {
            _w.Line("ref float p = ref Unsafe.Add(ref _parameters.Start, start);");
            _w.Line("ref float g = ref Unsafe.Add(ref _gradients.Start, start);");
            string limit = Literals.Float(_spec.Clipping.Limit);
            if (_spec.Clipping.Kind == ClippingKind.Value)
                _w.Line($"OptimizerKernels.ClipByValue(ref g, length, {limit});");
            else if (_stepPlan.ClipsByGlobalNorm && !_stepPlan.ClipsAsTheStepReads)
            {
                _w.Line("if (clip < 1f)");
                _w.Line("    OptimizerKernels.Scale(ref g, length, clip);");
            }
            EmitPenalties("length");
            EmitUpdate("length", state => $"ref Unsafe.Add(ref {state}.Start, {StepRelative("start")})", onRange: true);
        }
    }

    private void EmitClipping()
    {
        string limit = Literals.Float(_spec.Clipping.Limit);
        switch (_spec.Clipping.Kind)
        {
            case ClippingKind.GlobalNorm when _spec.Clipping.PerLayer:
                _w.Line("// Each trainable layer's gradients (weights, bias, activation parameters) clipped by their own norm.");
                foreach (var layer in _plan.Layers.Where(layer => layer.Trainable))
                    _w.Line($"OptimizerKernels.ClipByNorm(ref Unsafe.Add(ref g, {StepRelative(layer.Name + "Weights")}), {layer.Name}End - {layer.Name}Weights, {limit});");
                break;
            case ClippingKind.GlobalNorm when _stepPlan.ClipsAsTheStepReads:
                _w.Line("// The clip factor is applied as the optimizer reads each gradient: one pass over the gradients fewer.");
                _w.Line($"float clip = OptimizerKernels.NormClipCoefficient(ref g, {StepLength}, {limit});");
                break;
            case ClippingKind.GlobalNorm:
                _w.Line($"OptimizerKernels.ClipByNorm(ref g, {StepLength}, {limit});");
                break;
            case ClippingKind.Value:
                _w.Line($"OptimizerKernels.ClipByValue(ref g, {StepLength}, {limit});");
                break;
        }
    }


    /// <summary>", gradientScale: clip" for the optimizer kernels when the clip factor travels with the step.</summary>
    private string ClipScaleArgument => _stepPlan.ClipsAsTheStepReads ? ", gradientScale: clip" : "";


    /// <summary>L2 (coupled: not for AdamW, whose decay is decoupled) and L1 penalties, added to the gradients after clipping.</summary>
    private void EmitPenalties(string? length = null)
    {
        length ??= StepLength;
        var t = _spec.Training;
        float l2 = _stepPlan.CoupledWeightDecay;
        if (l2 == 0f && t.L1 == 0f)
            return;
        string arguments = $"weightDecay: {Literals.Float(l2)}, l1: {Literals.Float(t.L1)}";
        if (t.RegularizeBias)
        {
            _w.Line($"OptimizerKernels.AddPenalties(ref p, ref g, {length}, {arguments});");
            return;
        }
        _w.Line("// Penalties on the weight matrices only (RegularizeBias = false): biases and activation parameters are left alone.");
        foreach (var block in DecayedMatrices)
        {
            string at = StepRelative(block.Constant);
            _w.Line($"OptimizerKernels.AddPenalties(ref Unsafe.Add(ref p, {at}), ref Unsafe.Add(ref g, {at}), {MatrixLength(block)}, {arguments});");
        }
    }

    /// <summary>
    /// The optimizer's update over <paramref name="length"/> floats; <paramref name="state"/> makes the reference to a state
    /// buffer's first float. <paramref name="onRange"/>: in StepOnRange, whose rate is its parameter (<see cref="RangeRateParameter"/>).
    /// </summary>
    private void EmitUpdate(string length, System.Func<string, string> state, bool onRange = false)
    {
        var t = _spec.Training;
        switch (t.Optimizer)
        {
            case Optimizer.Adam or Optimizer.AdamW:
                bool takesStep = onRange && RangesTakeAdamStep;
                if (t.Optimizer == Optimizer.AdamW && t.WeightDecay != 0f)
                    EmitDecoupledDecay(length, takesStep ? "adam.LearningRate" : "lr");
                string scalars = takesStep ? "adam" : "learningRate: lr";
                string step = takesStep ? "" : ", step: _step";
                _w.Line($"OptimizerKernels.Adam(ref p, ref g, {state("_firstMoment")}, {state("_secondMoment")}, {length},");
                _w.Line($"    {scalars}, beta1: {Literals.DoubleOf(t.Beta1)}, beta2: {Literals.DoubleOf(t.Beta2)}, epsilon: {Literals.Float(t.Epsilon)}{step}{ClipScaleArgument});");
                break;
            case Optimizer.Sgd when t.Momentum != 0f:
                _w.Line($"OptimizerKernels.SgdMomentum(ref p, ref g, {state("_velocity")}, {length}, learningRate: lr, momentum: {Literals.Float(t.Momentum)}, nesterov: {(t.Nesterov ? "true" : "false")}{ClipScaleArgument});");
                break;
            case Optimizer.Sgd:
                _w.Line($"OptimizerKernels.Sgd(ref p, ref g, {length}, learningRate: lr{ClipScaleArgument});");
                break;
            case Optimizer.AdaGrad:
                _w.Line($"OptimizerKernels.AdaGrad(ref p, ref g, {state("_squareSum")}, {length}, learningRate: lr, epsilon: {Literals.Float(t.Epsilon)});");
                break;
            case Optimizer.RmsProp:
                string average = t.Centered ? state("_gradientAverage") : "ref Unsafe.NullRef<float>()";
                string velocity = t.Momentum != 0f ? state("_velocity") : "ref Unsafe.NullRef<float>()";
                _w.Line($"OptimizerKernels.RmsProp(ref p, ref g, {state("_squareAverage")}, {average}, {velocity}, {length},");
                _w.Line($"    learningRate: lr, alpha: {Literals.DoubleOf(t.Alpha)}, epsilon: {Literals.Float(t.Epsilon)}, momentum: {Literals.Float(t.Momentum)}, centered: {(t.Centered ? "true" : "false")});");
                break;
            case Optimizer.Newton:
                _w.Line("NewtonStep(lr);");
                break;
        }
    }

    private void EmitDecoupledDecay(string length, string lr)
    {
        string decay = Literals.Float(_spec.Training.WeightDecay);
        if (_spec.Training.RegularizeBias)
        {
            _w.Line($"OptimizerKernels.Scale(ref p, {length}, 1f - {lr} * {decay}); // AdamW's decoupled decay");
            return;
        }
        _w.Line("// AdamW's decoupled decay, p *= 1 - lr·wd, on the weight matrices only (RegularizeBias = false).");
        foreach (var block in DecayedMatrices)
            _w.Line($"OptimizerKernels.Scale(ref Unsafe.Add(ref p, {StepRelative(block.Constant)}), {MatrixLength(block)}, 1f - {lr} * {decay});");
    }

    /// <summary>The tensors decayed when RegularizeBias is false: the trainable ones of two or more dimensions.</summary>
    private System.Collections.Generic.IEnumerable<ParameterBlock> DecayedMatrices => _plan.Blocks.Where(block => block.Trainable && block.IsMatrix);

    /// <summary>A stored weight matrix's length, [inputs][stride] padded to whole Vector512s (the kernels step over whole ones).</summary>
    private static string MatrixLength(ParameterBlock block) => block.StorageLength.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void EmitLearningRate()
    {
        var t = _spec.Training;
        var schedule = t.Schedule;
        string based = schedule.Kind == LearningRateSchedule.Constant ? "" : " (the base rate of the declared schedule, see <see cref=\"LearningRateAt\"/>)";
        _w.Lines($$"""
            /// <summary>The declared learning rate, where <see cref="LearningRate"/> starts.</summary>
            public const float DefaultLearningRate = {{Literals.Float(t.LearningRate)}};
            // Held in double as written (a schedule computes in double, as torch.optim.lr_scheduler does with Python floats).
            private double _learningRate = {{Literals.DoubleOf(t.LearningRate)}};

            /// <summary>
            /// The learning rate of the next steps{{based}}. Starts at <see cref="DefaultLearningRate"/>; set it between steps
            /// to try another rate without declaring another network. Not saved with the weights.
            /// </summary>
            /// <exception cref="ArgumentOutOfRangeException">Not a positive finite number; the rate is then unchanged.</exception>
            public float LearningRate
            {
                get => (float)_learningRate;
                set
                {
                    ThrowHelper.ThrowIfNotPositiveFinite(value, nameof(LearningRate));
                    _learningRate = value;
                }
            }

            """);
        if (schedule.Kind == LearningRateSchedule.Constant)
            return;
        const string lr = "_learningRate";
        switch (schedule.Kind)
        {
            case LearningRateSchedule.Step:
                EmitScheduleParameter("double", "ScheduleGamma", Literals.DoubleOf(schedule.Gamma), "ThrowIfNotInUnitInterval", "The factor the rate is multiplied by every <see cref=\"ScheduleStepSize\"/> steps, in (0, 1]");
                EmitScheduleParameter("int", "ScheduleStepSize", schedule.StepSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "ThrowIfNotPositive", "Steps between two decays, at least 1");
                break;
            case LearningRateSchedule.Exponential:
                EmitScheduleParameter("double", "ScheduleGamma", Literals.DoubleOf(schedule.Gamma), "ThrowIfNotInUnitInterval", "The factor the rate is multiplied by every step, in (0, 1]");
                break;
            case LearningRateSchedule.Cosine:
                EmitScheduleParameter("int", "ScheduleSteps", schedule.Steps.ToString(System.Globalization.CultureInfo.InvariantCulture), "ThrowIfNotPositive", "Steps from the rate down to <see cref=\"MinLearningRate\"/>, at least 1");
                EmitScheduleParameter("double", "MinLearningRate", Literals.DoubleOf(schedule.MinLearningRate), "ThrowIfNegativeOrNotFinite", "Where the cosine ends, zero or positive");
                break;
        }
        _w.Line($"/// <summary>The learning rate of the step taken after <paramref name=\"step\"/> steps: {ScheduleText().TrimStart(',', ' ')}; from <see cref=\"LearningRate\"/> and the schedule's parameters as they are now set.</summary>");
        using (_w.Block("public float LearningRateAt(long step)"))
        {
            switch (schedule.Kind)
            {
                case LearningRateSchedule.Step:
                    _w.Line($"return (float)({lr} * Math.Pow(_scheduleGamma, step / _scheduleStepSize));");
                    break;
                case LearningRateSchedule.Exponential:
                    _w.Line($"return (float)({lr} * Math.Pow(_scheduleGamma, step));");
                    break;
                case LearningRateSchedule.Cosine:
                    _w.Line("double progress = Math.Min(step, _scheduleSteps) / (double)_scheduleSteps;");
                    _w.Line($"return (float)(_minLearningRate + ({lr} - _minLearningRate) * (1 + Math.Cos(Math.PI * progress)) / 2);");
                    break;
            }
        }
        _w.Line();
    }

    /// <summary>A schedule's parameter as a settable property, starting at the declared value.</summary>
    private void EmitScheduleParameter(string type, string name, string declared, string check, string meaning)
    {
        string field = "_" + char.ToLowerInvariant(name[0]) + name.Substring(1);
        _w.Lines($$"""
            private {{type}} {{field}} = {{declared}};

            /// <summary>{{meaning}}; starts at the declared {{declared}}. Settable between steps.</summary>
            /// <exception cref="ArgumentOutOfRangeException">Out of that range; the value is then unchanged.</exception>
            public {{type}} {{name}}
            {
                get => {{field}};
                set
                {
                    ThrowHelper.{{check}}(value, nameof({{name}}));
                    {{field}} = value;
                }
            }

            """);
    }

    private string ScheduleText()
    {
        var s = _spec.Training.Schedule;
        return s.Kind switch
        {
            LearningRateSchedule.Step => $", the rate times {Literals.Float(s.Gamma)} every {s.StepSize} steps (StepLR)",
            LearningRateSchedule.Exponential => $", the rate times {Literals.Float(s.Gamma)} every step (ExponentialLR)",
            LearningRateSchedule.Cosine => $", the rate falling along a cosine to {Literals.Float(s.MinLearningRate)} over {s.Steps} steps (CosineAnnealingLR)",
            _ => "",
        };
    }

    private string ClippingText() => _spec.Clipping.Kind switch
    {
        ClippingKind.GlobalNorm when _spec.Clipping.PerLayer => $"each layer's L2 norm at most {Literals.Float(_spec.Clipping.Limit)}",
        ClippingKind.GlobalNorm => $"global L2 norm at most {Literals.Float(_spec.Clipping.Limit)}, as torch.nn.utils.clip_grad_norm_",
        ClippingKind.Value => $"each element to ±{Literals.Float(_spec.Clipping.Limit)}, as torch.nn.utils.clip_grad_value_",
        _ => "no clipping declared",
    };

    private string PenaltyText()
    {
        var t = _spec.Training;
        var parts = new System.Collections.Generic.List<string>();
        if (t.WeightDecay != 0f) parts.Add($"{(t.Optimizer == Optimizer.AdamW ? "decoupled " : "L2 ")}weight decay {Literals.Float(t.WeightDecay)}");
        if (t.L1 != 0f) parts.Add($"L1 {Literals.Float(t.L1)}");
        if (parts.Count == 0) return "none declared";
        return string.Join(", ", parts) + (t.RegularizeBias ? ", on every trainable parameter" : ", on weight matrices only");
    }

    private string OptimizerText()
    {
        var t = _spec.Training;
        string lr = Literals.Float(t.LearningRate);
        return t.Optimizer switch
        {
            Optimizer.Adam => $"Adam (lr {lr}, betas ({Literals.Float(t.Beta1)}, {Literals.Float(t.Beta2)}), eps {Literals.Float(t.Epsilon)})",
            Optimizer.AdamW => $"AdamW (lr {lr}, betas ({Literals.Float(t.Beta1)}, {Literals.Float(t.Beta2)}), eps {Literals.Float(t.Epsilon)})",
            Optimizer.AdaGrad => $"AdaGrad (lr {lr}, eps {Literals.Float(t.Epsilon)})",
            Optimizer.RmsProp => $"RMSprop (lr {lr}, alpha {Literals.Float(t.Alpha)}, eps {Literals.Float(t.Epsilon)}{(t.Momentum != 0f ? $", momentum {Literals.Float(t.Momentum)}" : "")}{(t.Centered ? ", centered" : "")})",
            Optimizer.Newton => $"damped Newton (step scale {lr}, damping from {Literals.Float(t.Damping)})",
            _ when t.Momentum != 0f => $"SGD (lr {lr}, {(t.Nesterov ? "Nesterov " : "")}momentum {Literals.Float(t.Momentum)})",
            _ => $"SGD (lr {lr})",
        };
    }

    private void EmitCanonicalOrder()
    {
        // A field, made once: a span property over `new int[] { ... }` allocates on every call in Debug builds.
        _w.Line("/// <summary>The same placement tensor by tensor (ParameterLayout): offset, rows, columns, row step, column step.</summary>");
        _w.Line($"private static readonly int[] TensorLayout = {{ {string.Join(", ", _plan.Blocks.Select(block => block.LayoutEntry()))} }};");
        _w.Line();
        _w.Line("/// <summary>Maps an index in PyTorch state_dict order to its slot in the padded, transposed storage.</summary>");
        using (_w.Block("private static int StorageIndexOf(int k)"))
        {
            var blocks = _plan.Blocks;
            for (int b = 0; b < blocks.Count; b++)
            {
                var block = blocks[b];
                string local = block.StateOffset == 0 ? "k" : $"(k - {block.StateOffset})";
                _w.Line($"// {CanonicalComment(block)}");
                string slot = block.StorageIndexOf(local);
                _w.Line(b == blocks.Count - 1 ? $"return {slot};" : $"if (k < {block.StateOffset + block.Count}) return {slot};");
            }
        }
    }

    private string CanonicalComment(ParameterBlock block)
    {
        var layer = _plan.Layers[block.Layer];
        string shape = string.Join(", ", block.Shape);
        return block.Role switch
        {
            ParameterRole.Weight => $"{layer.Name} weight [{shape}]: element (o, i) is at {(block.ByUnit ? "[o][i]" : "[i][o]")}.",
            ParameterRole.Bias => $"{layer.Name} bias [{shape}].",
            _ => $"{layer.Name} {layer.Layer.Activation} parameter [{shape}].",
        };
    }
}
