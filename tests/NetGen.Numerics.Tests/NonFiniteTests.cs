using System;
using Xunit;
using static NetGen.Numerics.Tests.Support.NetworkState;

namespace NetGen.Numerics.Tests;

/// <summary>A step whose loss is not finite is not taken: bad data is named, divergence is said, the model stays as it was.</summary>
public class NonFiniteTests
{
    [Theory]
    [InlineData(float.NaN, "input row 2, column 1 is NaN")]
    [InlineData(float.PositiveInfinity, "input row 2, column 1 is Infinity")]
    public void A_non_finite_input_is_named_and_the_step_not_taken(float bad, string message)
    {
        // Twins with the same history (momentum included); one is given the bad batch. The same good step after it
        // must leave both equal: neither the parameters nor the optimizer's state moved.
        var (inputs, targets) = GradientCheckTests.Data(new SgdMomentumDecayMse(), 5, seed: 2);
        var hit = new SgdMomentumDecayMse(seed: 3);
        var twin = new SgdMomentumDecayMse(seed: 3);
        hit.TrainBatch(inputs, targets);
        twin.TrainBatch(inputs, targets);

        var badInputs = (float[])inputs.Clone();
        badInputs[2 * 3 + 1] = bad;
        var error = Assert.Throws<ArgumentException>(() => hit.TrainBatch(badInputs, targets));
        Assert.Equal("inputs", error.ParamName);
        Assert.Contains(message, error.Message);
        Assert.Contains("not taken", error.Message);

        Assert.Equal(Parameters(twin), Parameters(hit));
        hit.TrainBatch(inputs, targets);
        twin.TrainBatch(inputs, targets);
        Assert.Equal(Parameters(twin), Parameters(hit));
    }

    /// <summary>
    /// The check of a batch's data (four vector sums, then the tail one float at a time) at every length up to a few
    /// blocks of the widest vector and every position: a NaN or an infinity is found wherever it lies, and finite
    /// extremes (the largest float, a subnormal, -0) pass.
    /// </summary>
    [Fact]
    public void The_data_check_finds_a_non_finite_value_at_every_position()
    {
        foreach (int length in new[] { 1, 2, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 200 })
        {
            var values = new float[length];
            for (int i = 0; i < length; i++)
                values[i] = (i % 4) switch { 0 => float.MaxValue, 1 => -float.Epsilon, 2 => -0f, _ => -float.MaxValue };
            NetGen.Runtime.ThrowHelper.ThrowIfNotFinite(values, [], length, 1); // all finite: no exception
            foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
                for (int at = 0; at < length; at++)
                {
                    var copy = (float[])values.Clone();
                    copy[at] = bad;
                    var error = Assert.Throws<ArgumentException>(() => NetGen.Runtime.ThrowHelper.ThrowIfNotFinite(copy, [], length, 1));
                    Assert.Contains($"input row 0, column {at} is", error.Message);
                    var targetError = Assert.Throws<ArgumentException>(() => NetGen.Runtime.ThrowHelper.ThrowIfNotFinite([], copy, 1, length));
                    Assert.Contains($"target row 0, column {at} is", targetError.Message);
                }
        }
    }

    [Fact]
    public void A_non_finite_target_is_named_by_TrainStep()
    {
        var network = new SgdMomentumDecayMse(seed: 3);
        var before = Parameters(network);
        var error = Assert.Throws<ArgumentException>(() => network.TrainStep([0.1f, 0.2f, 0.3f], [1f, float.NaN]));
        Assert.Equal("targets", error.ParamName);
        Assert.Contains("target row 0, column 1 is NaN", error.Message);
        Assert.Equal(before, Parameters(network));
    }

    /// <summary>
    /// An infinite input that a saturating tanh turns into a finite loss: the loss cannot tell, yet the first layer's
    /// weight gradient is 0 · ∞ = NaN. The step must still be refused before it writes NaN into the weights.
    /// </summary>
    [Theory]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void A_non_finite_input_whose_loss_is_finite_is_named_and_the_step_not_taken(float bad)
    {
        var network = new MseTanh();
        var (inputs, targets) = GradientCheckTests.Data(network, 5, seed: 2);
        inputs[2 * 3 + 1] = bad;
        Assert.True(float.IsFinite(network.ComputeLoss(inputs, targets)));
        var before = Parameters(network);

        var error = Assert.Throws<ArgumentException>(() => network.TrainBatch(inputs, targets));
        Assert.Contains("input row 2, column 1 is", error.Message);
        Assert.Equal(before, Parameters(network));
    }

    [Fact]
    public void Trainer_refuses_an_infinite_feature_whose_loss_is_finite()
    {
        var network = new MseTanh();
        var (inputs, targets) = GradientCheckTests.Data(network, 20, seed: 4);
        inputs[7 * 3 + 1] = float.NegativeInfinity;
        var data = new DataSet(inputs, MseTanh.InputSize, targets, MseTanh.OutputSize);
        Assert.True(float.IsFinite(network.ComputeLoss(inputs.AsSpan(5 * 3, 5 * 3), targets.AsSpan(5 * 3, 5 * 3))));

        var error = Assert.Throws<ArgumentException>(() => new Trainer(network, new TrainerOptions { Epochs = 2, BatchSize = 5, Shuffle = false }).Fit(data));
        Assert.Contains("Training stopped in epoch 1, batch 2", error.Message);
        Assert.Contains("row 7 of the training set has feature 1 = -Infinity", error.Message);
        Assert.All(Parameters(network), p => Assert.True(float.IsFinite(p)));
    }

    [Fact]
    public void A_diverging_regression_stops_with_an_error_that_says_so()
    {
        var network = new SgdMomentumDecayMse(seed: 3);
        network.LearningRate = 1e18f;
        var (inputs, targets) = GradientCheckTests.Data(network, 5, seed: 4);
        for (int k = 0; k < targets.Length; k++) targets[k] *= 1e6f;
        ArithmeticException? error = null;
        for (int step = 0; step < 20 && error is null; step++)
        {
            try { network.TrainBatch(inputs, targets); }
            catch (ArithmeticException e) { error = e; }
        }
        Assert.NotNull(error);
        Assert.Contains("training diverged", error!.Message);
        Assert.Contains("not taken", error.Message);
    }

    /// <summary>
    /// With CheckFiniteSteps, a step that would leave a parameter infinite with a finite loss (a learning rate far too
    /// large) is undone and named: parameters, momentum or moments and the step count are as before it, so the next good
    /// step matches a twin's that never took it. Off, the same step leaves the parameters infinite (what the check is for).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_step_that_leaves_a_parameter_infinite_is_undone_when_checked(bool adam)
    {
        INetwork Create() => adam ? new TorchIrisNet(seed: 5) : new SgdMomentumDecayMse(seed: 3);
        INetwork checkedNetwork = Create(), twin = Create(), unchecked_ = Create();
        if (adam) ((TorchIrisNet)checkedNetwork).CheckFiniteSteps = true;
        else ((SgdMomentumDecayMse)checkedNetwork).CheckFiniteSteps = true;
        var (inputs, targets) = GradientCheckTests.Data(checkedNetwork, 5, seed: 4);
        if (!adam)
            for (int k = 0; k < targets.Length; k++) targets[k] *= 1e6f; // gradients large enough to overflow at that rate
        foreach (var network in new[] { checkedNetwork, twin, unchecked_ })
            network.TrainBatch(inputs, targets); // some momentum or moments, and a step count, to keep

        var before = Parameters(checkedNetwork);
        checkedNetwork.LearningRate = unchecked_.LearningRate = 3e38f;
        var error = Assert.Throws<ArithmeticException>(() => checkedNetwork.TrainBatch(inputs, targets));
        Assert.Contains("The step made", error.Message);
        Assert.Matches(@"The step made \d\.(weight|bias)\[\d+\]", error.Message);
        Assert.Equal(before, Parameters(checkedNetwork));
        unchecked_.TrainBatch(inputs, targets);
        Assert.Contains(Parameters(unchecked_), p => !float.IsFinite(p));

        checkedNetwork.LearningRate = twin.LearningRate;
        checkedNetwork.TrainBatch(inputs, targets);
        twin.TrainBatch(inputs, targets);
        Assert.Equal(Parameters(twin), Parameters(checkedNetwork));
    }

    [Fact]
    public void Trainer_stops_at_the_first_bad_row_and_names_it_with_the_epoch()
    {
        var data = TrainerTests.Blobs(40, seed: 3);
        var inputs = data.Inputs.ToArray();
        inputs[17 * 4 + 2] = float.NaN;
        var poisoned = new DataSet(inputs, 4, data.Labels.ToArray(), 3);
        var network = new TorchIrisNet(seed: 1);
        var error = Assert.Throws<ArgumentException>(() => new Trainer(network, new TrainerOptions { Epochs = 3, BatchSize = 8 }).Fit(poisoned));
        Assert.Contains("Training stopped in epoch 1, batch", error.Message);
        Assert.Contains("row 17 of the training set has feature 2 = NaN", error.Message);
        Assert.All(Parameters(network), p => Assert.True(float.IsFinite(p)));
    }

    /// <summary>A diverging run stops with the epoch and says where the gradient went bad (or that it did not).</summary>
    [Fact]
    public void Trainer_stops_a_diverging_run_and_says_where_the_gradient_went_bad()
    {
        var network = new SgdMomentumDecayMse(seed: 3) { LearningRate = 1e18f };
        var (inputs, targets) = GradientCheckTests.Data(network, 20, seed: 4);
        for (int k = 0; k < targets.Length; k++) targets[k] *= 1e6f;
        var data = new DataSet(inputs, SgdMomentumDecayMse.InputSize, targets, SgdMomentumDecayMse.OutputSize);
        var error = Assert.Throws<ArithmeticException>(() => new Trainer(network, new TrainerOptions { Epochs = 20, BatchSize = 5 }).Fit(data));
        Assert.Contains("Training stopped in epoch", error.Message);
        Assert.Contains("training diverged", error.Message);
        Assert.Matches(@"The gradient is not finite in \d\.(weight|bias)|Every gradient of that batch is finite", error.Message);
    }

    [Fact]
    public void A_NaN_stays_NaN_through_a_ReLU_as_in_torch()
    {
        // relu(NaN) is NaN in PyTorch; the vector max NetGen uses returns one of its operands when the other is NaN, so
        // the operand order decides. A NaN feature makes every unit of its row NaN; the other rows stay finite.
        foreach (INetwork network in new INetwork[] { new AdamSoftmaxCrossEntropy(seed: 1), new SharedByThreads() })
        {
            int rows = 8, bad = 3;
            var (inputs, _) = GradientCheckTests.Data(network, rows, seed: 5);
            inputs[bad * network.InputSize] = float.NaN;
            var outputs = new float[rows * network.OutputSize];
            network.PredictBatch(inputs, outputs);
            var one = new float[network.OutputSize];
            network.Predict(inputs.AsSpan(bad * network.InputSize, network.InputSize), one);
            for (int r = 0; r < rows; r++)
                for (int o = 0; o < network.OutputSize; o++)
                    Assert.Equal(r == bad, float.IsNaN(outputs[r * network.OutputSize + o]));
            Assert.All(one, y => Assert.True(float.IsNaN(y)));
        }
    }
}
