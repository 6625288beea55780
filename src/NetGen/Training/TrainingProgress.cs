using System;
using System.Collections.Generic;

namespace NetGen;

/// <summary>
/// A progress report from <see cref="Trainer.Fit"/>: during an epoch (every
/// <see cref="TrainerOptions.ReportEveryBatches"/> batches) and at its end, where the validation
/// figures are filled in. A value type: reporting allocates nothing.
/// </summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Epochs">The epochs asked for.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="BatchesPerEpoch">Batches in one epoch.</param>
/// <param name="TrainingLoss">Mean loss of this epoch's batches so far (each taken before its step).</param>
/// <param name="IsEpochEnd">Whether the epoch is complete and <see cref="Metrics"/> holds its figures.</param>
/// <param name="Metrics">The epoch's figures; meaningful when <see cref="IsEpochEnd"/>.</param>
/// <param name="Elapsed">Time since <c>Fit</c> started.</param>
public readonly record struct TrainingProgress(
    int Epoch, int Epochs, int Batch, int BatchesPerEpoch, float TrainingLoss, bool IsEpochEnd, EpochMetrics Metrics, TimeSpan Elapsed);

/// <summary>One epoch's figures. Accuracies are NaN for regression networks, R² for classifiers; validation figures NaN without validation rows.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="TrainingLoss">Mean loss of the epoch's batches, each taken before its step.</param>
/// <param name="TrainingAccuracy">Accuracy on the training rows after the epoch.</param>
/// <param name="ValidationLoss">Loss on the validation rows after the epoch.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation rows after the epoch.</param>
public readonly record struct EpochMetrics(int Epoch, float TrainingLoss, float TrainingAccuracy, float ValidationLoss, float ValidationAccuracy)
{
    /// <summary>A regression network's R² on the training rows after the epoch (<see cref="Evaluation.RSquared"/>); NaN for classifiers.</summary>
    public float TrainingRSquared { get; init; } = float.NaN;
    /// <summary>A regression network's R² on the validation rows after the epoch; NaN for classifiers and without validation rows.</summary>
    public float ValidationRSquared { get; init; } = float.NaN;
}

/// <summary>What a <see cref="Trainer.Fit"/> run did.</summary>
/// <param name="History">Every epoch's figures, in order.</param>
/// <param name="BestEpoch">The epoch with the lowest monitored loss (validation loss when there are validation rows).</param>
/// <param name="StoppedEarly">Whether early stopping ended the run before the last epoch.</param>
/// <param name="RestoredBest">Whether the parameters of <see cref="BestEpoch"/> were put back at the end.</param>
public sealed record TrainingResult(IReadOnlyList<EpochMetrics> History, int BestEpoch, bool StoppedEarly, bool RestoredBest)
{
    /// <summary>The figures of the last epoch run.</summary>
    public EpochMetrics Last => History[^1];
    /// <summary>The figures of <see cref="BestEpoch"/>.</summary>
    public EpochMetrics Best => History[BestEpoch - 1];
}
