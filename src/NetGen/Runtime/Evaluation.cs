namespace NetGen;

/// <summary>What <c>Evaluate</c> measures over a data set.</summary>
/// <param name="Loss">The declared loss over all rows (its mean, as training reports it).</param>
/// <param name="Accuracy">Fraction of correct predictions: argmax for multi-class outputs, a 0.5 threshold on probabilities or 0 on logits per binary output; NaN for regression networks.</param>
/// <param name="ZeroOneError">The 0-1 loss, <c>1 - Accuracy</c>: a metric, not differentiable.</param>
/// <param name="Rows">The number of rows evaluated.</param>
public readonly record struct Evaluation(float Loss, float Accuracy, float ZeroOneError, int Rows)
{
    /// <summary>Regression networks: the mean of (output - target)² over every output of every row; NaN for classifiers.</summary>
    public float MeanSquaredError { get; init; } = float.NaN;

    /// <summary>Regression networks: √<see cref="MeanSquaredError"/>, in the targets' units; NaN for classifiers.</summary>
    public float RootMeanSquaredError { get; init; } = float.NaN;

    /// <summary>Regression networks: the mean of |output - target|; NaN for classifiers.</summary>
    public float MeanAbsoluteError { get; init; } = float.NaN;

    /// <summary>
    /// Regression networks: the coefficient of determination, <c>1 - Σ(output - target)² / Σ(target - its column's mean)²</c>,
    /// pooled over the outputs (scikit-learn's <c>r2_score</c>, <c>multioutput="variance_weighted"</c>; the usual R² for
    /// one output). 1 is perfect, 0 is what predicting each column's mean scores; NaN for classifiers and for targets
    /// that do not vary.
    /// </summary>
    public float RSquared { get; init; } = float.NaN;
}
