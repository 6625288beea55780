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
    /// <summary><c>p -= lr · g</c>; with <c>Momentum = μ</c>: <c>v = μ v + g; p -= lr · v</c>; with <c>Nesterov</c>: <c>p -= lr · (g + μ v)</c> (torch.optim.SGD, dampening 0).</summary>
    Sgd = 0,
    /// <summary>torch.optim.Adam: bias-corrected first and second moments, epsilon added after the square root.</summary>
    Adam = 1,
    /// <summary>torch.optim.Adagrad: <c>s += g²; p -= lr · g / (√s + ε)</c>, ε 1e-10 unless set.</summary>
    AdaGrad = 2,
    /// <summary>torch.optim.RMSprop: <c>v = α v + (1 - α) g²</c>, optional <c>Momentum</c> and <c>Centered</c>.</summary>
    RmsProp = 3,
    /// <summary>torch.optim.AdamW: Adam with decoupled weight decay <c>p *= 1 - lr · wd</c>, wd 0.01 unless set.</summary>
    AdamW = 4,
    /// <summary>
    /// Damped Newton: <c>p -= lr · (H + λI)⁻¹ g</c>, H from central differences of the generated gradient,
    /// λ = <c>Damping</c> raised tenfold until the Cholesky factorization succeeds (Levenberg-Marquardt).
    /// Networks of at most 512 parameters.
    /// </summary>
    Newton = 5,
}
