namespace NetGen;

/// <summary>What <c>Evaluate</c> measures over a data set.</summary>
/// <param name="Loss">The declared loss over all rows (its mean, as training reports it).</param>
/// <param name="Accuracy">Fraction of correct predictions: argmax for multi-class outputs, a 0.5 threshold on probabilities or 0 on logits per binary output; NaN for regression networks.</param>
/// <param name="ZeroOneError">The 0-1 loss, <c>1 - Accuracy</c>: a metric, not differentiable.</param>
/// <param name="Rows">The number of rows evaluated.</param>
public readonly record struct Evaluation(float Loss, float Accuracy, float ZeroOneError, int Rows);
