using System;
using System.Linq;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>Evaluate's regression metrics against the same figures computed here from PredictBatch, in double.</summary>
public class EvaluationTests
{
    [Fact]
    public void A_regression_network_reports_MSE_RMSE_MAE_and_R2()
    {
        var network = new SgdMomentumDecayMse(seed: 2); // 3 inputs → 2 identity outputs, MSE
        var (inputs, _) = GradientCheckTests.Data(network, 13, seed: 4); // 13 rows: more than one batch of 5
        // Targets a fixed function of the inputs plus a column offset, so the columns have different means.
        var targets = new float[13 * 2];
        for (int r = 0; r < 13; r++)
        {
            targets[r * 2] = inputs[r * 3] - 0.5f * inputs[r * 3 + 1];
            targets[r * 2 + 1] = 3f + inputs[r * 3 + 2];
        }
        var outputs = new float[targets.Length];
        network.PredictBatch(inputs, outputs);

        double squared = outputs.Zip(targets, (y, t) => (double)(y - t) * (y - t)).Sum();
        double absolute = outputs.Zip(targets, (y, t) => Math.Abs((double)y - t)).Sum();
        double spread = Enumerable.Range(0, 2).Sum(c =>
        {
            var column = Enumerable.Range(0, 13).Select(r => (double)targets[r * 2 + c]).ToArray();
            double mean = column.Average();
            return column.Sum(t => (t - mean) * (t - mean));
        });

        var evaluation = network.Evaluate(inputs, targets);
        Assert.Equal(13, evaluation.Rows);
        Assert.True(float.IsNaN(evaluation.Accuracy));
        Assert.Equal(squared / 26, evaluation.MeanSquaredError, 1e-5);
        Assert.Equal(Math.Sqrt(squared / 26), evaluation.RootMeanSquaredError, 1e-5);
        Assert.Equal(absolute / 26, evaluation.MeanAbsoluteError, 1e-5);
        Assert.Equal(1 - squared / spread, evaluation.RSquared, 1e-5);
        // The loss is MSE's mean over every output too (no 1/2, as torch.nn.MSELoss).
        Assert.Equal(evaluation.MeanSquaredError, evaluation.Loss, 1e-4f);
    }

    [Fact]
    public void Predicting_the_targets_scores_R2_of_1_and_constant_targets_have_none()
    {
        var network = new SgdMomentumDecayMse(seed: 3);
        var (inputs, _) = GradientCheckTests.Data(network, 6, seed: 5);
        var outputs = new float[12];
        network.PredictBatch(inputs, outputs);
        var perfect = network.Evaluate(inputs, outputs);
        Assert.Equal(0f, perfect.MeanSquaredError);
        Assert.Equal(1f, perfect.RSquared);
        Assert.True(float.IsNaN(network.Evaluate(inputs, new float[12]).RSquared)); // targets that do not vary
    }

    [Fact]
    public void A_classifier_has_accuracy_and_no_regression_metrics()
    {
        var evaluation = new TorchIrisNet().Evaluate(TrainerTests.Blobs(20, seed: 1).Inputs, TrainerTests.Blobs(20, seed: 1).Labels);
        Assert.False(float.IsNaN(evaluation.Accuracy));
        Assert.True(float.IsNaN(evaluation.MeanSquaredError) && float.IsNaN(evaluation.RSquared) && float.IsNaN(evaluation.MeanAbsoluteError));
    }
}
