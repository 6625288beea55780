using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading;

namespace NetGen.Runtime;

/// <summary>
/// Adam's bias corrections in double, as PyTorch computes them from the double betas (Python's <c>beta ** step</c>):
/// <c>1 - β1^t</c> and <c>1 / sqrt(1 - β2^t)</c>. For PyTorch's default betas (0.9, 0.999) the first
/// <see cref="TableSteps"/> steps read a table made once with the same <see cref="Math.Pow"/>, so those steps make no
/// pow call (two of them were a tenth of a small network's one-row step); other betas and later steps call it once a
/// step: the last step's pair is kept (a step whose backward steps each layer's range asks for it once a range; iris's
/// three ranges past step 1 024 took six pow calls, 150-200 ns of a 2 µs batch step on Zen 1).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AdamCorrections
{
    /// <summary>Steps of the default betas' table.</summary>
    public const int TableSteps = 1024;

    /// <summary>
    /// Step <paramref name="step"/>'s (1-based) <c>1 - β1^t</c> and <c>1 / sqrt(1 - β2^t)</c>. Inlined (the betas are
    /// constants at the generated calls, so the table's test folds); other betas and steps go on behind a call
    /// (<see cref="Cached"/>): compiled without a profile (Native AOT), the whole method had stayed a call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double FirstMoment, double InverseSqrtSecondMoment) For(double beta1, double beta2, long step)
    {
        if (beta1 == 0.9 && beta2 == 0.999 && (ulong)(step - 1) < TableSteps)
            return (DefaultBetas.FirstMoment[step - 1], DefaultBetas.InverseSqrtSecondMoment[step - 1]);
        return Cached(beta1, beta2, step);
    }

    /// <summary><see cref="For"/> past the default betas' table: the last pair computed, or computed now.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (double FirstMoment, double InverseSqrtSecondMoment) Cached(double beta1, double beta2, long step)
    {
        // The last pair computed, shared by every thread and read without a lock (a sequence lock: the version is odd while
        // a writer fills the fields, and a read that saw it change is dropped). No thread-local storage: a thread's first
        // use of it allocated (200 bytes of the heap for a struct, 296 for doubles without hardware intrinsics).
        long version = Volatile.Read(ref s_version);
        if ((version & 1) == 0 && step >= 1)
        {
            long cachedStep = Volatile.Read(ref s_step);
            double b1 = Volatile.Read(ref s_beta1), b2 = Volatile.Read(ref s_beta2);
            double first = Volatile.Read(ref s_firstMoment), inverse = Volatile.Read(ref s_inverseSqrtSecondMoment);
            if (Volatile.Read(ref s_version) == version && cachedStep == step && b1 == beta1 && b2 == beta2)
                return (first, inverse);
        }
        var computed = Computed(beta1, beta2, step);
        if ((version & 1) == 0 && Interlocked.CompareExchange(ref s_version, version + 1, version) == version)
        {
            s_step = step;
            (s_beta1, s_beta2) = (beta1, beta2);
            (s_firstMoment, s_inverseSqrtSecondMoment) = computed;
            Volatile.Write(ref s_version, version + 2);
        }
        return computed;
    }

    private static long s_version, s_step;
    private static double s_beta1, s_beta2, s_firstMoment, s_inverseSqrtSecondMoment;

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
