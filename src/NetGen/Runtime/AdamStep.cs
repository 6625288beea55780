using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace NetGen.Runtime;

/// <summary>
/// Adam's scalars of one step, computed once and shared by every range the step covers: the learning rate,
/// <c>lr / (1 - β1^t)</c> and <c>1 / sqrt(1 - β2^t)</c>, from the corrections in double as PyTorch computes them
/// (<see cref="AdamCorrections"/>), rounded to float. The step size is a double division: a step that covers its
/// storage range by range (each layer's once its backward ends) made it once a range, three per iris step, each on the
/// way to its range's first update.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct AdamStep
{
    /// <summary>The step's learning rate (AdamW's decay scales by <c>1 - lr · wd</c>).</summary>
    public float LearningRate { get; }

    /// <summary><c>lr / (1 - β1^t)</c>.</summary>
    public float StepSize { get; }

    /// <summary><c>1 / sqrt(1 - β2^t)</c>: multiplied, not divided, so each element takes one division.</summary>
    public float InverseSecondMomentCorrection { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private AdamStep(float learningRate, (double FirstMoment, double InverseSqrtSecondMoment) corrections)
    {
        LearningRate = learningRate;
        StepSize = (float)(learningRate / corrections.FirstMoment);
        InverseSecondMomentCorrection = (float)corrections.InverseSqrtSecondMoment;
    }

    /// <summary>Step number <paramref name="step"/> (1-based) with the double-precision betas, as declared.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // the betas are constants at the generated calls: the table's test folds
    public static AdamStep Of(float learningRate, double beta1, double beta2, long step) =>
        new(learningRate, AdamCorrections.For(beta1, beta2, step));
}
