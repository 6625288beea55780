using System;

namespace NetGen;

/// <summary>
/// Rows of features with either float targets (<see cref="TargetSize"/> per row) or class labels
/// (one int per row): what the loaders return and the <see cref="Trainer"/> consumes. Row-major and
/// contiguous, so a row or a block of rows is a span the generated network takes as it is.
/// </summary>
public sealed class DataSet
{
    private readonly float[] _inputs;
    private readonly float[] _targets;
    private readonly int[] _labels;

    /// <summary>Rows with float targets: <paramref name="inputs"/> [rows][inputSize], <paramref name="targets"/> [rows][targetSize].</summary>
    /// <exception cref="ArgumentException">The arrays do not hold the same whole rows, or no rows.</exception>
    public DataSet(float[] inputs, int inputSize, float[] targets, int targetSize)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetSize);
        Rows = RowsOf(inputs, inputSize);
        if (targets.Length != Rows * targetSize)
            throw new ArgumentException($"Expected {Rows * targetSize} targets ({Rows} rows of {targetSize}), got {targets.Length}.", nameof(targets));
        _inputs = inputs;
        _targets = targets;
        _labels = [];
        InputSize = inputSize;
        TargetSize = targetSize;
    }

    /// <summary>Rows with class labels: <paramref name="inputs"/> [rows][inputSize], one label in [0, classes) per row.</summary>
    /// <exception cref="ArgumentException">The arrays do not hold the same rows, or no rows, or a label is out of range.</exception>
    public DataSet(float[] inputs, int inputSize, int[] labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        Rows = RowsOf(inputs, inputSize);
        if (labels.Length != Rows)
            throw new ArgumentException($"Expected {Rows} labels (one per row), got {labels.Length}.", nameof(labels));
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentException($"Label {i} is {labels[i]}; labels are class indices from 0 to {classes - 1}.", nameof(labels));
        }
        _inputs = inputs;
        _targets = [];
        _labels = labels;
        InputSize = inputSize;
        Classes = classes;
    }

    /// <summary>The whole rows of <paramref name="inputs"/>, at least one: a set of none would train nothing and evaluate to NaN.</summary>
    private static int RowsOf(float[] inputs, int inputSize)
    {
        if (inputs.Length % inputSize != 0)
            throw new ArgumentException($"{inputs.Length} inputs are not whole rows of {inputSize}.", nameof(inputs));
        if (inputs.Length == 0)
            throw new ArgumentException("A data set needs at least one row; the inputs are empty.", nameof(inputs));
        return inputs.Length / inputSize;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }
    /// <summary>Features per row.</summary>
    public int InputSize { get; }
    /// <summary>Float targets per row; 0 when the rows carry labels.</summary>
    public int TargetSize { get; }
    /// <summary>Number of classes when the rows carry labels; 0 otherwise.</summary>
    public int Classes { get; }
    /// <summary>Whether the rows carry class labels rather than float targets.</summary>
    public bool HasLabels => Classes > 0;

    /// <summary>Every feature, row-major.</summary>
    public ReadOnlySpan<float> Inputs => _inputs;
    /// <summary>Every float target, row-major; empty when the rows carry labels.</summary>
    public ReadOnlySpan<float> Targets => _targets;
    /// <summary>One class index per row; empty when the rows carry float targets.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>The features of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> InputRow(int row) => _inputs.AsSpan(checked(row * InputSize), InputSize);

    /// <summary>Features of the rows, in place (for scaling at load time).</summary>
    internal Span<float> MutableInputs => _inputs;
    internal Span<float> MutableTargets => _targets;

    /// <summary>Multiplies every feature by <paramref name="factor"/> in place (1/16 for the 8×8 digits, 1/255 for pixels).</summary>
    public DataSet ScaleInputs(float factor)
    {
        foreach (ref float x in _inputs.AsSpan()) x *= factor;
        return this;
    }

    /// <summary>The given rows, in the given order, as a new data set (copies).</summary>
    /// <exception cref="ArgumentException">No rows are given.</exception>
    public DataSet Subset(ReadOnlySpan<int> rows)
    {
        var inputs = new float[rows.Length * InputSize];
        for (int i = 0; i < rows.Length; i++)
            InputRow(rows[i]).CopyTo(inputs.AsSpan(i * InputSize));
        if (HasLabels)
        {
            var labels = new int[rows.Length];
            for (int i = 0; i < rows.Length; i++) labels[i] = _labels[rows[i]];
            return new DataSet(inputs, InputSize, labels, Classes);
        }
        var targets = new float[rows.Length * TargetSize];
        for (int i = 0; i < rows.Length; i++)
            _targets.AsSpan(rows[i] * TargetSize, TargetSize).CopyTo(targets.AsSpan(i * TargetSize));
        return new DataSet(inputs, InputSize, targets, TargetSize);
    }

    /// <summary>
    /// A fixed random split: the rows are shuffled with <paramref name="seed"/> (the same split on
    /// every machine), then the first <paramref name="firstFraction"/> of them form the first set.
    /// </summary>
    public (DataSet First, DataSet Second) Split(double firstFraction, ulong seed)
    {
        if (!(firstFraction > 0 && firstFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(firstFraction), firstFraction, "The fraction must be strictly between 0 and 1.");
        int first = (int)Math.Round(Rows * firstFraction);
        if (first == 0 || first == Rows)
            throw new ArgumentOutOfRangeException(nameof(firstFraction), firstFraction, $"Splitting {Rows} rows at {firstFraction} leaves one side empty.");
        var order = Permutation(Rows, seed);
        return (Subset(order.AsSpan(0, first)), Subset(order.AsSpan(first)));
    }

    /// <summary>The labels as one-hot float targets (for networks trained on float targets).</summary>
    public DataSet OneHot() => OneHot(Classes);

    /// <summary>The labels as one-hot rows of <paramref name="width"/> (at least <see cref="Classes"/>: a network's outputs).</summary>
    internal DataSet OneHot(int width)
    {
        if (!HasLabels)
            throw new InvalidOperationException("This data set has float targets, not labels.");
        var targets = new float[Rows * width];
        for (int i = 0; i < Rows; i++) targets[i * width + _labels[i]] = 1f;
        return new DataSet(_inputs, InputSize, targets, width);
    }

    /// <summary>
    /// Labels 0 and 1 as one float target per row (0f or 1f), for a network with one output: a sigmoid probability or a
    /// logit trained with binary cross-entropy. <see cref="Trainer"/> does this itself for such a network.
    /// </summary>
    /// <exception cref="InvalidOperationException">Float targets, or a label other than 0 and 1.</exception>
    public DataSet BinaryTargets()
    {
        if (!HasLabels)
            throw new InvalidOperationException("This data set has float targets, not labels.");
        if (Classes > 2)
            throw new InvalidOperationException($"This data set has {Classes} classes; one 0/1 target per row takes labels 0 and 1 only.");
        var targets = new float[Rows];
        for (int i = 0; i < Rows; i++) targets[i] = _labels[i];
        return new DataSet(_inputs, InputSize, targets, 1);
    }

    /// <summary>A seeded Fisher-Yates permutation of 0..count-1.</summary>
    internal static int[] Permutation(int count, ulong seed)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        var random = new Runtime.DeterministicRandom(seed);
        Shuffle(order, ref random);
        return order;
    }

    /// <summary>Fisher-Yates in place; allocation-free.</summary>
    internal static void Shuffle(Span<int> order, ref Runtime.DeterministicRandom random)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = (int)(random.NextUInt64() % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
