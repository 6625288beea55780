using System;
using System.ComponentModel;

namespace NetGen.Runtime;

/// <summary>
/// One-hot rows of up to <see cref="MaxClasses"/> classes, read from constant data: a one-row training step turns its
/// label into its target row without writing one. The loss reads the row with a masked vector load, which the store
/// buffer does not forward from the scalar stores of a freshly written row: the load waited for them to reach the L1
/// cache, on the step's one dependency chain (iris's one-row step of a label, the duel's <c>train_b1</c>). The rows are
/// shared by every network: whatever takes a reference into them only reads (the loss kernels read their targets).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class OneHotRows
{
    /// <summary>The most classes a row of <see cref="Of"/> may have: one Vector512 of outputs.</summary>
    public const int MaxClasses = 16;

    // 15 zeros, a one, 15 zeros: the row of label c over k classes is the k floats from 15 - c (the one at index c). An
    // array made once: a span property over a collection expression allocated 72 bytes a call in a Debug build.
    private static readonly float[] Table = OneAtTheMiddle();

    private static float[] OneAtTheMiddle()
    {
        var table = new float[2 * MaxClasses - 1];
        table[MaxClasses - 1] = 1f;
        return table;
    }

    /// <summary>The one-hot row of <paramref name="label"/> over <paramref name="classes"/> classes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Classes is not in [1, <see cref="MaxClasses"/>], or the label is not in [0, classes).</exception>
    public static ReadOnlySpan<float> Of(int label, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classes, MaxClasses);
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(label, classes);
        return new ReadOnlySpan<float>(Table, MaxClasses - 1 - label, classes);
    }
}
