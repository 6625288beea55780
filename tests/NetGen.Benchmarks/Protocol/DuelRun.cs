using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Protocol;

/// <summary>
/// <c>duel</c>: NetGen against the fast C++ reference in one process (References/duel.cpp, built as a shared library):
/// for each metric both warm up, each calibrates a block of about 0.1 s of the protocol's loop, then the blocks
/// alternate for a number of rounds (order swapped every round) and each round gives a ratio NetGen/fast. The host's
/// speed drifts within minutes, and a process's code placement moved unchanged code by up to 5 %: the ratios of one
/// run are free of the drift, and the median over several runs (fresh processes) of their medians is free of the
/// placement. A busy host slows NetGen more than the reference: each line also gives the median of the quiet rounds. The protocol (<see cref="ProtocolRun.Time"/>) stays the measure of record; this resolves smaller changes.
/// </summary>
public static class DuelRun
{
    private const double WarmUpSeconds = 0.5, BlockSeconds = 0.1;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int Init([MarshalAs(UnmanagedType.LPUTF8Str)] string weightsDirectory, [MarshalAs(UnmanagedType.LPUTF8Str)] string dataDirectory);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr Name(int metric);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate double RunCalls(int metric, long calls);

    public static void Run(string weightsDirectory, string library, int rounds, IReadOnlyCollection<string> only, TextWriter output)
    {
        IntPtr handle = NativeLibrary.Load(library);
        var init = Export<Init>(handle, "duel_init");
        var name = Export<Name>(handle, "duel_name");
        var run = Export<RunCalls>(handle, "duel_run");
        int count = init(Path.GetFullPath(weightsDirectory), Path.Combine(AppContext.BaseDirectory, "Data"));
        var fastMetrics = Enumerable.Range(0, count).ToDictionary(i => Marshal.PtrToStringUTF8(name(i))!, i => i);
        // The filter names workloads, metrics, or both ("digits phase_backward"); an empty part keeps all.
        var workloads = only.Where(n => Workload.All.Any(w => w.Name == n)).ToHashSet();
        var metrics = only.Except(workloads).ToHashSet();
        bool Wanted(string metric) => metrics.Count == 0 || metrics.Contains(metric);
        foreach (var workload in Workload.All)
        {
            if (workloads.Count > 0 && !workloads.Contains(workload.Name)) continue;
            byte[] start = File.ReadAllBytes(ProtocolRun.WeightsPath(weightsDirectory, workload));
            foreach (var (metric, batch, @case) in Cases.Of(workload, start))
            {
                // The metric, then its "called" variant where the library has one (its prediction a call, as NetGen's).
                foreach (string fastMetric in new[] { metric, metric + " called" })
                {
                    if (!Wanted(fastMetric) || !fastMetrics.TryGetValue($"{workload.Name} {fastMetric}", out int id)) continue;
                    Func<int, double> netgen = ProtocolRun.Runner(workload.Name, @case), fast = calls => run(id, calls);
                    Write(output, workload.Name, fastMetric, batch, Alternate(fast, netgen, rounds));
                }
            }
            // A batch step's phases alone, where the library times them (DuelPhases).
            foreach (string phase in new[] { "phase_forward", "phase_loss", "phase_backward" })
            {
                if (!Wanted(phase) || !fastMetrics.TryGetValue($"{workload.Name} {phase}", out int id) || DuelPhases.Runner(workload, phase, start) is not { } netgen)
                    continue;
                Write(output, workload.Name, phase, workload.TrainBatches.Max(), Alternate(calls => run(id, calls), netgen, rounds));
            }
        }
    }

    /// <summary>One JSON line: the medians of each system's nanoseconds a call and of the rounds' ratios, the ratios, and each system's rounds.</summary>
    private static void Write(TextWriter output, string workload, string metric, int batch, (List<double> Fast, List<double> NetGen, List<double> Ratios, List<long> FastJit, List<long> NetGenJit) rounds)
    {
        // Written field by field (Utf8JsonWriter, no reflection), so the harness also runs as Native AOT compiles it
        // (fast_reference.md: the duel published with PublishAot).
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("workload", workload);
            json.WriteString("metric", metric);
            json.WriteNumber("batch", batch);
            json.WriteNumber("fast_ns", Median(rounds.Fast));
            json.WriteNumber("netgen_ns", Median(rounds.NetGen));
            json.WriteNumber("ratio_median", Median(rounds.Ratios));
            WriteArray(json, "ratios", rounds.Ratios.Select(r => Math.Round(r, 3)));
            // The rounds of a quiet host: the reference (compiled ahead of time, its code fixed) within 3 % of its fastest
            // round. Another tenant's memory traffic slows both, NetGen more (References/fast_reference.md, "A busy host"): these ratios
            // compare the code, the median of all rounds what a user on a busy host sees.
            json.WriteNumber("quiet_rounds", QuietRounds(rounds.Fast).Count());
            json.WriteNumber("quiet_ratio_median", Median(QuietRounds(rounds.Fast).Select(i => rounds.Ratios[i]).ToList())); // the fastest round is one
            // Each system's own rounds: a ratio that moves can be either system's block moving.
            WriteArray(json, "fast_rounds_ns", rounds.Fast.Select(ns => Math.Round(ns, 1)));
            WriteArray(json, "netgen_rounds_ns", rounds.NetGen.Select(ns => Math.Round(ns, 1)));
            // Methods the JIT compiled during each system's rounds (any thread): a tier-up in the middle of a block.
            WriteArray(json, "fast_rounds_jit", rounds.FastJit.Select(n => (double)n));
            WriteArray(json, "netgen_rounds_jit", rounds.NetGenJit.Select(n => (double)n));
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
        output.Flush();
    }

    /// <summary>A named array of numbers in the line being written.</summary>
    private static void WriteArray(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WriteStartArray(name);
        foreach (double value in values)
            json.WriteNumberValue(value);
        json.WriteEndArray();
    }

    /// <summary>Per round, nanoseconds a call of each system and their ratio, NetGen/fast.</summary>
    private static (List<double> Fast, List<double> NetGen, List<double> Ratios, List<long> FastJit, List<long> NetGenJit) Alternate(Func<int, double> fast, Func<int, double> netgen, int rounds)
    {
        int fastCalls = Calibrate(fast), netgenCalls = Calibrate(netgen);
        var (fastNs, netgenNs, ratios) = (new List<double>(), new List<double>(), new List<double>());
        var (fastJit, netgenJit) = (new List<long>(), new List<long>());
        for (int round = 0; round < rounds; round++)
        {
            double f, n;
            if (round % 2 == 0) { f = Block(fast, fastCalls, fastJit); n = Block(netgen, netgenCalls, netgenJit); }
            else { n = Block(netgen, netgenCalls, netgenJit); f = Block(fast, fastCalls, fastJit); }
            fastNs.Add(f);
            netgenNs.Add(n);
            ratios.Add(n / f);
        }
        return (fastNs, netgenNs, ratios, fastJit, netgenJit);
    }

    /// <summary>One block: nanoseconds a call, and the methods compiled meanwhile added to <paramref name="jitted"/>.</summary>
    private static double Block(Func<int, double> run, int calls, List<long> jitted)
    {
        long before = System.Runtime.JitInfo.GetCompiledMethodCount();
        double ns = run(calls) * 1e9 / calls;
        jitted.Add(System.Runtime.JitInfo.GetCompiledMethodCount() - before);
        return ns;
    }

    /// <summary>Warms the loop up (the JIT's optimized tier), then the calls of about one block.</summary>
    private static int Calibrate(Func<int, double> run)
    {
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed.TotalSeconds < WarmUpSeconds)
            run(1000);
        int calls = 1000;
        double seconds;
        while ((seconds = run(calls)) < BlockSeconds / 2)
            calls *= 2;
        return (int)Math.Ceiling(calls * BlockSeconds / seconds);
    }

    /// <summary>The rounds in which the reference ran within 3 % of its fastest round.</summary>
    private static IEnumerable<int> QuietRounds(List<double> fast) =>
        Enumerable.Range(0, fast.Count).Where(i => fast[i] <= 1.03 * fast.Min());

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static T Export<T>(IntPtr handle, string name) where T : Delegate =>
        Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(handle, name));
}
