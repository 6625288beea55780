using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace NetGen;

/// <summary>
/// The training loop around a generated network: epochs of seeded-shuffled mini-batches, a
/// validation set (given, or split off), early stopping with the best parameters restored,
/// <see cref="IProgress{T}"/> reports and cancellation. Buffers are allocated when <see cref="Fit"/>
/// starts; a batch allocates nothing (rows are gathered into the batch buffer and passed to the
/// network's <c>TrainBatch</c>).
/// </summary>
public sealed class Trainer
{
    private readonly INetwork _network;

    /// <summary>A trainer for <paramref name="network"/>; <paramref name="options"/> defaults to 10 epochs at the network's batch size.</summary>
    public Trainer(INetwork network, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        options ??= new TrainerOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Epochs, nameof(options.Epochs));
        if (options.BatchSize < 0 || options.BatchSize > network.BatchSize)
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, $"BatchSize must be 1 to the network's {network.BatchSize} (or 0 for {network.BatchSize}): the generated code is sized for at most that many rows. Declare [Network(BatchSize = {Math.Max(options.BatchSize, 1)})] on {network.GetType().Name} to train on batches of {Math.Max(options.BatchSize, 1)}.");
        if (!(options.ValidationFraction >= 0 && options.ValidationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.ValidationFraction, "ValidationFraction must be in [0, 1).");
        ArgumentOutOfRangeException.ThrowIfNegative(options.Patience, nameof(options.Patience));
        if (!(options.MinDelta >= 0 && float.IsFinite(options.MinDelta)))
            throw new ArgumentOutOfRangeException(nameof(options), options.MinDelta, "MinDelta must be a finite number, 0 or more: NaN would count no epoch as an improvement and -∞ every one.");
        ArgumentOutOfRangeException.ThrowIfNegative(options.ReportEveryBatches, nameof(options.ReportEveryBatches));
        _network = network;
        Options = options;
    }

    /// <summary>The options this trainer runs with.</summary>
    public TrainerOptions Options { get; }

    /// <summary>
    /// Trains on <paramref name="training"/> and reports to <paramref name="progress"/> (called on this
    /// thread, synchronously: pass an <see cref="IProgress{T}"/> that does not post if you count allocations).
    /// </summary>
    /// <exception cref="ArgumentException">The data does not fit the network's input or output size.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the network keeps the steps taken.</exception>
    public TrainingResult Fit(DataSet training, DataSet? validation = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var (train, check) = PrepareBoth(training, validation);
        return new Run(this, train, check, progress, cancellationToken, resumed: null).Execute();
    }

    /// <summary>
    /// Continues the run whose checkpoint <see cref="TrainerOptions.CheckpointPath"/> wrote to <paramref name="checkpointPath"/>,
    /// from the epoch after it, as if it had not stopped: the network's parameters and optimizer state, the shuffling, the
    /// early-stopping record and the history all come from the checkpoint. Give the same data and options (<see
    /// cref="TrainerOptions.Epochs"/> may be larger, to train longer); the result's history includes the epochs before.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a trainer checkpoint, damaged, or written by a run with other options or data; nothing changes.</exception>
    public TrainingResult Resume(string checkpointPath, DataSet training, DataSet? validation = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointPath);
        var (train, check) = PrepareBoth(training, validation);
        TrainerCheckpoint checkpoint;
        using (var stream = File.OpenRead(checkpointPath))
            checkpoint = TrainerCheckpoint.Read(stream);
        string expected = TrainerCheckpoint.FingerprintOf(Options, BatchSizeOf(Options), train, check);
        if (checkpoint.Fingerprint != expected)
            throw new InvalidDataException($"The checkpoint was written by another run ({checkpoint.Fingerprint}); this one is {expected}. Resume with the data and options that wrote it.");
        if (!IsPermutation(checkpoint.Order) || checkpoint.Order.Length != train.Rows
            || checkpoint.BestParameters.Length != (RestoresBest(Options) ? _network.ParameterCount : 0))
            throw new InvalidDataException("The trainer checkpoint is inconsistent: its row order or best parameters do not fit this run.");
        _network.LoadCheckpoint(new MemoryStream(checkpoint.Network)); // checks the network's part whole before changing it
        return new Run(this, train, check, progress, cancellationToken, checkpoint).Execute();
    }

    private (DataSet Train, DataSet? Check) PrepareBoth(DataSet training, DataSet? validation)
    {
        ArgumentNullException.ThrowIfNull(training);
        if (validation is null && Options.ValidationFraction > 0)
            (training, validation) = training.Split(1 - Options.ValidationFraction, Options.Seed);
        return (Prepare(training, nameof(training)), validation is null ? null : Prepare(validation, nameof(validation)));
    }

    private int BatchSizeOf(TrainerOptions options) => options.BatchSize == 0 ? _network.BatchSize : options.BatchSize;

    private static bool RestoresBest(TrainerOptions options) => options.Patience > 0 && options.RestoreBestParameters;

    private static bool IsPermutation(int[] order)
    {
        var seen = new bool[order.Length];
        foreach (int row in order)
        {
            if ((uint)row >= (uint)order.Length || seen[row])
                return false;
            seen[row] = true;
        }
        return true;
    }

    /// <summary>
    /// Labels go to a classifier as they are, and to a one-output network as 0/1 targets when they are 0 and 1 (binary
    /// classification from a label column); anything else is checked against the output size (labels become one-hot rows).
    /// Labels need only be outputs of the network: a split, or a file, without the top class has fewer classes.
    /// </summary>
    private DataSet Prepare(DataSet data, string name)
    {
        if (data.InputSize != _network.InputSize)
            throw new ArgumentException($"The {name} rows have {data.InputSize} features; {_network.GetType().Name} takes {_network.InputSize}.", name);
        if (data.HasLabels && data.Classes <= 2 && _network.OutputSize == 1 && _network is not IClassifier)
            return data.BinaryTargets();
        int width = data.HasLabels ? data.Classes : data.TargetSize;
        if (data.HasLabels ? width > _network.OutputSize : width != _network.OutputSize)
            throw new ArgumentException($"The {name} rows have {width} {(data.HasLabels ? "classes" : "targets")}; {_network.GetType().Name} has {_network.OutputSize} outputs."
                + (data.HasLabels ? " Labels train a network with one output per class, or (labels 0 and 1) a network with one output." : " Declare as many outputs as target columns (CsvOptions.TargetColumns)."), name);
        return data.HasLabels && _network is not IClassifier ? data.OneHot(_network.OutputSize) : data;
    }

    /// <summary>One Fit call: its buffers, its random stream, its best-so-far.</summary>
    private sealed class Run
    {
        private readonly Trainer _trainer;
        private readonly INetwork _network;
        private readonly IClassifier? _classifier;
        private readonly DataSet _train;
        private readonly DataSet? _validation;
        private readonly IProgress<TrainingProgress>? _progress;
        private readonly CancellationToken _cancellation;
        private readonly int _batchSize;
        private readonly int _batches;
        private readonly int[] _order;
        private readonly float[] _batchInputs;
        private readonly float[] _batchTargets;
        private readonly int[] _batchLabels;
        private readonly float[] _bestParameters;
        private readonly EpochMetrics[] _history;
        private readonly long _start = Stopwatch.GetTimestamp();
        private readonly string? _fingerprint;
        private readonly TrainerCheckpoint? _resumed;
        private Runtime.DeterministicRandom _random;

        public Run(Trainer trainer, DataSet train, DataSet? validation, IProgress<TrainingProgress>? progress, CancellationToken cancellation, TrainerCheckpoint? resumed)
        {
            _trainer = trainer;
            _network = trainer._network;
            _classifier = train.HasLabels ? (IClassifier)_network : null;
            _train = train;
            _validation = validation;
            _progress = progress;
            _cancellation = cancellation;
            _batchSize = trainer.BatchSizeOf(trainer.Options);
            _batches = (train.Rows + _batchSize - 1) / _batchSize;
            _order = new int[train.Rows];
            for (int i = 0; i < _order.Length; i++) _order[i] = i;
            _batchInputs = new float[_batchSize * train.InputSize];
            _batchTargets = train.HasLabels ? [] : new float[_batchSize * train.TargetSize];
            _batchLabels = train.HasLabels ? new int[_batchSize] : [];
            _bestParameters = RestoresBest(trainer.Options) ? new float[_network.ParameterCount] : [];
            _history = new EpochMetrics[Math.Max(trainer.Options.Epochs, resumed?.Epoch ?? 0)];
            _random = new Runtime.DeterministicRandom(trainer.Options.Seed);
            if (trainer.Options.CheckpointPath is not null)
                _fingerprint = TrainerCheckpoint.FingerprintOf(trainer.Options, _batchSize, train, validation);
            if (resumed is not null)
            {
                _resumed = resumed;
                _random = new Runtime.DeterministicRandom(resumed.RandomState);
                resumed.Order.CopyTo(_order, 0);
                resumed.BestParameters.CopyTo(_bestParameters, 0);
                resumed.History.CopyTo(_history, 0);
            }
        }

        public TrainingResult Execute()
        {
            var options = _trainer.Options;
            float best = _resumed?.Best ?? float.PositiveInfinity;
            int bestEpoch = _resumed?.BestEpoch ?? 0, epoch = _resumed?.Epoch ?? 0;
            bool stoppedEarly = false;
            while (epoch < options.Epochs)
            {
                // Early stopping is decided before the next epoch, so a run resumed after the epoch that ended it ends too.
                if (options.Patience > 0 && epoch > 0 && epoch - bestEpoch >= options.Patience)
                {
                    stoppedEarly = true;
                    break;
                }
                epoch++;
                var metrics = TrainEpoch(epoch);
                _history[epoch - 1] = metrics;
                float monitored = _validation is null ? metrics.TrainingLoss : metrics.ValidationLoss;
                if (monitored < best - options.MinDelta || bestEpoch == 0)
                {
                    best = Math.Min(best, monitored);
                    bestEpoch = epoch;
                    if (_bestParameters.Length > 0) _network.CopyParametersTo(_bestParameters);
                }
                _progress?.Report(new TrainingProgress(epoch, options.Epochs, _batches, _batches, metrics.TrainingLoss, true, metrics, Elapsed));
                if (options.CheckpointPath is { } path)
                    WriteCheckpoint(path, epoch, bestEpoch, best);
            }
            bool restore = _bestParameters.Length > 0 && bestEpoch != epoch;
            if (restore) _network.SetParameters(_bestParameters);
            return new TrainingResult(_history.AsSpan(0, epoch).ToArray(), bestEpoch, stoppedEarly, restore);
        }

        /// <summary>The state after <paramref name="epoch"/>, with the network's checkpoint, written atomically.</summary>
        private void WriteCheckpoint(string path, int epoch, int bestEpoch, float best)
        {
            var network = new System.IO.MemoryStream();
            _network.SaveCheckpoint(network);
            var checkpoint = new TrainerCheckpoint
            {
                Fingerprint = _fingerprint!, Epoch = epoch, RandomState = _random.State, Order = _order, BestEpoch = bestEpoch, Best = best,
                History = _history[..epoch], BestParameters = _bestParameters, Network = network.ToArray(),
            };
            Runtime.AtomicFile.Write(path, checkpoint.Write);
        }

        private EpochMetrics TrainEpoch(int epoch)
        {
            if (_trainer.Options.Shuffle)
                DataSet.Shuffle(_order, ref _random);
            double lossSum = 0;
            int rowsDone = 0;
            for (int batch = 0; batch < _batches; batch++)
            {
                _cancellation.ThrowIfCancellationRequested();
                int start = batch * _batchSize;
                int rows = Math.Min(_batchSize, _train.Rows - start);
                lossSum += (double)TrainBatchOrStop(_order.AsSpan(start, rows), epoch, batch) * rows;
                rowsDone += rows;
                int every = _trainer.Options.ReportEveryBatches;
                if (_progress is not null && every > 0 && (batch + 1) % every == 0 && batch + 1 < _batches)
                    _progress.Report(new TrainingProgress(epoch, _trainer.Options.Epochs, batch + 1, _batches, (float)(lossSum / rowsDone), false, default, Elapsed));
            }
            var trainEval = Evaluate(_train);
            var validationEval = _validation is null ? new Evaluation(float.NaN, float.NaN, float.NaN, 0) : Evaluate(_validation);
            return new EpochMetrics(epoch, (float)(lossSum / rowsDone), trainEval.Accuracy, validationEval.Loss, validationEval.Accuracy)
            {
                TrainingRSquared = trainEval.RSquared,
                ValidationRSquared = validationEval.RSquared,
            };
        }

        /// <summary>
        /// One step, or the end of the run when its loss is not finite (the network refuses that step, so it keeps the
        /// parameters of the last one): the data set row and column that is not finite, or divergence, with the epoch.
        /// </summary>
        private float TrainBatchOrStop(ReadOnlySpan<int> rows, int epoch, int batch)
        {
            try
            {
                return TrainBatch(rows);
            }
            catch (Exception e) when (e is ArgumentException or ArithmeticException)
            {
                string where = $"Training stopped in epoch {epoch}, batch {batch + 1} of {_batches}";
                foreach (int row in rows)
                {
                    var inputs = _train.InputRow(row);
                    for (int i = 0; i < inputs.Length; i++)
                        if (!float.IsFinite(inputs[i]))
                            throw new ArgumentException($"{where}: row {row} of the training set has feature {i} = {inputs[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}. The network keeps the parameters of the last step taken.", "training", e);
                    if (!_train.HasLabels)
                        for (int t = 0; t < _train.TargetSize; t++)
                            if (!float.IsFinite(_train.Targets[row * _train.TargetSize + t]))
                                throw new ArgumentException($"{where}: row {row} of the training set has target {t} = {_train.Targets[row * _train.TargetSize + t].ToString(System.Globalization.CultureInfo.InvariantCulture)}. The network keeps the parameters of the last step taken.", "training", e);
                }
                throw new ArithmeticException($"{where}: {e.Message}{WhereTheGradientWentBad()}", e);
            }
        }

        /// <summary>
        /// After a step refused for its loss, the gradients of that batch are in the network's buffer: the tensors whose
        /// gradient is not finite, from the output back (where backpropagation first went bad), or that all are finite.
        /// Allocates, on the way to the exception only.
        /// </summary>
        private string WhereTheGradientWentBad()
        {
            var gradients = new float[_network.ParameterCount];
            _network.CopyGradientsTo(gradients);
            var bad = new System.Collections.Generic.List<string>();
            var tensors = _network.ParameterTensors;
            for (int t = tensors.Count - 1; t >= 0; t--)
            {
                var tensor = tensors[t];
                foreach (float g in gradients.AsSpan(tensor.Offset, tensor.Length))
                    if (!float.IsFinite(g))
                    {
                        bad.Add(tensor.Name);
                        break;
                    }
            }
            return bad.Count == 0
                ? " Every gradient of that batch is finite: the loss itself overflowed."
                : $" The gradient is not finite in {string.Join(", ", bad)} (from the output back; the first is where backpropagation went bad).";
        }

        /// <summary>
        /// Gathers the rows into the batch buffers and takes one step. The network refuses a batch holding a value that is
        /// not finite before its step (ArgumentException); TrainBatchOrStop names the data set's row.
        /// </summary>
        private float TrainBatch(ReadOnlySpan<int> rows)
        {
            int inputSize = _train.InputSize;
            for (int i = 0; i < rows.Length; i++)
                _train.InputRow(rows[i]).CopyTo(_batchInputs.AsSpan(i * inputSize, inputSize));
            var inputs = _batchInputs.AsSpan(0, rows.Length * inputSize);
            if (_classifier is not null)
            {
                var labels = _train.Labels;
                for (int i = 0; i < rows.Length; i++) _batchLabels[i] = labels[rows[i]];
                return _classifier.TrainBatch(inputs, _batchLabels.AsSpan(0, rows.Length));
            }
            int targetSize = _train.TargetSize;
            var targets = _train.Targets;
            for (int i = 0; i < rows.Length; i++)
                targets.Slice(rows[i] * targetSize, targetSize).CopyTo(_batchTargets.AsSpan(i * targetSize, targetSize));
            return _network.TrainBatch(inputs, _batchTargets.AsSpan(0, rows.Length * targetSize));
        }

        private Evaluation Evaluate(DataSet data) => data.HasLabels
            ? ((IClassifier)_network).Evaluate(data.Inputs, data.Labels)
            : _network.Evaluate(data.Inputs, data.Targets);

        private TimeSpan Elapsed => Stopwatch.GetElapsedTime(_start);
    }
}
