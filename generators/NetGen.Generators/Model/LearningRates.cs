namespace NetGen.Generators.Model;

/// <summary>
/// What a learning rate means for each optimizer. Plain SGD moves by rate × gradient, so its sane
/// range scales with the loss; the adaptive optimizers move each parameter by about the rate
/// itself (m / √v ≈ ±1), so above 0.01 every step is large. Newton's rate is the fraction of the
/// Newton step taken: 1 is the full step.
/// </summary>
/// <param name="Typical">The rate to start from: PyTorch's default, or the common choice.</param>
/// <param name="Min">Below this, training barely moves in any reasonable number of steps.</param>
/// <param name="Max">Above this, steps overshoot and training diverges or oscillates.</param>
/// <param name="HighForRelu">From here on, a large first step can push ReLU units negative for every input (NG1009).</param>
internal sealed record LearningRateRange(float Typical, float Min, float Max, float HighForRelu)
{
    public static LearningRateRange For(Optimizer optimizer) => optimizer switch
    {
        Optimizer.Adam or Optimizer.AdamW => new(1e-3f, 1e-6f, 1e-2f, 5e-3f),
        Optimizer.RmsProp => new(1e-3f, 1e-6f, 1e-2f, 5e-3f),
        Optimizer.AdaGrad => new(1e-2f, 1e-5f, 1f, 0.5f),
        Optimizer.Newton => new(1f, 1e-3f, 1f, float.PositiveInfinity),
        _ => new(1e-2f, 1e-5f, 1f, 0.1f),
    };

    /// <summary>Adaptive optimizers divide by √v + ε: their rate is a step size, not a gradient multiplier.</summary>
    public static bool IsAdaptive(Optimizer optimizer) =>
        optimizer is Optimizer.Adam or Optimizer.AdamW or Optimizer.RmsProp or Optimizer.AdaGrad;
}
