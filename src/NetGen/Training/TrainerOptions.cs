namespace NetGen;

/// <summary>How a <see cref="Trainer"/> runs: epochs, batches, shuffling, validation and early stopping.</summary>
public sealed record TrainerOptions
{
    /// <summary>Passes over the training rows (at most; early stopping may end sooner).</summary>
    public int Epochs { get; init; } = 10;
    /// <summary>Rows per optimizer step, 1 to the network's BatchSize; 0 uses the network's BatchSize.</summary>
    public int BatchSize { get; init; }
    /// <summary>Seeds the shuffling (and the validation split): the same seed gives the same run.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>Whether the rows are visited in a new random order every epoch.</summary>
    public bool Shuffle { get; init; } = true;
    /// <summary>
    /// When <c>Fit</c> is given no validation set, this fraction of the training rows (chosen once with
    /// <see cref="Seed"/>) is held out for validation; 0 holds out nothing.
    /// </summary>
    public double ValidationFraction { get; init; }
    /// <summary>
    /// Early stopping: stop after this many epochs without the monitored loss (validation loss, or the
    /// training loss without validation rows) improving by more than <see cref="MinDelta"/>; 0 never stops early.
    /// </summary>
    public int Patience { get; init; }
    /// <summary>The smallest decrease of the monitored loss that counts as an improvement: finite, 0 or more.</summary>
    public float MinDelta { get; init; }
    /// <summary>With early stopping, put back the parameters of the best epoch when training ends.</summary>
    public bool RestoreBestParameters { get; init; } = true;
    /// <summary>Also report progress every this-many batches (0: only at the end of each epoch).</summary>
    public int ReportEveryBatches { get; init; }
    /// <summary>
    /// Where to write a checkpoint after every epoch (atomically: a crash leaves the last one whole), null for none. It holds
    /// the network's checkpoint and the trainer's own state; <see cref="Trainer.Resume"/> continues the run from it bit for bit.
    /// </summary>
    public string? CheckpointPath { get; init; }
}
