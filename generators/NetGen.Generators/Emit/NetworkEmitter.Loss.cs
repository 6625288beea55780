using System;
using NetGen.Generators.Model;

namespace NetGen.Generators.Emit;

internal sealed partial class NetworkEmitter
{
    private void EmitLoss()
    {
        var output = _plan.OutputLayer;
        bool perElement = _spec.Training.Loss != Loss.CrossEntropy;
        _w.Line($"/// <summary>{LossSummary()}</summary>");
        using (_w.Block("private float LossOfRows(ref float targets, int rows, bool withGradient)"))
        {
            _w.Line("ref float a = ref _activations.Start;");
            _w.Line("float total = 0f;");
            _w.Line(perElement
                ? "float scale = 1f / (rows * OutputSize); // the mean runs over every element"
                : "float scale = 1f / rows; // the mean runs over rows");
            using (_w.Block("for (int r = 0; r < rows; r++)"))
            {
                _w.Line("ref float t = ref Unsafe.Add(ref targets, r * OutputSize);");
                _w.Line($"ref float y = ref Unsafe.Add(ref a, {output.Name}Y + r * {output.Name}Stride);");
                _w.Line($"ref float d = ref Unsafe.Add(ref a, {output.Name}Delta + r * {output.Name}Stride);");
                switch (_spec.Training.Loss)
                {
                    case Loss.MeanSquaredError: EmitMeanSquaredError(); break;
                    case Loss.BinaryCrossEntropy: EmitBinaryCrossEntropy(); break;
                    case Loss.CrossEntropy: EmitCrossEntropy(output); break;
                    default: throw new InvalidOperationException($"No emitter for loss {_spec.Training.Loss}.");
                }
                if (_plan.OutputGradient == OutputGradientKind.SoftmaxJacobian)
                    EmitSoftmaxJacobian();
            }
            _w.Line("return total * scale;");
        }
        _w.Line();
    }

    private string LossSummary() => _spec.Training.Loss switch
    {
        Loss.MeanSquaredError => "Mean squared error over the rows, mean over all elements of (y - t)² (torch.nn.MSELoss). With <paramref name=\"withGradient\"/>, writes the output layer's delta.",
        Loss.BinaryCrossEntropy => "Binary cross-entropy over the rows, logs clamped at -100 (torch.nn.BCELoss). With <paramref name=\"withGradient\"/>, writes the output layer's delta.",
        _ => "Cross-entropy over the rows, mean over rows of -Σ t·log softmax(logits) (F.cross_entropy). With <paramref name=\"withGradient\"/>, writes the output layer's delta.",
    };

    private void EmitMeanSquaredError()
    {
        using (_w.Block("for (int o = 0; o < OutputSize; o++)"))
        {
            _w.Line("float error = Unsafe.Add(ref y, o) - Unsafe.Add(ref t, o);");
            _w.Line("total += error * error;");
            _w.Line("if (withGradient) Unsafe.Add(ref d, o) = 2f * error * scale;");
        }
    }

    private void EmitBinaryCrossEntropy()
    {
        if (_plan.OutputGradient != OutputGradientKind.SigmoidBinaryCrossEntropy)
            throw new InvalidOperationException("BinaryCrossEntropy is only emitted fused with a Sigmoid output.");
        using (_w.Block("for (int o = 0; o < OutputSize; o++)"))
        {
            _w.Line("float yo = Unsafe.Add(ref y, o), to = Unsafe.Add(ref t, o);");
            _w.Line("total -= to * MathF.Max(MathF.Log(yo), -100f) + (1f - to) * MathF.Max(MathF.Log(1f - yo), -100f);");
            _w.Line("// Fused with the sigmoid: σ'(z) = y(1 - y) cancels, so dz = (y - t) / n.");
            _w.Line("if (withGradient) Unsafe.Add(ref d, o) = (yo - to) * scale;");
        }
    }

    private void EmitCrossEntropy(LayerPlan output)
    {
        bool softmaxLayer = _plan.OutputGradient == OutputGradientKind.SoftmaxCrossEntropy;
        if (softmaxLayer)
            _w.Line($"// The Softmax layer's z are the logits and its y = softmax(z) is the loss's own softmax: applied once.");
        else
            _w.Line($"// The loss applies softmax to the layer's outputs y (the logits).");
        string logits = softmaxLayer ? "z" : "y";
        if (softmaxLayer)
            _w.Line($"ref float z = ref Unsafe.Add(ref a, {output.Name}Z + r * {output.Name}Stride);");
        _w.Line($"float max = {logits};");
        _w.Line($"for (int o = 1; o < OutputSize; o++) max = MathF.Max(max, Unsafe.Add(ref {logits}, o));");
        _w.Line("float sum = 0f, targetSum = 0f, targetDotLogits = 0f;");
        using (_w.Block("for (int o = 0; o < OutputSize; o++)"))
        {
            _w.Line($"float logit = Unsafe.Add(ref {logits}, o), to = Unsafe.Add(ref t, o);");
            _w.Line("sum += MathF.Exp(logit - max);");
            _w.Line("targetSum += to;");
            _w.Line("targetDotLogits += to * logit;");
        }
        _w.Line("float logSumExp = max + MathF.Log(sum);");
        _w.Line("total += targetSum * logSumExp - targetDotLogits; // -Σ t (logit - logsumexp)");
        _w.Line("if (!withGradient) continue;");
        _w.Line("// dL/dlogits = (softmax · Σt - t) / rows.");
        using (_w.Block("for (int o = 0; o < OutputSize; o++)"))
        {
            string probability = softmaxLayer ? "Unsafe.Add(ref y, o)" : "MathF.Exp(Unsafe.Add(ref y, o) - logSumExp)";
            _w.Line($"Unsafe.Add(ref d, o) = ({probability} * targetSum - Unsafe.Add(ref t, o)) * scale;");
        }
    }

    private void EmitSoftmaxJacobian()
    {
        _w.Line("if (!withGradient) continue;");
        _w.Line("// Through the softmax: dz = y ⊙ (dy - Σ dy·y).");
        _w.Line("float dot = 0f;");
        _w.Line("for (int o = 0; o < OutputSize; o++) dot += Unsafe.Add(ref d, o) * Unsafe.Add(ref y, o);");
        _w.Line("for (int o = 0; o < OutputSize; o++) Unsafe.Add(ref d, o) = Unsafe.Add(ref y, o) * (Unsafe.Add(ref d, o) - dot);");
    }
}
