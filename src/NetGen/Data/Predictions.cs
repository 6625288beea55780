using System;

namespace NetGen;

/// <summary>
/// What a classifier's outputs mean: the predicted class and the probabilities, from logits (the last layer of a
/// network trained with cross-entropy or binary cross-entropy on logits is linear) or from probabilities. Allocation-free.
/// </summary>
public static class Predictions
{
    /// <summary>The index of the largest output (the first on ties): the predicted class.</summary>
    /// <exception cref="ArgumentException">No outputs.</exception>
    public static int ArgMax(ReadOnlySpan<float> outputs)
    {
        if (outputs.IsEmpty)
            throw new ArgumentException("Expected at least one output.", nameof(outputs));
        int best = 0;
        for (int i = 1; i < outputs.Length; i++)
            if (outputs[i] > outputs[best]) best = i;
        return best;
    }

    /// <summary>Class probabilities from logits, <c>softmax(z) = e^(z - max z) / Σ e^(z - max z)</c> (shifted, so large logits do not overflow).</summary>
    /// <exception cref="ArgumentException">No logits, or <paramref name="probabilities"/> of another length.</exception>
    public static void Softmax(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        if (logits.IsEmpty || probabilities.Length != logits.Length)
            throw new ArgumentException($"Expected as many probabilities as logits (at least one), got {probabilities.Length} for {logits.Length}.", nameof(probabilities));
        float max = logits[ArgMax(logits)];
        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
            sum += probabilities[i] = MathF.Exp(logits[i] - max);
        for (int i = 0; i < logits.Length; i++)
            probabilities[i] = (float)(probabilities[i] / sum);
    }

    /// <summary>The probability of the positive class from one logit, <c>1 / (1 + e^-z)</c>.</summary>
    public static float Sigmoid(float logit) => Runtime.VectorMath.Sigmoid(logit); // the generated networks' own
}
