// This file is compiled into the runtime and into the generator: one list of names and values.
namespace NetGen;

/// <summary>The loss a network trains on, with PyTorch's conventions (mean reduction).</summary>
#if NETGEN_COMPILER
internal
#else
public
#endif
enum Loss
{
    /// <summary>Mean over all elements of <c>(y - t)²</c> (torch.nn.MSELoss; no 1/2).</summary>
    MeanSquaredError = 0,
    /// <summary>Mean over all elements of <c>-(t log y + (1 - t) log(1 - y))</c>, logs clamped at -100 (torch.nn.BCELoss). Needs a Sigmoid output.</summary>
    BinaryCrossEntropy = 1,
    /// <summary>
    /// Mean over samples of <c>-Σ t log softmax(z)</c> (torch.nn.functional.cross_entropy on logits). The softmax is always part of the loss.
    /// With <c>ClassWeights</c>: <c>-Σ w_c t_c log softmax(z)_c</c> summed, divided by the sum of the targets' weights (PyTorch's weighted mean).
    /// </summary>
    CrossEntropy = 2,
    /// <summary>Mean over all elements of <c>|y - t|</c> (torch.nn.L1Loss); its gradient at <c>y = t</c> is 0.</summary>
    MeanAbsoluteError = 3,
    /// <summary>Mean over all elements of <c>½ e²</c> for <c>|e| ≤ δ</c>, else <c>δ (|e| - ½ δ)</c>, δ = <c>HuberDelta</c> (torch.nn.HuberLoss).</summary>
    Huber = 4,
    /// <summary>BinaryCrossEntropy on logits with the sigmoid fused: <c>max(z, 0) - z t + log(1 + e^-|z|)</c>, stable for any z (torch.nn.BCEWithLogitsLoss).</summary>
    BinaryCrossEntropyWithLogits = 5,
    /// <summary>Mean over samples of <c>Σ t (log t - log softmax(z))</c>, 0 log 0 = 0 (torch.nn.KLDivLoss(reduction="batchmean") on log_softmax).</summary>
    KullbackLeibler = 6,
    /// <summary>Binary focal loss on logits, mean over elements: <c>α_t (1 - p_t)^γ BCE</c> (torchvision.ops.sigmoid_focal_loss), γ = <c>FocalGamma</c>, α = <c>FocalAlpha</c>.</summary>
    Focal = 7,
    /// <summary>The fraction of misclassified samples: a metric, not differentiable. Only for networks declared <c>Trainable = false</c>.</summary>
    ZeroOne = 8,
}
