using System;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>Wrong spans and bad parameters: an ArgumentException that names the expected size, and the model unchanged.</summary>
public class ArgumentTests
{
    private readonly SgdMomentumDecayMse _network = new(); // 3 inputs, 2 outputs, BatchSize 5

    [Fact]
    public void Predict_names_the_expected_lengths()
    {
        var error = Assert.Throws<ArgumentException>(() => _network.Predict(new float[4], new float[2]));
        Assert.Equal("input", error.ParamName);
        Assert.Contains("exactly 3", error.Message);
        error = Assert.Throws<ArgumentException>(() => _network.Predict(new float[3], new float[1]));
        Assert.Equal("output", error.ParamName);
        Assert.Contains("exactly 2", error.Message);
    }

    [Theory]
    [InlineData(0, 0)]   // no rows
    [InlineData(4, 2)]   // not whole rows
    [InlineData(18, 12)] // 6 rows > BatchSize 5
    [InlineData(6, 2)]   // 2 input rows, 1 target row
    public void Batch_members_refuse_bad_rows_and_change_nothing(int inputLength, int targetLength)
    {
        var before = Parameters();
        Assert.Throws<ArgumentException>(() => _network.TrainBatch(new float[inputLength], new float[targetLength]));
        Assert.Throws<ArgumentException>(() => _network.ComputeGradients(new float[inputLength], new float[targetLength]));
        Assert.Throws<ArgumentException>(() => _network.ComputeLoss(new float[inputLength], new float[targetLength]));
        Assert.Equal(before, Parameters());
    }

    [Fact]
    public void A_batch_beyond_BatchSize_says_how_to_declare_a_larger_one()
    {
        var error = Assert.Throws<ArgumentException>(() => _network.TrainBatch(new float[18], new float[12]));
        Assert.Contains("Expected 1 to 5 rows of 3 inputs", error.Message);
        Assert.Contains("declare [Network(BatchSize = 6)]", error.Message);
        // Not whole rows: no batch size would help, so none is suggested.
        Assert.DoesNotContain("BatchSize =", Assert.Throws<ArgumentException>(() => _network.TrainBatch(new float[4], new float[2])).Message);
    }

    [Fact]
    public void Label_overloads_count_labels_not_one_hot_floats()
    {
        var network = new TorchIrisNet(); // 4 inputs, 3 classes, BatchSize 16
        var error = Assert.Throws<ArgumentException>(() => network.Evaluate(new float[12], [0, 1, 2, 0, 1, 2, 0, 1, 2]));
        Assert.Equal("labels", error.ParamName);
        Assert.Equal("Expected 3 labels (one class index per input row) to match 3 input rows, got 9. (Parameter 'labels')", error.Message);
        error = Assert.Throws<ArgumentException>(() => network.TrainBatch(new float[8], [0]));
        Assert.Equal("labels", error.ParamName);
        Assert.Contains("Expected 2 labels", error.Message);
        Assert.Contains("got 1.", Assert.Throws<ArgumentException>(() => network.ComputeLoss(new float[8], [0])).Message);
    }

    [Theory]
    [InlineData(1, 0, 3)]    // one label: compared one by one
    [InlineData(16, 13, -1)] // a batch: searched by vectors; negative labels are out of range too
    [InlineData(16, 15, 3)]
    [InlineData(11, 9, int.MinValue)]
    public void A_label_out_of_range_is_named_and_changes_nothing(int rows, int bad, int label)
    {
        var network = new TorchIrisNet(); // 4 inputs, 3 classes, BatchSize 16
        float[] before = new float[TorchIrisNet.ParameterCount];
        network.CopyParametersTo(before);
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
            labels[r] = r % 3;
        labels[bad] = label;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => network.TrainBatch(new float[4 * rows], labels));
        Assert.Equal("labels", error.ParamName);
        Assert.Equal(label, error.ActualValue);
        Assert.StartsWith($"Label {bad} is {label}; labels are class indices from 0 to 2.", error.Message);
        float[] after = new float[TorchIrisNet.ParameterCount];
        network.CopyParametersTo(after);
        Assert.Equal(before, after);
    }

    /// <summary>
    /// The label check over spans of every length around the vectors' widths (a last vector overlapping the ones before,
    /// whole vectors, the rest one by one) and every position: a label at or past the classes, or negative, is found
    /// wherever it lies and named by its index; the largest class passes.
    /// </summary>
    [Fact]
    public void The_label_check_finds_a_label_out_of_range_at_every_position()
    {
        const int classes = 10;
        foreach (int length in new[] { 0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 48, 50 })
        {
            var labels = new int[length];
            for (int i = 0; i < length; i++)
                labels[i] = i % 2 == 0 ? classes - 1 : i % classes;
            NetGen.Runtime.ThrowHelper.ThrowIfLabelOutOfRange(labels, classes, "labels"); // all in range: no exception
            foreach (int bad in new[] { classes, -1, int.MinValue, int.MaxValue })
                for (int at = 0; at < length; at++)
                {
                    var copy = (int[])labels.Clone();
                    copy[at] = bad;
                    var error = Assert.Throws<ArgumentOutOfRangeException>(() => NetGen.Runtime.ThrowHelper.ThrowIfLabelOutOfRange(copy, classes, "labels"));
                    Assert.StartsWith($"Label {at} is {bad};", error.Message);
                }
        }
    }

    [Fact]
    public void TrainStep_refuses_a_wrong_target_and_changes_nothing()
    {
        var before = Parameters();
        var error = Assert.Throws<ArgumentException>(() => _network.TrainStep(new float[3], new float[3]));
        Assert.Contains("exactly 2", error.Message);
        Assert.Equal(before, Parameters());
    }

    [Fact]
    public void SetParameters_refuses_non_finite_values_and_changes_nothing()
    {
        var before = Parameters();
        var bad = (float[])before.Clone();
        bad[^1] = float.NaN;
        var error = Assert.Throws<ArgumentException>(() => _network.SetParameters(bad));
        Assert.Contains($"Parameter {bad.Length - 1}", error.Message);
        Assert.Equal(before, Parameters());
        Assert.Throws<ArgumentException>(() => _network.SetParameters(new float[SgdMomentumDecayMse.ParameterCount - 1]));
    }

    private float[] Parameters()
    {
        var parameters = new float[SgdMomentumDecayMse.ParameterCount];
        _network.CopyParametersTo(parameters);
        return parameters;
    }
}
