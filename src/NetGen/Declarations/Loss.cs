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
    /// <summary>Mean over samples of <c>-Σ t log softmax(z)</c> (torch.nn.functional.cross_entropy on logits). The softmax is always part of the loss.</summary>
    CrossEntropy = 2,
}
