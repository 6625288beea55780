using System;
using System.IO;
using System.Linq;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>Standardizing targets, undoing it on outputs, keeping it in a file, and predicting on raw data through it.</summary>
public class StandardizationTests
{
    private static DataSet Regression() =>
        new([1f, 10f, 2f, 20f, 3f, 30f, 4f, 40f], 2, [100f, -1f, 200f, -2f, 300f, -3f, 400f, -4f], 2);

    [Fact]
    public void Targets_are_standardized_in_place_and_restored_exactly_enough()
    {
        var data = Regression();
        float[] raw = data.Targets.ToArray();
        var scaling = Standardization.FitTargets(data);
        Assert.Equal([250f, -2.5f], scaling.Mean.ToArray());
        scaling.ApplyToTargets(data);
        for (int c = 0; c < 2; c++)
        {
            var column = Enumerable.Range(0, 4).Select(r => (double)data.Targets[r * 2 + c]).ToArray();
            Assert.Equal(0, column.Average(), 1e-6);
            Assert.Equal(1, Math.Sqrt(column.Select(x => x * x).Average()), 1e-5); // population std, as Fit
        }
        float[] back = data.Targets.ToArray();
        scaling.Restore(back);
        for (int k = 0; k < raw.Length; k++)
            Assert.Equal(raw[k], back[k], Math.Abs(raw[k]) * 1e-6f);
        Assert.Throws<ArgumentException>(() => Standardization.FitTargets(TrainerTests.Blobs(4, seed: 1))); // labels, not targets
        Assert.Throws<ArgumentException>(() => scaling.Restore(new float[3]));
    }

    [Fact]
    public void Save_and_Load_keep_every_value_and_refuse_damaged_files()
    {
        var scaling = Standardization.Fit(Regression());
        var stream = new MemoryStream();
        scaling.Save(stream);
        byte[] bytes = stream.ToArray();
        Assert.Equal(12 + 8 * 2 + 4, bytes.Length);
        var loaded = Standardization.Load(new MemoryStream(bytes));
        Assert.Equal(scaling.Mean.ToArray(), loaded.Mean.ToArray());
        Assert.Equal(scaling.Scale.ToArray(), loaded.Scale.ToArray());

        var corrupted = (byte[])bytes.Clone();
        corrupted[14] ^= 1;
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => Standardization.Load(new MemoryStream(corrupted))).Message);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => Standardization.Load(new MemoryStream(bytes[..^3]))).Message);
        Assert.Contains("NGSD", Assert.Throws<InvalidDataException>(() => Standardization.Load(new MemoryStream(new byte[32]))).Message);
        var weights = new MemoryStream();
        new XorSgd().Save(weights);
        Assert.Contains("not a standardization", Assert.Throws<InvalidDataException>(() => Standardization.Load(new MemoryStream(weights.ToArray()))).Message);
    }

    [Fact]
    public void The_constructor_refuses_values_that_cannot_standardize()
    {
        Assert.Throws<ArgumentException>(() => new Standardization([0f, 1f], [1f]));
        Assert.Throws<ArgumentException>(() => new Standardization([0f], [0f]));
        Assert.Throws<ArgumentException>(() => new Standardization([float.NaN], [1f]));
        Assert.Equal([2f], new Standardization([1f], [2f]).Scale.ToArray());
    }

    [Fact]
    public void ScaledPredictor_predicts_on_raw_features_in_the_targets_units_without_allocating()
    {
        var data = Regression();
        var inputs = Standardization.Fit(data);
        var targets = Standardization.FitTargets(data);
        var network = new SgdMomentumDecayMse(seed: 1); // 3 inputs, 2 outputs
        Assert.Throws<ArgumentException>(() => new ScaledPredictor(network, inputs, targets)); // 2 features, not 3

        var three = new Standardization([1f, 2f, 3f], [0.5f, 1f, 2f]);
        var predictor = new ScaledPredictor(network, three, targets);
        float[] raw = [3f, 5f, 7f], output = new float[2];
        predictor.Predict(raw, output);

        float[] scaled = [(3f - 1f) * 0.5f, (5f - 2f) * 1f, (7f - 3f) * 2f], expected = new float[2];
        network.Predict(scaled, expected);
        targets.Restore(expected);
        Assert.Equal(expected, output);
        Assert.Equal([3f, 5f, 7f], raw); // the caller's row is left as it was

        AllocationTests.AssertNoAllocation("standardized Predict", () => predictor.Predict(raw, output));
    }
}
