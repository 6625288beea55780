using System;
using System.Linq;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>The classifier helpers against their definitions (torch.softmax, torch.sigmoid, argmax).</summary>
public class PredictionsTests
{
    [Fact]
    public void ArgMax_takes_the_first_of_the_largest()
    {
        Assert.Equal(2, Predictions.ArgMax([0.1f, -3f, 7f, 7f, 2f]));
        Assert.Equal(0, Predictions.ArgMax([float.NegativeInfinity]));
        Assert.Throws<ArgumentException>(() => Predictions.ArgMax([]));
    }

    [Fact]
    public void Softmax_sums_to_one_matches_the_definition_and_survives_large_logits()
    {
        float[] logits = [1f, 2f, 3f], probabilities = new float[3];
        Predictions.Softmax(logits, probabilities);
        double denominator = logits.Sum(z => Math.Exp(z));
        for (int i = 0; i < 3; i++)
            Assert.Equal(Math.Exp(logits[i]) / denominator, probabilities[i], 1e-6);

        Predictions.Softmax([1000f, 1000f, -1000f], probabilities);
        Assert.Equal([0.5f, 0.5f, 0f], probabilities);
        Assert.Throws<ArgumentException>(() => Predictions.Softmax(logits, new float[2]));
    }

    [Fact]
    public void Sigmoid_matches_the_definition_on_both_sides_without_overflow()
    {
        foreach (float z in new[] { -30f, -2f, 0f, 0.5f, 30f })
            Assert.Equal(1 / (1 + Math.Exp(-z)), Predictions.Sigmoid(z), 1e-7);
        Assert.Equal(0f, Predictions.Sigmoid(-1000f));
        Assert.Equal(1f, Predictions.Sigmoid(1000f));
    }
}
