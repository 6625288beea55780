using System;
using Xunit;
using static NetGen.Numerics.Tests.Support.NetworkState;

namespace NetGen.Numerics.Tests;

/// <summary>Seeded initialization and end-to-end learning.</summary>
public class TrainingTests
{
    [Fact]
    public void Xor_reaches_full_accuracy_with_the_default_seed()
    {
        float[][] inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
        float[] targets = [0, 1, 1, 0];
        var network = new XorNet();
        for (int epoch = 0; epoch < 2000; epoch++)
            for (int i = 0; i < 4; i++)
                network.TrainStep(inputs[i], [targets[i]]);
        var output = new float[1];
        for (int i = 0; i < 4; i++)
        {
            network.Predict(inputs[i], output);
            Assert.Equal(targets[i], output[0] >= 0.5f ? 1f : 0f);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights_and_another_seed_others()
    {
        Assert.Equal(Parameters(new WideCrossEntropy(seed: 4)), Parameters(new WideCrossEntropy(seed: 4)));
        Assert.NotEqual(Parameters(new WideCrossEntropy(seed: 4)), Parameters(new WideCrossEntropy(seed: 5)));
        Assert.Equal(Parameters(new XorNet(XorNet.DefaultSeed)), Parameters(new XorNet()));
    }

    [Fact]
    public void Initialization_follows_the_activation_with_torch_bounds_and_zero_biases()
    {
        // WideCrossEntropy: 40 → 150 Relu (He: sqrt(6/40)) → 10 Identity (Xavier: sqrt(6/160)).
        var p = Parameters(new WideCrossEntropy());
        AssertUniform(p.AsSpan(0, 150 * 40), Math.Sqrt(6.0 / 40));
        Assert.All(p.AsSpan(150 * 40, 150).ToArray(), b => Assert.Equal(0f, b));
        AssertUniform(p.AsSpan(150 * 41, 10 * 150), Math.Sqrt(6.0 / 160));
        Assert.All(p.AsSpan(150 * 41 + 1500, 10).ToArray(), b => Assert.Equal(0f, b));
    }

    /// <summary>Within ±bound, mean near 0, variance near bound²/3 (that of U(-a, a)).</summary>
    private static void AssertUniform(ReadOnlySpan<float> weights, double bound)
    {
        double sum = 0, squares = 0;
        foreach (float w in weights)
        {
            Assert.InRange(w, -bound, bound);
            sum += w;
            squares += w * (double)w;
        }
        double mean = sum / weights.Length, variance = squares / weights.Length - mean * mean;
        Assert.InRange(mean, -0.05 * bound, 0.05 * bound);
        Assert.InRange(variance / (bound * bound / 3), 0.9, 1.1);
    }
}
