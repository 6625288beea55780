using System;
using System.ComponentModel;

namespace NetGen.Runtime;

/// <summary>
/// Adam's bias corrections in double, as PyTorch computes them from the double betas (Python's <c>beta ** step</c>):
/// <c>1 - β1^t</c> and <c>1 / sqrt(1 - β2^t)</c>. For PyTorch's default betas (0.9, 0.999) the first
/// <see cref="TableSteps"/> steps read a table made once with the same <see cref="Math.Pow"/>, so those steps make no
/// pow call (two of them were a tenth of a small network's one-row step); other betas and later steps call it once a
/// step on each thread: the last step's pair is kept (a step whose backward steps each layer's range asks for it once a
/// range; iris's three ranges past step 1 024 took six pow calls, 150-200 ns of a 2 µs batch step on Zen 1).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AdamCorrections
{
    /// <summary>Steps of the default betas' table.</summary>
    public const int TableSteps = 1024;

    /// <summary>Step <paramref name="step"/>'s (1-based) <c>1 - β1^t</c> and <c>1 / sqrt(1 - β2^t)</c>.</summary>
    public static (double FirstMoment, double InverseSqrtSecondMoment) For(double beta1, double beta2, long step)
    {
        if (beta1 == 0.9 && beta2 == 0.999 && step >= 1 && step <= TableSteps)
            return (DefaultBetas.FirstMoment[step - 1], DefaultBetas.InverseSqrtSecondMoment[step - 1]);
        ref LastStep last = ref t_last;
        if (!last.Known || last.Step != step || last.Beta1 != beta1 || last.Beta2 != beta2)
            last = new LastStep(true, beta1, beta2, step, Computed(beta1, beta2, step));
        return last.Corrections;
    }

    /// <summary>The last pair computed on this thread (<see cref="For"/>), not <c>Known</c> before the first.</summary>
    [ThreadStatic] private static LastStep t_last;

    private readonly record struct LastStep(bool Known, double Beta1, double Beta2, long Step, (double FirstMoment, double InverseSqrtSecondMoment) Corrections);

    private static (double, double) Computed(double beta1, double beta2, long step) =>
        (1 - Math.Pow(beta1, step), 1 / Math.Sqrt(1 - Math.Pow(beta2, step)));

    /// <summary>Made on the first step with the default betas (a nested class: not before).</summary>
    private static class DefaultBetas
    {
        public static readonly double[] FirstMoment = new double[TableSteps];
        public static readonly double[] InverseSqrtSecondMoment = new double[TableSteps];

        static DefaultBetas()
        {
            for (int t = 1; t <= TableSteps; t++)
                (FirstMoment[t - 1], InverseSqrtSecondMoment[t - 1]) = Computed(0.9, 0.999, t);
        }
    }
}
