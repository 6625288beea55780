using NetGen.Generators.Model;

namespace NetGen.Generators.Emit;

internal sealed partial class NetworkEmitter
{
    private void EmitOptimizerStep()
    {
        var t = _spec.Training;
        _w.Line($"/// <summary>Clips the gradient buffer ({ClippingText()}), then takes one {OptimizerText()} step.</summary>");
        using (_w.Block("public void ApplyGradients()"))
        {
            _w.Line("ref float g = ref _gradients.Start;");
            switch (_spec.Clipping.Kind)
            {
                case ClippingKind.GlobalNorm:
                    _w.Line($"OptimizerKernels.ClipByNorm(ref g, ParameterStorage, {Literals.Float(_spec.Clipping.Limit)});");
                    break;
                case ClippingKind.Value:
                    _w.Line($"OptimizerKernels.ClipByValue(ref g, ParameterStorage, {Literals.Float(_spec.Clipping.Limit)});");
                    break;
            }
            string lr = Literals.Float(t.LearningRate), wd = Literals.Float(t.WeightDecay);
            if (t.Optimizer == Optimizer.Adam)
            {
                _w.Line("_step++;");
                _w.Line($"OptimizerKernels.Adam(ref _parameters.Start, ref g, ref _firstMoment.Start, ref _secondMoment.Start, ParameterStorage,");
                _w.Line($"    learningRate: {lr}, beta1: {Literals.DoubleOf(t.Beta1)}, beta2: {Literals.DoubleOf(t.Beta2)}, epsilon: {Literals.Float(t.Epsilon)}, weightDecay: {wd}, step: _step);");
            }
            else if (_plan.OptimizerStateBuffers == 1)
            {
                _w.Line($"OptimizerKernels.SgdMomentum(ref _parameters.Start, ref g, ref _velocity.Start, ParameterStorage,");
                _w.Line($"    learningRate: {lr}, momentum: {Literals.Float(t.Momentum)}, weightDecay: {wd});");
            }
            else
            {
                _w.Line($"OptimizerKernels.Sgd(ref _parameters.Start, ref g, ParameterStorage, learningRate: {lr}, weightDecay: {wd});");
            }
        }
        _w.Line();
        _w.Line("/// <summary>Forgets the optimizer's state (moments, velocity, step count): the next step is like the first.</summary>");
        using (_w.Block("public void ResetOptimizerState()"))
        {
            foreach (var state in OptimizerStateFields())
                _w.Line($"{state}.Span.Clear();");
            if (t.Optimizer == Optimizer.Adam)
                _w.Line("_step = 0;");
        }
        _w.Line();
    }

    private string ClippingText() => _spec.Clipping.Kind switch
    {
        ClippingKind.GlobalNorm => $"global L2 norm at most {Literals.Float(_spec.Clipping.Limit)}, as torch.nn.utils.clip_grad_norm_",
        ClippingKind.Value => $"each element to ±{Literals.Float(_spec.Clipping.Limit)}, as torch.nn.utils.clip_grad_value_",
        _ => "no clipping declared",
    };

    private string OptimizerText()
    {
        var t = _spec.Training;
        string decay = t.WeightDecay != 0f ? $", weight decay {Literals.Float(t.WeightDecay)}" : "";
        return t.Optimizer switch
        {
            Optimizer.Adam => $"Adam (lr {Literals.Float(t.LearningRate)}, betas ({Literals.Float(t.Beta1)}, {Literals.Float(t.Beta2)}), eps {Literals.Float(t.Epsilon)}{decay})",
            _ when t.Momentum != 0f => $"SGD (lr {Literals.Float(t.LearningRate)}, momentum {Literals.Float(t.Momentum)}{decay})",
            _ => $"SGD (lr {Literals.Float(t.LearningRate)}{decay})",
        };
    }

    private void EmitCanonicalOrder()
    {
        _w.Line("/// <summary>Maps an index in PyTorch state_dict order to its slot in the padded, transposed storage.</summary>");
        using (_w.Block("private static int StorageIndexOf(int k)"))
        {
            int start = 0;
            foreach (var layer in _plan.Layers)
            {
                var spec = layer.Layer;
                int weights = spec.Inputs * spec.Units;
                string local = start == 0 ? "k" : $"(k - {start})";
                _w.Line($"// {layer.Name} weight [{spec.Units}, {spec.Inputs}] (row o, column i) is stored at [i][o].");
                _w.Line($"if (k < {start + weights}) return {layer.Name}Weights + {local} % {spec.Inputs} * {layer.Name}Stride + {local} / {spec.Inputs};");
                start += weights;
                bool last = layer.Index == _plan.Layers.Count - 1;
                _w.Line($"// {layer.Name} bias [{spec.Units}].");
                _w.Line(last
                    ? $"return {layer.Name}Bias + (k - {start});"
                    : $"if (k < {start + spec.Units}) return {layer.Name}Bias + (k - {start});");
                start += spec.Units;
            }
        }
    }
}
