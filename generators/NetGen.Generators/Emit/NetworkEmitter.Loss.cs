using System;
using System.Linq;
using NetGen.Generators.Model;

namespace NetGen.Generators.Emit;

internal sealed partial class NetworkEmitter
{
    private Loss LossKind => _spec.Training.Loss;
    private bool HasClassWeights => _spec.Training.ClassWeights.Count > 0;

    /// <summary>Losses that average over every output element; the others average over rows.</summary>
    private bool LossIsPerElement => LossKind is Loss.MeanSquaredError or Loss.MeanAbsoluteError or Loss.Huber
        or Loss.BinaryCrossEntropy or Loss.BinaryCrossEntropyWithLogits or Loss.Focal;

    private void EmitLoss()
    {
        var output = _plan.OutputLayer;
        _w.Line($"/// <summary>{LossSummary()} With <paramref name=\"withGradient\"/>, writes dLoss/dy (or dz where the loss fuses the activation) into the output layer's delta.</summary>");
        using (_w.Block("private float LossOfRows(ref float targets, int rows, bool withGradient)"))
            _w.Line($"return LossOfRows(ref targets, rows, withGradient, LossDenominator(ref targets, rows), ref _activations.Start); // {DenominatorText()}");
        _w.Line();
        _w.Line("/// <summary>");
        _w.Line("/// The summed loss of the rows over <paramref name=\"denominator\"/> (a training thread's share of the batch's), from the activation buffer <paramref name=\"a\"/>.");
        _w.Line("/// Without <paramref name=\"withValue\"/>, the logs that only the value needs are skipped and the result is not the loss.");
        _w.Line("/// </summary>");
        if (_stepPlan.StepsInRegisters)
        {
            // Inlined into the one-row pass, its call no longer spills the registers live across it (xor's step 43.2 → 41.1 ns).
            _w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        }
        using (_w.Block("private float LossOfRows(ref float targets, int rows, bool withGradient, float denominator, ref float a, bool withValue = true)"))
        {
            if (_plan.LossCallsKernel)
                EmitLossKernelCall(output);
            else
                EmitLossLoop(output);
        }
        _w.Line();
        EmitLossDenominator();
        if (_plan.Classification != ClassificationKind.None)
            EmitIsCorrect(); // a regression network's Evaluate counts no correct rows
    }

    /// <summary>The loss as a loop over rows, each output in plain floats.</summary>
    private void EmitLossLoop(DensePlan output)
    {
        _w.Line("float total = 0f;");
        _w.Line("float scale = 1f / denominator;");
        using (_w.Block("for (int r = 0; r < rows; r++)"))
        {
            _w.Line("ref float t = ref Unsafe.Add(ref targets, r * OutputSize);");
            _w.Line($"ref float y = ref Unsafe.Add(ref a, {output.Name}Y + r * {output.RowStrideName});");
            _w.Line($"ref float d = ref Unsafe.Add(ref a, {output.Name}Delta + r * {output.RowStrideName});");
            switch (LossKind)
            {
                case Loss.MeanSquaredError: EmitElementLoss("float e = yo - to;", "e * e", "2f * e"); break;
                case Loss.MeanAbsoluteError: EmitElementLoss("float e = yo - to;", "MathF.Abs(e)", "MathF.Sign(e)"); break;
                case Loss.Huber: EmitHuber(); break;
                case Loss.BinaryCrossEntropy: EmitBinaryCrossEntropy(); break;
                case Loss.BinaryCrossEntropyWithLogits: EmitBinaryCrossEntropyWithLogits(); break;
                case Loss.Focal: EmitFocal(); break;
                case Loss.CrossEntropy or Loss.KullbackLeibler: EmitCrossEntropy(output); break;
                case Loss.ZeroOne: _w.Line("if (!IsCorrect(ref y, ref t)) total += 1f;"); break;
                default: throw new InvalidOperationException($"No emitter for loss {LossKind}.");
            }
            if (_plan.OutputGradient == OutputGradientKind.SoftmaxJacobian && LossKind != Loss.ZeroOne)
                EmitSoftmaxJacobian();
            EmitDeltaRewrite();
        }
        _w.Line("return total * scale;");
    }

    /// <summary>The runtime's softmax cross-entropy (see <see cref="NetworkPlan.LossCallsKernel"/>); it picks its vectors itself.</summary>
    private void EmitLossKernelCall(DensePlan output)
    {
        _w.Line("// The runtime's kernel: rows in lanes for few outputs, else each row's outputs in lanes; vector exps, sums and logs.");
        _w.Line("float scale = 1f / denominator;");
        _w.Line($"float total = LossKernels.SoftmaxCrossEntropy(ref Unsafe.Add(ref a, {output.Name}Y), {output.RowStrideName}, ref targets, OutputSize,");
        _w.Line($"    ref Unsafe.Add(ref a, {output.Name}Delta), rows, scale, withGradient, withValue);");
        _w.Line("return total * scale;");
    }

    /// <summary>
    /// The loss writes the delta one float at a time and the output layer's backward reads it as vectors, which
    /// would wait for those scalar stores to reach the cache: rewritten as vectors, the reads forward from the store
    /// buffer. Up to 16 outputs (one Vector512); wider output layers have more work to hide the wait behind.
    /// </summary>
    private void EmitDeltaRewrite()
    {
        int outputs = _plan.OutputLayer.Layer.OutputWidth;
        if (LossKind == Loss.ZeroOne || outputs > NetworkPlan.Padding)
            return;
        string rewrite = outputs <= 4 ? "RewriteFour" : outputs <= 8 ? "RewriteEight" : "RewriteSixteen";
        _w.Line("// One vector store per vector the backward reads (see StoreForwarding).");
        _w.Line($"if (withGradient) StoreForwarding.{rewrite}(ref d);");
    }

    private string DenominatorText() => LossKind switch
    {
        Loss.CrossEntropy when HasClassWeights => "the weighted mean divides by the targets' total class weight",
        _ when LossIsPerElement => "the mean runs over every element",
        _ => "the mean runs over rows",
    };

    private void EmitLossDenominator()
    {
        _w.Line($"/// <summary>What the summed loss of <paramref name=\"rows\"/> rows is divided by: {DenominatorText()}.</summary>");
        if (LossKind == Loss.CrossEntropy && HasClassWeights)
        {
            using (_w.Block("private static float LossDenominator(ref float targets, int rows)"))
            {
                _w.Line("float sum = 0f;");
                using (_w.Block("for (int r = 0; r < rows; r++)"))
                {
                    _w.Line("ref float t = ref Unsafe.Add(ref targets, r * OutputSize);");
                    _w.Line("for (int o = 0; o < OutputSize; o++) sum += ClassWeights[o] * Unsafe.Add(ref t, o);");
                }
                _w.Line("return sum;");
            }
            _w.Line();
            _w.Line("/// <summary>The declared class weights, one per output unit.</summary>");
            _w.Line($"private static readonly float[] ClassWeights = [{string.Join(", ", System.Linq.Enumerable.Select(_spec.Training.ClassWeights, Literals.Float))}];");
        }
        else
        {
            _w.Line($"private static float LossDenominator(ref float targets, int rows) => {(LossIsPerElement ? "rows * OutputSize" : "rows")};");
        }
        _w.Line();
    }

    private string LossSummary() => LossKind switch
    {
        Loss.MeanSquaredError => "Mean squared error: mean over all elements of (y - t)² (torch.nn.MSELoss).",
        Loss.MeanAbsoluteError => "Mean absolute error: mean over all elements of |y - t| (torch.nn.L1Loss).",
        Loss.Huber => $"Huber loss, δ = {Literals.Float(_spec.Training.HuberDelta)}: mean over all elements (torch.nn.HuberLoss).",
        Loss.BinaryCrossEntropy => "Binary cross-entropy, logs clamped at -100 (torch.nn.BCELoss).",
        Loss.BinaryCrossEntropyWithLogits => "Binary cross-entropy on logits, sigmoid fused and stable for any logit (torch.nn.BCEWithLogitsLoss).",
        Loss.Focal => $"Binary focal loss on logits, γ = {Literals.Float(_spec.Training.FocalGamma)}, α = {Literals.Float(_spec.Training.FocalAlpha)}, mean over elements (torchvision.ops.sigmoid_focal_loss).",
        Loss.KullbackLeibler => "Kullback-Leibler divergence of the softmax of the outputs from the target distribution: Σ t (log t - log softmax), mean over rows (KLDivLoss, reduction=\"batchmean\").",
        Loss.ZeroOne => "0-1 loss: the fraction of misclassified rows (a metric; no gradient).",
        _ when HasClassWeights => "Class-weighted cross-entropy: Σ w_c t_c (logsumexp - logit_c), divided by Σ w_c t_c (F.cross_entropy with weight=).",
        _ => "Cross-entropy: mean over rows of -Σ t·log softmax(logits) (F.cross_entropy).",
    };

    /// <summary>A loss that is a sum over elements: its value term and its derivative dL/dy before the mean's scale.</summary>
    private void EmitElementLoss(string setup, string value, string derivative)
    {
        using (_w.Block("for (int o = 0; o < OutputSize; o++)"))
        {
            _w.Line("float yo = Unsafe.Add(ref y, o), to = Unsafe.Add(ref t, o);");
            _w.Line(setup);
            _w.Line($"total += {value};");
            _w.Line($"if (withGradient) Unsafe.Add(ref d, o) = {derivative} * scale;");
        }
    }

    private void EmitHuber()
    {
        string delta = Literals.Float(_spec.Training.HuberDelta);
        EmitElementLoss(
            "float e = yo - to, size = MathF.Abs(e);",
            $"size <= {delta} ? 0.5f * e * e : {delta} * (size - 0.5f * {delta})",
            $"Math.Clamp(e, -{delta}, {delta})");
    }

    private void EmitBinaryCrossEntropy()
    {
        bool fused = _plan.OutputGradient == OutputGradientKind.SigmoidBinaryCrossEntropy;
        using (_w.Block("for (int o = 0; o < OutputSize; o++)"))
        {
            _w.Line("float yo = Unsafe.Add(ref y, o), to = Unsafe.Add(ref t, o);");
            _w.Line("if (withValue) total += LossKernels.BinaryCrossEntropy(yo, to);");
            if (fused)
            {
                _w.Line("// Fused with the sigmoid: σ'(z) = y(1 - y) cancels, so dz = (y - t) / n.");
                _w.Line("if (withGradient) Unsafe.Add(ref d, o) = (yo - to) * scale;");
            }
            else
            {
                _w.Line("// dL/dy = (y - t) / (y (1 - y)), the denominator kept from 0 as torch.nn.BCELoss does.");
                _w.Line("if (withGradient) Unsafe.Add(ref d, o) = (yo - to) / MathF.Max(yo * (1f - yo), 1e-12f) * scale;");
            }
        }
    }

    private void EmitBinaryCrossEntropyWithLogits()
    {
        using (_w.Block("for (int o = 0; o < OutputSize; o++)"))
        {
            _w.Line("float zo = Unsafe.Add(ref y, o), to = Unsafe.Add(ref t, o);");
            _w.Line("// max(z, 0) - z t + log(1 + e^-|z|): no overflow for any logit.");
            _w.Line("if (withValue) total += MathF.Max(zo, 0f) - zo * to + VectorMath.Softplus(-MathF.Abs(zo));");
            _w.Line("if (withGradient) Unsafe.Add(ref d, o) = (VectorMath.Sigmoid(zo) - to) * scale;");
        }
    }

    private void EmitFocal()
    {
        var t = _spec.Training;
        string gamma = Literals.Float(t.FocalGamma);
        using (_w.Block("for (int o = 0; o < OutputSize; o++)"))
        {
            _w.Line("float zo = Unsafe.Add(ref y, o), to = Unsafe.Add(ref t, o);");
            _w.Line("float prob = VectorMath.Sigmoid(zo);");
            _w.Line("float bce = MathF.Max(zo, 0f) - zo * to + VectorMath.Softplus(-MathF.Abs(zo));");
            _w.Line("float miss = 1f - (prob * to + (1f - prob) * (1f - to)); // 1 - p_t");
            _w.Line(t.FocalAlpha >= 0f
                ? $"float weight = {Literals.Float(t.FocalAlpha)} * to + {Literals.Float(1f - t.FocalAlpha)} * (1f - to); // α_t"
                : "const float weight = 1f; // FocalAlpha < 0: no class weighting");
            _w.Line($"float modulation = {(t.FocalGamma == 0f ? "1f" : $"MathF.Pow(miss, {gamma})")};");
            _w.Line("total += weight * modulation * bce;");
            _w.Line("if (!withGradient) continue;");
            _w.Line("// d/dz [α_t (1 - p_t)^γ bce] = α_t [(1 - p_t)^γ (p - t) - γ (1 - p_t)^(γ-1) (2t - 1) p (1 - p) bce].");
            string slope = t.FocalGamma == 0f ? "0f" : $"{gamma} * (miss > 0f ? MathF.Pow(miss, {Literals.Float(t.FocalGamma - 1f)}) : 0f)";
            _w.Line($"float modulationSlope = {slope};");
            _w.Line("Unsafe.Add(ref d, o) = weight * (modulation * (prob - to) - modulationSlope * (2f * to - 1f) * prob * (1f - prob) * bce) * scale;");
        }
    }

    private void EmitCrossEntropy(DensePlan output)
    {
        bool softmaxLayer = _plan.OutputGradient == OutputGradientKind.SoftmaxCrossEntropy;
        bool kl = LossKind == Loss.KullbackLeibler;
        if (softmaxLayer)
            _w.Line("// The Softmax layer's z are the logits and its y = softmax(z) is the loss's own softmax: applied once.");
        else
            _w.Line("// The loss applies softmax to the layer's outputs y (the logits).");
        string logits = softmaxLayer ? "z" : "y";
        if (softmaxLayer)
            _w.Line($"ref float z = ref Unsafe.Add(ref a, {output.Name}Z + r * {output.RowStrideName});");
        _w.Line($"float max = {logits};");
        _w.Line($"for (int o = 1; o < OutputSize; o++) max = MathF.Max(max, Unsafe.Add(ref {logits}, o));");
        _w.Line("float sum = 0f, targetSum = 0f, targetDotLogits = 0f;");
        string weighted = HasClassWeights ? "ClassWeights[o] * " : "";
        using (_w.Block("for (int o = 0; o < OutputSize; o++)"))
        {
            _w.Line($"float logit = Unsafe.Add(ref {logits}, o), to = {weighted}Unsafe.Add(ref t, o);");
            _w.Line("sum += MathF.Exp(logit - max);");
            _w.Line("targetSum += to;");
            _w.Line("targetDotLogits += to * logit;");
            if (kl)
                _w.Line("if (to > 0f) total += to * VectorMath.Log(to); // Σ t log t, with 0 log 0 = 0");
        }
        _w.Line("float logSumExp = max + VectorMath.Log(sum);");
        _w.Line($"total += targetSum * logSumExp - targetDotLogits; // -Σ {(HasClassWeights ? "w " : "")}t (logit - logsumexp)");
        _w.Line("if (!withGradient) continue;");
        _w.Line($"// dL/dlogits = (softmax · Σ{(HasClassWeights ? "w" : "")}t - {(HasClassWeights ? "w" : "")}t) · scale.");
        using (_w.Block("for (int o = 0; o < OutputSize; o++)"))
        {
            string probability = softmaxLayer ? "Unsafe.Add(ref y, o)" : "MathF.Exp(Unsafe.Add(ref y, o) - logSumExp)";
            _w.Line($"Unsafe.Add(ref d, o) = ({probability} * targetSum - {weighted}Unsafe.Add(ref t, o)) * scale;");
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
