using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Xunit;
using static NetGen.Numerics.Tests.Support.NetworkState;

namespace NetGen.Numerics.Tests;

/// <summary>The Trainer: it is exactly the TrainBatch loop it claims to be, seeded, stoppable, cancellable and allocation-free per batch.</summary>
public class TrainerTests
{
    /// <summary>Three separable blobs in 4 dimensions, labelled by blob.</summary>
    internal static DataSet Blobs(int rows, ulong seed)
    {
        var random = new Runtime.DeterministicRandom(seed);
        var inputs = new float[rows * 4];
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            labels[r] = (int)(random.NextUInt64() % 3);
            for (int i = 0; i < 4; i++)
                inputs[r * 4 + i] = (i == labels[r] ? 3f : 0f) + random.NextGaussian(0f, 0.7f);
        }
        return new DataSet(inputs, 4, labels, 3);
    }

    /// <summary>Reports on the calling thread, synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Recorder(Action<TrainingProgress>? also = null) : IProgress<TrainingProgress>
    {
        public List<TrainingProgress> Reports { get; } = new(512);
        public void Report(TrainingProgress value) { Reports.Add(value); also?.Invoke(value); }
    }

    [Fact]
    public void Without_shuffling_one_epoch_is_the_TrainBatch_loop_over_consecutive_rows()
    {
        var data = Blobs(70, seed: 1); // 4 batches of 16 and one of 6
        var trained = new TorchIrisNet(seed: 3);
        var manual = new TorchIrisNet(seed: 3);

        var result = new Trainer(trained, new TrainerOptions { Epochs = 1, Shuffle = false }).Fit(data);
        double lossSum = 0;
        for (int start = 0; start < data.Rows; start += 16)
        {
            int rows = Math.Min(16, data.Rows - start);
            lossSum += manual.TrainBatch(data.Inputs.Slice(start * 4, rows * 4), data.Labels.Slice(start, rows)) * rows;
        }

        Assert.Equal(Parameters(manual), Parameters(trained));
        // A tolerance, not 6 rounded decimals: two sums an ulp apart can round to either side of a sixth decimal.
        Assert.Equal((float)(lossSum / data.Rows), result.Last.TrainingLoss, 1e-6);
        Assert.Equal(manual.Evaluate(data.Inputs, data.Labels).Accuracy, result.Last.TrainingAccuracy);
    }

    [Fact]
    public void It_learns_and_a_seed_fixes_the_run()
    {
        var (train, test) = Blobs(300, seed: 2).Split(0.8, seed: 1);
        TrainingResult Run(ulong seed, out float[] parameters)
        {
            var network = new TorchIrisNet(seed: 1);
            var result = new Trainer(network, new TrainerOptions { Epochs = 15, Seed = seed }).Fit(train, test);
            parameters = Parameters(network);
            return result;
        }

        var first = Run(7, out var p1);
        Run(7, out var p2);
        Run(8, out var p3);

        Assert.Equal(p1, p2);
        Assert.NotEqual(p1, p3);
        Assert.Equal(15, first.History.Count);
        Assert.True(first.Last.ValidationAccuracy >= 0.9f, $"validation accuracy {first.Last.ValidationAccuracy}");
        Assert.True(first.Last.TrainingLoss < first.History[0].TrainingLoss / 2, "the loss halves");
    }

    [Fact]
    public void Early_stopping_ends_the_run_and_restores_the_best_epoch()
    {
        var train = Blobs(96, seed: 3);
        // Validation rows labelled against their blob: the better the network learns, the worse they score.
        var wrong = train.Labels.ToArray().Select(l => (l + 1) % 3).ToArray();
        var validation = new DataSet(train.Inputs.ToArray(), 4, wrong, 3);
        var network = new TorchIrisNet(seed: 4);
        var afterOneEpoch = new TorchIrisNet(seed: 4);
        new Trainer(afterOneEpoch, new TrainerOptions { Epochs = 1, Seed = 9 }).Fit(train);

        var result = new Trainer(network, new TrainerOptions { Epochs = 50, Seed = 9, Patience = 3 }).Fit(train, validation);

        Assert.Equal(1, result.BestEpoch);
        Assert.Equal(4, result.History.Count);
        Assert.True(result.StoppedEarly && result.RestoredBest);
        Assert.Equal(Parameters(afterOneEpoch), Parameters(network));
    }

    [Fact]
    public void Validation_fraction_holds_rows_out()
    {
        var recorder = new Recorder();
        var result = new Trainer(new TorchIrisNet(), new TrainerOptions { Epochs = 2, ValidationFraction = 0.25 }).Fit(Blobs(80, seed: 5), progress: recorder);
        Assert.All(result.History, e => Assert.False(float.IsNaN(e.ValidationLoss)));
        Assert.Equal(4, recorder.Reports[0].BatchesPerEpoch); // 60 training rows in batches of 16
    }

    [Fact]
    public void Progress_reports_batches_and_epoch_ends_in_order()
    {
        var recorder = new Recorder();
        var result = new Trainer(new TorchIrisNet(), new TrainerOptions { Epochs = 3, BatchSize = 10, ReportEveryBatches = 2 })
            .Fit(Blobs(50, seed: 6), progress: recorder); // 5 batches: reports after 2, 4, then the epoch end

        Assert.Equal(9, recorder.Reports.Count);
        Assert.Equal([(1, 2, false), (1, 4, false), (1, 5, true)], recorder.Reports.Take(3).Select(r => (r.Epoch, r.Batch, r.IsEpochEnd)));
        var ends = recorder.Reports.Where(r => r.IsEpochEnd).Select(r => r.Metrics).ToArray();
        Assert.Equal(result.History, ends);
        Assert.True(float.IsNaN(ends[0].ValidationLoss)); // no validation rows
        Assert.True(recorder.Reports.Zip(recorder.Reports.Skip(1)).All(p => p.First.Elapsed <= p.Second.Elapsed));
    }

    [Fact]
    public void A_one_output_network_trains_from_a_0_1_label_column()
    {
        // Blob 0 against the others: labels 0 and 1, as a CSV's label column loads them.
        var blobs = Blobs(120, seed: 8);
        var labels = blobs.Labels.ToArray().Select(label => label == 0 ? 1 : 0).ToArray();
        var data = new DataSet(blobs.Inputs.ToArray(), 4, labels, 2);
        var network = new BinaryBlobNet();
        var result = new Trainer(network, new TrainerOptions { Epochs = 30, Seed = 2 }).Fit(data);

        var targets = data.BinaryTargets();
        Assert.Equal(labels.Select(label => (float)label), targets.Targets.ToArray());
        Assert.True(network.Evaluate(data.Inputs, targets.Targets).Accuracy >= 0.95f, $"accuracy {network.Evaluate(data.Inputs, targets.Targets).Accuracy}");
        Assert.True(result.Last.TrainingAccuracy >= 0.95f);
        // More than two classes cannot be one 0/1 output: the error says what can.
        var error = Assert.Throws<ArgumentException>(() => new Trainer(new BinaryBlobNet()).Fit(blobs));
        Assert.Contains("have 3 classes; BinaryBlobNet has 1 outputs. Labels train a network with one output per class, or (labels 0 and 1) a network with one output.", error.Message);
        Assert.Throws<InvalidOperationException>(() => blobs.BinaryTargets());
    }

    [Fact]
    public void ConsoleProgress_writes_one_line_per_epoch_in_order_before_Fit_returns()
    {
        var lines = new System.IO.StringWriter();
        var result = new Trainer(new TorchIrisNet(), new TrainerOptions { Epochs = 10, BatchSize = 10, ReportEveryBatches = 1, ValidationFraction = 0.2 })
            .Fit(Blobs(50, seed: 6), progress: new ConsoleProgress(lines));
        string[] written = lines.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(result.History.Select(e => ConsoleProgress.Line(e, 10)), written);
        Assert.StartsWith(" 1/10  loss ", written[0]["epoch ".Length..]);
        Assert.Contains("validation loss", written[^1]);
        Assert.Matches(@"^epoch 10/10  loss \d\.\d{4}  accuracy \d+\.\d%  validation loss \d\.\d{4}  accuracy \d+\.\d%$", written[^1]);
    }

    [Fact]
    public void A_regression_reports_R2_each_epoch_as_Evaluate_computes_it()
    {
        var random = new Runtime.DeterministicRandom(9);
        var inputs = new float[60 * 3];
        var targets = new float[60 * 2];
        for (int r = 0; r < 60; r++)
        {
            for (int i = 0; i < 3; i++) inputs[r * 3 + i] = random.NextGaussian(0f, 1f);
            targets[r * 2] = inputs[r * 3] - inputs[r * 3 + 1];
            targets[r * 2 + 1] = 0.5f * inputs[r * 3 + 2];
        }
        var data = new DataSet(inputs, 3, targets, 2);
        var network = new SgdMomentumDecayMse(seed: 1);
        var result = new Trainer(network, new TrainerOptions { Epochs = 20, Seed = 4 }).Fit(data);
        Assert.All(result.History, e => Assert.True(float.IsNaN(e.TrainingAccuracy) && !float.IsNaN(e.TrainingRSquared)));
        Assert.Equal(network.Evaluate(data.Inputs, data.Targets).RSquared, result.Last.TrainingRSquared);
        Assert.True(result.Last.TrainingRSquared > result.History[0].TrainingRSquared);
        Assert.True(float.IsNaN(result.Last.ValidationRSquared)); // no validation rows
    }

    [Fact]
    public void ConsoleProgress_leaves_out_the_figures_that_do_not_apply()
    {
        // A regression network's accuracies and a run without validation rows are NaN.
        Assert.Equal("epoch  3/12  loss 0.2500", ConsoleProgress.Line(new EpochMetrics(3, 0.25f, float.NaN, float.NaN, float.NaN), 12));
        Assert.Equal("epoch   3/120  loss 0.2500  accuracy 50.0%", ConsoleProgress.Line(new EpochMetrics(3, 0.25f, 0.5f, float.NaN, float.NaN), 120));
        Assert.Equal("epoch 3/9  loss 0.2500  R² 0.7500  validation loss 0.5000  R² 0.6000",
            ConsoleProgress.Line(new EpochMetrics(3, 0.25f, float.NaN, 0.5f, float.NaN) { TrainingRSquared = 0.75f, ValidationRSquared = 0.6f }, 9));
    }

    [Fact]
    public void Cancellation_stops_between_batches_and_keeps_the_steps_taken()
    {
        var data = Blobs(64, seed: 7);
        using var cancel = new CancellationTokenSource();
        var network = new TorchIrisNet(seed: 5);
        var twoEpochs = new TorchIrisNet(seed: 5);
        new Trainer(twoEpochs, new TrainerOptions { Epochs = 2, Seed = 3 }).Fit(data);
        var recorder = new Recorder(p => { if (p.IsEpochEnd && p.Epoch == 2) cancel.Cancel(); });

        Assert.Throws<OperationCanceledException>(() =>
            new Trainer(network, new TrainerOptions { Epochs = 10, Seed = 3 }).Fit(data, progress: recorder, cancellationToken: cancel.Token));

        Assert.Equal(Parameters(twoEpochs), Parameters(network));
    }

    [Fact]
    public void Labels_train_a_network_with_float_targets_as_one_hot_rows()
    {
        var data = Blobs(40, seed: 8);
        var withLabels = new AdamMseSoftmaxDecayClip(seed: 1);
        var withOneHot = new AdamMseSoftmaxDecayClip(seed: 1);
        var options = new TrainerOptions { Epochs = 2, BatchSize = 5 };
        var threeFeatures = new DataSet(Enumerable.Range(0, 40).SelectMany(r => data.InputRow(r)[..3].ToArray()).ToArray(), 3, data.Labels.ToArray(), 3);

        new Trainer(withLabels, options).Fit(threeFeatures);
        new Trainer(withOneHot, options).Fit(threeFeatures.OneHot());

        Assert.Equal(Parameters(withOneHot), Parameters(withLabels));
    }

    [Fact]
    public void Data_that_does_not_fit_the_network_is_refused_before_training()
    {
        var network = new TorchIrisNet(seed: 6);
        var before = Parameters(network);
        var trainer = new Trainer(network);
        Assert.Contains("have 2 features; TorchIrisNet takes 4", Assert.Throws<ArgumentException>(() => trainer.Fit(new DataSet([1f, 2f], 2, [0], 3))).Message);
        Assert.Contains("have 4 classes; TorchIrisNet has 3 outputs", Assert.Throws<ArgumentException>(() => trainer.Fit(new DataSet([1f, 2f, 3f, 4f], 4, [0], 4))).Message);
        Assert.Contains("Declare [Network(BatchSize = 17)] on TorchIrisNet", Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(network, new TrainerOptions { BatchSize = 17 })).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(network, new TrainerOptions { Epochs = 0 }));
        foreach (float minDelta in new[] { float.NaN, float.NegativeInfinity, float.PositiveInfinity, -1e-3f })
            Assert.Contains("MinDelta must be", Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(network, new TrainerOptions { Patience = 3, MinDelta = minDelta })).Message);
        _ = new Trainer(network, new TrainerOptions { Patience = 3, MinDelta = 0f });
        Assert.Equal(before, Parameters(network));
    }

    /// <summary>
    /// A validation set without the top class (a CSV of it infers 2 classes from its labels) fits a 3-output network: its
    /// labels are outputs of the network. As labels for a classifier, and as one-hot rows of 3 for a network on float targets.
    /// </summary>
    [Fact]
    public void A_validation_set_without_the_top_class_is_taken()
    {
        var data = Blobs(60, seed: 2);
        var labels = data.Labels.ToArray();
        int[] rows = Enumerable.Range(0, 60).Where(r => labels[r] < 2).ToArray();
        float[] inputs = rows.SelectMany(r => data.InputRow(r).ToArray()).ToArray();
        var validation = new DataSet(inputs, 4, rows.Select(r => labels[r]).ToArray(), 2);
        var options = new TrainerOptions { Epochs = 2, BatchSize = 5 };

        var classifier = new TorchIrisNet(seed: 1);
        var result = new Trainer(classifier, options).Fit(data, validation);
        Assert.Equal(classifier.Evaluate(validation.Inputs, validation.Labels).Loss, result.History[^1].ValidationLoss);

        var threeFeatures = new DataSet(Enumerable.Range(0, 60).SelectMany(r => data.InputRow(r)[..3].ToArray()).ToArray(), 3, labels, 3);
        var validationInputs = rows.SelectMany(r => data.InputRow(r)[..3].ToArray()).ToArray();
        var oneHot = new float[rows.Length * 3];
        for (int i = 0; i < rows.Length; i++) oneHot[i * 3 + labels[rows[i]]] = 1f;
        var regression = new AdamMseSoftmaxDecayClip(seed: 1);
        result = new Trainer(regression, options).Fit(threeFeatures, new DataSet(validationInputs, 3, rows.Select(r => labels[r]).ToArray(), 2));
        Assert.Equal(regression.Evaluate(validationInputs, oneHot).Loss, result.History[^1].ValidationLoss);
    }

    [Fact]
    public void A_batch_allocates_nothing()
    {
        var data = Blobs(160, seed: 9); // 10 batches an epoch
        var network = new TorchIrisNet(seed: 7);
        var recorder = new Recorder();
        long Allocated(int epochs)
        {
            var trainer = new Trainer(network, new TrainerOptions { Epochs = epochs, ReportEveryBatches = 1 });
            recorder.Reports.Clear();
            long before = GC.GetAllocatedBytesForCurrentThread();
            trainer.Fit(data, data, recorder);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Allocated(2); // warm up: JIT, tiering, the recorder's list capacity

        // 200 more batches and 20 more epochs: only the history grows (20 more EpochMetrics, plus its copy in the result).
        // The least of three rounds: a per-batch allocation shows in every round, while the runtime's own one-off work on
        // this thread (tiered recompilation; CI once counted 3 KB more with DOTNET_EnableAVX512=0) falls into one.
        int metrics = System.Runtime.CompilerServices.Unsafe.SizeOf<EpochMetrics>();
        long limit = 20 * 2 * metrics + 64, few = 0, many = long.MaxValue;
        for (int round = 0; round < 3 && many - few > limit; round++)
            (few, many) = (Allocated(2), Allocated(22));
        Assert.True(many - few <= limit, $"2 epochs allocated {few} B, 22 epochs {many} B in each of three rounds (EpochMetrics: {metrics} B)");
    }
}

/// <summary>One logit for "blob 0 or not": binary classification trained from a 0/1 label column.</summary>
[Network(Loss = Loss.BinaryCrossEntropyWithLogits, Optimizer = Optimizer.Adam, LearningRate = 0.05f, BatchSize = 16, Seed = 4)]
[Input(4)]
[Dense(6, Activation.Tanh)]
[Dense(1)]
public partial class BinaryBlobNet { }
