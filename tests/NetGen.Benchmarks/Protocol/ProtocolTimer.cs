using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Protocol;

/// <summary>
/// Median, min and max time per call over the repeats, in nanoseconds, and the managed bytes one call allocates
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/> around a run of calls, after the timed repeats).
/// </summary>
public readonly record struct Timing(double MedianNs, double MinNs, double MaxNs, double BytesPerCall);

/// <summary>
/// The measurement protocol of docs/benchmarks.md §5, the same one the Eigen and PyTorch references
/// follow: warm up, calibrate a run to about 0.25 s, then 7 timed runs; training cases restart from
/// their starting state before each run and every 1000 calls inside it (that reset is timed).
/// Generic over the case struct so the JIT compiles one loop per case with no interface call.
/// </summary>
public static class ProtocolTimer
{
    public const int Repeats = 7;
    public const int ResetEvery = 1000;
    // The protocol asks for at least 0.1 s; the JIT needs a little longer to reach its optimized tier.
    private const double WarmUpSeconds = 0.5, CalibrationSeconds = 0.05, RunSeconds = 0.25;

    public static Timing Measure<T>(ref T op) where T : struct, ICase => Measure<T, NoSite>(ref op);

    /// <summary>
    /// <see cref="Measure{T}(ref T)"/> in the instantiation of <typeparamref name="TSite"/>, a tag of one workload
    /// (<see cref="ProtocolRun"/>): a struct type argument gives the loop code of its own, so its call into the network
    /// sees that workload's network type only, as an application's call does and as the C++ references' templates are.
    /// </summary>
    public static Timing Measure<T, TSite>(ref T op) where T : struct, ICase where TSite : struct
    {
        op.Reset();
        long warmUpEnd = Stopwatch.GetTimestamp() + (long)(WarmUpSeconds * Stopwatch.Frequency);
        int calls = 0;
        while (calls < 10 || Stopwatch.GetTimestamp() < warmUpEnd)
        {
            Run<T, TSite>(ref op, 64);
            calls += 64;
        }

        int n = 1;
        double seconds;
        while (true)
        {
            op.Reset();
            seconds = Run<T, TSite>(ref op, n);
            if (seconds >= CalibrationSeconds) break;
            n *= 2;
        }
        int iterations = (int)Math.Ceiling(n * RunSeconds / seconds);

        var perCall = new double[Repeats];
        for (int r = 0; r < Repeats; r++)
        {
            op.Reset();
            perCall[r] = Run<T, TSite>(ref op, iterations) * 1e9 / iterations;
        }
        Array.Sort(perCall);

        // Allocations, untimed: one run from the starting state, short enough to hold no reset.
        int counted = Math.Min(iterations, ResetEvery);
        op.Reset();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run<T, TSite>(ref op, counted);
        double bytesPerCall = (double)(GC.GetAllocatedBytesForCurrentThread() - before) / counted;
        return new Timing(perCall[Repeats / 2], perCall[0], perCall[^1], bytesPerCall);
    }

    // Optimized at once, not tiered: in one of five duel processes the JIT's summary held no optimized version of this
    // loop, so NetGen was timed through Tier0 code there (that process read digits' train_b32 1.19 of the reference's,
    // the others 1.02-1.03; processes that read high remain with this, fast_reference.md). The networks' code tiers as
    // an application's does.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Run<T, TSite>(ref T op, int calls) where T : struct, ICase where TSite : struct
    {
        // A local copy: through the ref, the JIT reloads the case's fields on every call.
        T local = op;
        bool trains = local.Trains;
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++)
        {
            if (trains && i > 0 && i % ResetEvery == 0)
                local.Reset();
            local.Invoke(i);
        }
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        op = local;
        return seconds;
    }

    /// <summary>Seconds for <paramref name="calls"/> calls from the case's starting state, as one timed run of <see cref="Measure{T, TSite}"/> (the duel's block).</summary>
    public static double RunFromStart<T, TSite>(ref T op, int calls) where T : struct, ICase where TSite : struct
    {
        op.Reset();
        return Run<T, TSite>(ref op, calls);
    }

    /// <summary>The tag of a measurement outside the workloads' own (the peers, the threads run).</summary>
    public struct NoSite;
}
