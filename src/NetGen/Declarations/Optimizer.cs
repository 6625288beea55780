// This file is compiled into the runtime and into the generator: one list of names and values.
namespace NetGen;

/// <summary>How a training step turns gradients into parameter updates (torch.optim semantics).</summary>
#if NETGEN_COMPILER
internal
#else
public
#endif
enum Optimizer
{
    /// <summary><c>p -= lr · g</c>; with <c>Momentum = μ</c>: <c>v = μ v + g; p -= lr · v</c> (torch.optim.SGD, dampening 0).</summary>
    Sgd = 0,
    /// <summary>torch.optim.Adam: bias-corrected first and second moments, epsilon added after the square root.</summary>
    Adam = 1,
}
