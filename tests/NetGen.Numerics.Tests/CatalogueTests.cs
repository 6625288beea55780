using System;
using System.Linq;
using NetGen.Numerics.Tests.Support;
using Xunit;
using static NetGen.Numerics.Tests.Support.NetworkState;

namespace NetGen.Numerics.Tests;

/// <summary>The catalogue's behaviour beyond the goldens: labels, Evaluate, RRelu's training mode, untrainable networks, initializers, schedules.</summary>
public class CatalogueTests
{
    [Fact]
    public void Label_overloads_train_exactly_as_one_hot_targets()
    {
        var byLabels = new WeightedCrossEntropyLabels();
        var byRows = new WeightedCrossEntropyLabels();
        var (inputs, _) = GradientCheckTests.Data(byLabels, 5, seed: 9);
        int[] labels = [2, 0, 1, 1, 2];
        var oneHot = new float[labels.Length * 3];
        for (int r = 0; r < labels.Length; r++) oneHot[r * 3 + labels[r]] = 1f;

        for (int step = 0; step < 3; step++)
            Assert.Equal(byRows.TrainBatch(inputs, oneHot), byLabels.TrainBatch(inputs, labels));
        Assert.Equal(byRows.TrainStep(inputs.AsSpan(0, 4), oneHot.AsSpan(0, 3)), byLabels.TrainStep(inputs.AsSpan(0, 4), labels[0]));
        Assert.Equal(Parameters(byRows), Parameters(byLabels));
        Assert.Equal(byRows.Evaluate(inputs, oneHot), byLabels.Evaluate(inputs, labels));
    }

    [Fact]
    public void A_label_out_of_range_throws_and_changes_nothing()
    {
        var network = new WeightedCrossEntropyLabels();
        var (inputs, _) = GradientCheckTests.Data(network, 2, seed: 1);
        var before = Parameters(network);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => network.TrainBatch(inputs, [0, 3]));
        Assert.Contains("0 to 2", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => network.TrainStep(inputs.AsSpan(0, 4), -1));
        Assert.Throws<ArgumentException>(() => network.TrainBatch(inputs, [0]));
        Assert.Equal(before, Parameters(network));
    }

    [Fact]
    public void Evaluate_reports_loss_accuracy_and_zero_one_error_over_any_number_of_rows()
    {
        var network = new AdamSoftmaxCrossEntropy(); // BatchSize 5: 12 rows take three chunks
        var (inputs, targets) = GradientCheckTests.Data(network, 12, seed: 4);
        var evaluation = network.Evaluate(inputs, targets);

        int correct = 0;
        double loss = 0;
        var output = new float[3];
        for (int r = 0; r < 12; r++)
        {
            network.Predict(inputs.AsSpan(r * 4, 4), output);
            var target = targets.AsSpan(r * 3, 3);
            if (ArgMax(output) == ArgMax(target)) correct++;
            loss += network.ComputeLoss(inputs.AsSpan(r * 4, 4), target);
        }
        Assert.Equal(12, evaluation.Rows);
        Assert.Equal(correct / 12f, evaluation.Accuracy);
        Assert.Equal(1f - correct / 12f, evaluation.ZeroOneError);
        NumericAssert.Close(loss / 12, evaluation.Loss, 1e-6, "Evaluate's loss is the mean over all rows");
    }

    [Fact]
    public void Evaluate_has_no_accuracy_for_regression_and_checks_its_rows()
    {
        var network = new EluSeluGeluNesterov();
        var (inputs, targets) = GradientCheckTests.Data(network, 7, seed: 2);
        var evaluation = network.Evaluate(inputs, targets);
        Assert.True(float.IsNaN(evaluation.Accuracy));
        Assert.True(evaluation.Loss > 0f);
        Assert.Throws<ArgumentException>(() => network.Evaluate(inputs.AsSpan(1).ToArray(), targets));
    }

    [Fact]
    public void RRelu_draws_slopes_in_its_range_while_training_and_uses_their_mean_when_predicting()
    {
        var network = new RReluPredict();
        var (inputs, targets) = GradientCheckTests.Data(network, 5, seed: 8);
        network.ComputeGradients(inputs, targets);
        var slopes = new float[5 * 6];
        network.CopyRReluSlopesTo(slopes, rows: 5);
        Assert.All(slopes, s => Assert.InRange(s, 1f / 8f, 1f / 3f));
        Assert.True(slopes.Distinct().Count() > 25, "every element draws its own slope");

        // Same seed, same slopes: training is reproducible.
        var twin = new RReluPredict();
        twin.ComputeGradients(inputs, targets);
        var twinSlopes = new float[slopes.Length];
        twin.CopyRReluSlopesTo(twinSlopes, rows: 5);
        Assert.Equal(slopes, twinSlopes);

        // Predicting uses the mean slope, 11/48: PyTorch's eval mode (the golden checks the values).
        var theta = Parameters(network);
        var output = new float[2];
        network.Predict(inputs.AsSpan(0, 3), output);
        RReluReference.Loss(theta, inputs.AsSpan(0, 3), null, targets.AsSpan(0, 2), out var predicted);
        NumericAssert.AllClose(predicted, output, 1e-5, "RRelu predict");
    }

    [Fact]
    public void RRelu_gradient_is_the_derivative_of_the_loss_with_the_drawn_slopes()
    {
        var network = new RReluPredict();
        var (inputs, targets) = GradientCheckTests.Data(network, 5, seed: 6);
        var theta = Parameters(network);
        network.ComputeGradients(inputs, targets);
        var analytic = new float[theta.Length];
        network.CopyGradientsTo(analytic);
        var slopes = new float[5 * 6];
        network.CopyRReluSlopesTo(slopes, rows: 5);

        var numeric = new float[theta.Length];
        var probe = Array.ConvertAll(theta, v => (double)v);
        const double h = 1e-6;
        for (int k = 0; k < theta.Length; k++)
        {
            probe[k] = theta[k] + h;
            double plus = RReluReference.Loss(probe, inputs, slopes, targets);
            probe[k] = theta[k] - h;
            double minus = RReluReference.Loss(probe, inputs, slopes, targets);
            probe[k] = theta[k];
            numeric[k] = (float)((plus - minus) / (2 * h));
        }
        NumericAssert.AllClose(numeric, analytic, 1e-3, "RRelu training gradient vs differences with the drawn slopes");
    }

    [Fact]
    public void An_untrainable_network_predicts_and_measures_its_zero_one_loss()
    {
        IPredictor network = new StepPerceptron();
        Assert.IsNotAssignableFrom<INetwork>(network);
        Assert.Null(typeof(StepPerceptron).GetMethod("TrainStep"));
        // Weights: unit 0 fires on x0 > x1; the output steps on it.
        float[] theta = [1, -1, 0, 0, 0, 0, /* bias */ 0, 0, 0, /* out */ 1, 0, 0, -0.5f];
        network.SetParameters(theta);
        float[] inputs = [2, 1, 1, 2, 3, 0, 0, 3];
        float[] targets = [1, 0, 1, 1]; // the last is wrong on purpose
        var output = new float[1];
        network.Predict(inputs.AsSpan(0, 2), output);
        Assert.Equal(1f, output[0]);
        Assert.Equal(0.25f, network.ComputeLoss(inputs, targets));
        var evaluation = network.Evaluate(inputs, targets);
        Assert.Equal(0.75f, evaluation.Accuracy);
        Assert.Equal(0.25f, evaluation.ZeroOneError);
        Assert.Equal(0.25f, evaluation.Loss);
    }

    [Fact]
    public void Initializers_have_torch_statistics()
    {
        var network = new InitializerStatistics();
        var theta = Parameters(network);
        int offset = 0;
        Span<float> Take(int count) { var s = theta.AsSpan(offset, count); offset += count; return s; }

        AssertStatistics(Take(256 * 256), mean: (-0.5 + 0.25) / 2, std: 0.75 / Math.Sqrt(12), "Uniform(-0.5, 0.25)");
        AssertStatistics(Take(256), mean: 0, std: 1 / Math.Sqrt(256) / Math.Sqrt(3), "bias Uniform(±1/sqrt(fan_in))");
        AssertStatistics(Take(256 * 256), mean: 0.3, std: 0.2, "Normal(0.3, 0.2)");
        Assert.All(Take(256).ToArray(), b => Assert.Equal(0.1f, b));
        AssertStatistics(Take(256 * 256), mean: 0, std: Math.Sqrt(2.0 / 512), "XavierNormal");
        Assert.All(Take(256).ToArray(), b => Assert.Equal(0f, b));
        AssertStatistics(Take(256 * 256), mean: 0, std: Math.Sqrt(2.0 / 256), "HeNormal");
        Take(256);
        AssertStatistics(Take(256 * 256), mean: 0, std: Math.Sqrt(1.0 / 256), "LeCunNormal (Selu's default)");
        Take(256);
        AssertOrthonormalRows(Take(128 * 256), 128, 256, "Orthogonal [128, 256]: rows");
        Take(128);
        var tall = Take(256 * 128).ToArray(); // [256, 128]: columns are orthonormal, so rows of its transpose are
        var transposed = new float[tall.Length];
        for (int r = 0; r < 256; r++) for (int c = 0; c < 128; c++) transposed[c * 256 + r] = tall[r * 128 + c];
        AssertOrthonormalRows(transposed, 128, 256, "Orthogonal [256, 128]: columns");
    }

    [Fact]
    public void Learnable_activation_parameters_start_as_declared()
    {
        var theta = Parameters(new LearnableActivationsAdamW());
        Assert.Equal(0.25f, theta[6 * 4 + 6]); // PRelu per layer: one slope, torch's 0.25
        int perUnit = 6 * 4 + 6 + 1 + 5 * 6 + 5;
        Assert.All(theta.AsSpan(perUnit, 5).ToArray(), s => Assert.Equal(0.1f, s));
        Assert.Equal(1.5f, theta[perUnit + 5 + 4 * 5 + 4]); // Swish β
    }

    [Fact]
    public void Schedules_follow_torch_lr_scheduler_and_cosine_stays_at_its_floor()
    {
        Assert.Equal(0.05f, new LogitsAdamStepSchedule().LearningRateAt(1));
        Assert.Equal(0.025f, new LogitsAdamStepSchedule().LearningRateAt(2));
        Assert.Equal(0.0125f, new LogitsAdamStepSchedule().LearningRateAt(5));
        NumericAssert.Close(0.5 * Math.Pow(0.9, 7), new FocalExponentialSchedule().LearningRateAt(7), 1e-6, "exponential");
        NumericAssert.Close(0.001 + (0.05 - 0.001) * (1 + Math.Cos(Math.PI / 4)) / 2, new KullbackLeiblerCosine().LearningRateAt(1), 1e-6, "cosine");
        Assert.Equal(0.001f, new KullbackLeiblerCosine().LearningRateAt(4));
        Assert.Equal(0.001f, new KullbackLeiblerCosine().LearningRateAt(40));
    }

    private static void AssertStatistics(ReadOnlySpan<float> values, double mean, double std, string what)
    {
        double sum = 0, squares = 0;
        foreach (float v in values) { sum += v; squares += v * (double)v; }
        double actualMean = sum / values.Length;
        double actualStd = Math.Sqrt(squares / values.Length - actualMean * actualMean);
        double meanError = 5 * std / Math.Sqrt(values.Length); // five standard errors
        Assert.True(Math.Abs(actualMean - mean) <= meanError, $"{what}: mean {actualMean:G4}, expected {mean:G4} ± {meanError:G2}");
        Assert.True(Math.Abs(actualStd - std) <= 0.03 * std, $"{what}: std {actualStd:G4}, expected {std:G4} ± 3%");
    }

    private static void AssertOrthonormalRows(ReadOnlySpan<float> matrix, int rows, int columns, string what)
    {
        for (int a = 0; a < rows; a += 7)
        for (int b = a; b < rows; b += 11)
        {
            double dot = 0;
            for (int c = 0; c < columns; c++) dot += matrix[a * columns + c] * (double)matrix[b * columns + c];
            Assert.True(Math.Abs(dot - (a == b ? 1 : 0)) < 1e-5, $"{what}: row {a} · row {b} = {dot}");
        }
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

}

/// <summary>RReluPredict (3 → 6 RRelu → 2, MSE) in double with given slopes, or the mean slope 11/48 when none are given.</summary>
internal static class RReluReference
{
    public static double Loss(ReadOnlySpan<float> theta, ReadOnlySpan<float> inputs, float[]? slopes, ReadOnlySpan<float> targets, out float[] lastOutput) =>
        Loss(Array.ConvertAll(theta.ToArray(), v => (double)v), inputs, slopes, targets, out lastOutput);

    public static double Loss(double[] theta, ReadOnlySpan<float> inputs, float[]? slopes, ReadOnlySpan<float> targets) =>
        Loss(theta, inputs, slopes, targets, out _);

    private static double Loss(double[] theta, ReadOnlySpan<float> inputs, float[]? slopes, ReadOnlySpan<float> targets, out float[] lastOutput)
    {
        int rows = inputs.Length / 3;
        double total = 0;
        lastOutput = new float[2];
        for (int r = 0; r < rows; r++)
        {
            var hidden = new double[6];
            for (int o = 0; o < 6; o++)
            {
                double z = theta[18 + o];
                for (int i = 0; i < 3; i++) z += theta[o * 3 + i] * inputs[r * 3 + i];
                double slope = slopes is null ? 11.0 / 48.0 : slopes[r * 6 + o];
                hidden[o] = z > 0 ? z : slope * z;
            }
            for (int o = 0; o < 2; o++)
            {
                double y = theta[24 + 12 + o];
                for (int i = 0; i < 6; i++) y += theta[24 + o * 6 + i] * hidden[i];
                lastOutput[o] = (float)y;
                total += (y - targets[r * 2 + o]) * (y - targets[r * 2 + o]);
            }
        }
        return total / (rows * 2);
    }
}
