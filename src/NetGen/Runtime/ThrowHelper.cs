using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen.Runtime;

/// <summary>Argument checks for generated members: the message names the expected size.</summary>
public static class ThrowHelper
{
    // The checks inline into the generated members (sizes are constants there, so a check is a compare
    // and a branch); the messages are built in the throw helpers below, off the hot path. Those are not
    // NoInlining on purpose: the JIT must see that they only throw, so it treats the call as one that
    // does not return and keeps nothing live across it. Marked NoInlining, they made a caller's loop
    // spill registers to the stack around the cold call (seen in the JIT's disassembly).

    /// <summary>Throws unless <paramref name="actual"/> equals <paramref name="expected"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ThrowIfLengthIsNot(int actual, int expected, string parameterName)
    {
        if (actual != expected)
            ThrowLengthIsNot(actual, expected, parameterName);
    }

    /// <summary>
    /// Throws unless <paramref name="inputLength"/> is <paramref name="inputSize"/> and <paramref name="outputLength"/> is
    /// <paramref name="outputSize"/>, naming the first wrong span (<c>input</c>, then <c>output</c>, or <c>target</c> when not
    /// <paramref name="predicts"/>), as two <see cref="ThrowIfLengthIsNot"/> would, but with no parameter name at the
    /// call: a name is a string the JIT loads by a helper call in the cold path, and the lengths it keeps across that call
    /// were stored to the stack on every call of a one-sample <c>Predict</c> in a caller's loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ThrowIfLengthsAreNot(int inputLength, int inputSize, int outputLength, int outputSize, bool predicts)
    {
        if (inputLength != inputSize || outputLength != outputSize)
            ThrowLengthsAreNot(inputLength, inputSize, outputLength, outputSize, predicts);
    }

    /// <summary>
    /// Checks that <paramref name="inputLength"/> holds 1..<paramref name="maxRows"/> whole rows of
    /// <paramref name="inputSize"/> and that the targets hold the same rows of <paramref name="targetSize"/>
    /// (labels: one per row, <paramref name="targetSize"/> 1, named by <paramref name="targetName"/>).
    /// Returns the number of rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RowsOf(int inputLength, int targetLength, int inputSize, int targetSize, int maxRows, string targetName = "targets")
    {
        int rows = inputLength / inputSize;
        if (inputLength == 0 || inputLength % inputSize != 0 || rows > maxRows)
            ThrowBatchRows(inputLength, inputSize, maxRows);
        if (targetLength != rows * targetSize)
            ThrowRowsMismatch(rows, targetSize, targetLength, targetName);
        return rows;
    }

    /// <summary>
    /// Checks a data set of any number of whole rows (at least one): the inputs hold whole rows of
    /// <paramref name="inputSize"/> and the targets the same rows of <paramref name="targetSize"/>. Returns the rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DataSetRowsOf(int inputLength, int targetLength, int inputSize, int targetSize, string targetName = "targets")
    {
        int rows = inputLength / inputSize;
        if (inputLength == 0 || inputLength % inputSize != 0)
            ThrowDataSetRows(inputLength, inputSize);
        if (targetLength != rows * targetSize)
            ThrowRowsMismatch(rows, targetSize, targetLength, targetName);
        return rows;
    }

    /// <summary>Throws unless <paramref name="value"/> is positive and finite (a learning rate).</summary>
    public static void ThrowIfNotPositiveFinite(float value, string parameterName)
    {
        if (!(value > 0f) || !float.IsFinite(value))
            throw new ArgumentOutOfRangeException(parameterName, value, $"Expected a positive finite number, got {value}. Nothing was changed.");
    }

    /// <summary>Throws unless <paramref name="value"/> is in (0, 1] (a schedule's decay factor).</summary>
    public static void ThrowIfNotInUnitInterval(double value, string parameterName)
    {
        if (!(value > 0 && value <= 1))
            throw new ArgumentOutOfRangeException(parameterName, value, $"Expected a number in (0, 1], got {value}. Nothing was changed.");
    }

    /// <summary>Throws unless <paramref name="value"/> is zero or positive, and finite.</summary>
    public static void ThrowIfNegativeOrNotFinite(double value, string parameterName)
    {
        if (!(value >= 0) || !double.IsFinite(value))
            throw new ArgumentOutOfRangeException(parameterName, value, $"Expected zero or a positive finite number, got {value}. Nothing was changed.");
    }

    /// <summary>Throws unless <paramref name="value"/> is at least 1 (a count of steps).</summary>
    public static void ThrowIfNotPositive(int value, string parameterName)
    {
        if (value < 1)
            throw new ArgumentOutOfRangeException(parameterName, value, $"Expected at least 1, got {value}. Nothing was changed.");
    }

    /// <summary>
    /// The step just undone left a parameter NaN or infinite: names the first such tensor and element in state_dict
    /// order (<paramref name="stateDict"/>, the parameters as the step left them).
    /// </summary>
    [DoesNotReturn]
    public static void ThrowNonFiniteStep(ReadOnlySpan<float> stateDict, System.Collections.Generic.IReadOnlyList<ParameterTensor> tensors)
    {
        int k = 0;
        while (k < stateDict.Length && float.IsFinite(stateDict[k]))
            k++;
        string where = "a parameter";
        foreach (var tensor in tensors)
            if (k >= tensor.Offset && k < tensor.Offset + tensor.Length)
            {
                where = $"{tensor.Name}[{k - tensor.Offset}] ({stateDict[k].ToString(System.Globalization.CultureInfo.InvariantCulture)})";
                break;
            }
        throw new ArithmeticException($"The step made {where} not finite with a finite loss: training diverged (lower the learning rate, or declare [GradientClipping]). " +
            "The step was undone: the parameters and the optimizer's state are as before it.");
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the first input or target that is NaN or ±∞, before a training step:
    /// a saturating activation can keep the loss finite while the gradient is 0 · ∞ = NaN, so the loss's check alone
    /// would let the step write NaN into the weights. One multiply-add a vector while every value is finite (SpanScans).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ThrowIfNotFinite(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int inputSize, int targetSize)
    {
        if (!SpanScans.AllFinite(inputs) || !SpanScans.AllFinite(targets))
            ThrowNotFinite(inputs, targets, inputSize, targetSize);
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotFinite(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int inputSize, int targetSize)
    {
        const string NotTaken = " The step was not taken: the parameters and the optimizer's state are unchanged.";
        for (int i = 0; i < inputs.Length; i++)
            if (!float.IsFinite(inputs[i]))
                throw new ArgumentException($"Training needs finite data: input row {i / inputSize}, column {i % inputSize} is {Text(inputs[i])}.{NotTaken}", nameof(inputs));
        for (int i = 0; i < targets.Length; i++)
            if (!float.IsFinite(targets[i]))
                throw new ArgumentException($"Training needs finite data: target row {i / targetSize}, column {i % targetSize} is {Text(targets[i])}.{NotTaken}", nameof(targets));
        throw new System.Diagnostics.UnreachableException();

        static string Text(float value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A training step whose loss is NaN or ±∞ is not taken: the generated TrainStep/TrainBatch call this before the
    /// optimizer step, so the parameters and the optimizer's state are unchanged. Names the first input or target that
    /// is not finite (<see cref="ArgumentException"/>; they checked the data before the pass, so this is for any other
    /// caller), else says that training diverged (<see cref="ArithmeticException"/>).
    /// </summary>
    [DoesNotReturn]
    public static void ThrowNonFiniteLoss(float loss, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int inputSize, int targetSize)
    {
        ThrowIfNotFinite(inputs, targets, inputSize, targetSize);
        throw new ArithmeticException($"The loss is {loss.ToString(System.Globalization.CultureInfo.InvariantCulture)} with every input and target finite: " +
            "training diverged (lower the learning rate, or declare [GradientClipping]). The step was not taken: the parameters and the optimizer's state are unchanged.");
    }

    /// <summary>Throws unless every label is a class index in [0, <paramref name="classes"/>).</summary>
    public static void ThrowIfLabelOutOfRange(ReadOnlySpan<int> labels, int classes, string parameterName)
    {
        // As unsigned, a negative label is past the classes too: every label passes when the largest is below the classes.
        if (!SpanScans.AllBelow(MemoryMarshal.Cast<int, uint>(labels), (uint)classes))
        {
            int bad = 0;
            while ((uint)labels[bad] < (uint)classes)
                bad++;
            ThrowLabelOutOfRange(labels[bad], bad, classes, parameterName);
        }
    }

    [DoesNotReturn]
    private static void ThrowLabelOutOfRange(int label, int index, int classes, string parameterName) =>
        throw new ArgumentOutOfRangeException(parameterName, label, $"Label {index} is {label}; labels are class indices from 0 to {classes - 1}. Nothing was changed.");

    /// <summary>Throws if any value is NaN or infinite, naming the first one.</summary>
    public static void ThrowIfNotFinite(ReadOnlySpan<float> values, string parameterName)
    {
        if (SpanScans.AllFinite(values))
            return; // the loop below only to name the first bad one
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
                throw new ArgumentException($"Parameter {i} is {values[i]}; parameters must be finite. Nothing was changed.", parameterName);
        }
    }

    [DoesNotReturn]
    private static void ThrowLengthsAreNot(int inputLength, int inputSize, int outputLength, int outputSize, bool predicts)
    {
        if (inputLength != inputSize)
            ThrowLengthIsNot(inputLength, inputSize, "input");
        ThrowLengthIsNot(outputLength, outputSize, predicts ? "output" : "target");
    }

    [DoesNotReturn]
    private static void ThrowLengthIsNot(int actual, int expected, string parameterName) =>
        throw new ArgumentException($"Expected a span of exactly {expected} floats, got {actual}.", parameterName);

    [DoesNotReturn]
    private static void ThrowBatchRows(int inputLength, int inputSize, int maxRows) =>
        throw new ArgumentException(
            $"Expected 1 to {maxRows} rows of {inputSize} inputs ({inputSize} to {maxRows * inputSize} floats, a multiple of {inputSize}), got {inputLength} floats."
            + (inputLength > 0 && inputLength % inputSize == 0
                ? $" A training batch holds at most the network's BatchSize ({maxRows}) rows: declare [Network(BatchSize = {inputLength / inputSize})] for {inputLength / inputSize}, or let Trainer cut a data set into batches. PredictBatch and Evaluate take any number of rows."
                : ""),
            "inputs");

    [DoesNotReturn]
    private static void ThrowDataSetRows(int inputLength, int inputSize) =>
        throw new ArgumentException($"Expected whole rows of {inputSize} inputs (a positive multiple of {inputSize} floats), got {inputLength} floats.", "inputs");

    [DoesNotReturn]
    private static void ThrowRowsMismatch(int rows, int targetSize, int targetLength, string targetName) =>
        throw new ArgumentException(targetName == "labels"
            ? $"Expected {rows} labels (one class index per input row) to match {rows} input rows, got {targetLength}."
            : $"Expected {rows * targetSize} {targetName} ({rows} rows of {targetSize}) to match {rows} input rows, got {targetLength}.", targetName);
}
