using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using NetGen.Benchmarks.Workloads;
using static NetGen.Benchmarks.Protocol.GeneratedInternals;

namespace NetGen.Benchmarks.Protocol;

/// <summary>
/// <c>cycle</c>: the protocol's training cycle of 1 000 steps from the starting weights (the stream's batches in turn), a
/// step's best time in each window of 50 steps over 15 cycles, and how many of Adam's vectors have a first moment near
/// zero (nonzero and below 2^-110: a dead unit's, decayed by β1 a step) at the window's end. Those vectors take Adam's
/// near-zero path, where Intel cores would take microcode assists on subnormals; the window shows what it costs.
/// References/cycle.cpp prints the same lines for the fast reference; run the two alternately.
/// </summary>
internal static class CycleRun
{
    private const int Steps = 1000, Window = 50, Cycles = 15;
    private static readonly float NearZero = MathF.ScaleB(1f, -110);

    public static void Run(string weightsDirectory, IReadOnlyCollection<string> only, TextWriter output)
    {
        foreach (var workload in Workload.All.Where(w => w.Name is "iris" or "digits" && (only.Count == 0 || only.Contains(w.Name))))
        {
            var network = (IClassifier)Cases.Fresh(workload, File.ReadAllBytes(ProtocolRun.WeightsPath(weightsDirectory, workload)));
            var stream = workload.Pool().Batches(workload.TrainBatches.Max());
            float[] start = new float[network.ParameterCount];
            network.CopyParametersTo(start);
            var firstMoment = Field(network, "_firstMoment");
            // Whole cycles until one compiles no method, a pause after each (as PiecesRun.WarmUp): the tiered JIT installs
            // optimized code only after a quiet interval, and the cycles alone are shorter than that.
            for (int round = 0; round < 20; round++)
            {
                long compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
                network.SetParameters(start);
                network.ResetOptimizerState();
                for (int step = 0; step < Steps; step++)
                    network.TrainBatch(stream.InputsOf(step % stream.Count), stream.LabelsOf(step % stream.Count));
                Thread.Sleep(300);
                if (round > 0 && System.Runtime.JitInfo.GetCompiledMethodCount() == compiled)
                    break;
            }
            var best = Enumerable.Repeat(double.MaxValue, Steps / Window).ToArray();
            var nearZero = new int[Steps / Window];
            for (int cycle = 0; cycle < Cycles; cycle++)
            {
                network.SetParameters(start);
                network.ResetOptimizerState();
                for (int window = 0; window < Steps / Window; window++)
                {
                    long begin = Stopwatch.GetTimestamp();
                    for (int step = window * Window; step < (window + 1) * Window; step++)
                        network.TrainBatch(stream.InputsOf(step % stream.Count), stream.LabelsOf(step % stream.Count));
                    best[window] = Math.Min(best[window], Stopwatch.GetElapsedTime(begin).TotalSeconds * 1e9 / Window);
                    nearZero[window] = VectorsNearZero(firstMoment.Span);
                }
            }
            for (int window = 0; window < Steps / Window; window++)
                output.WriteLine($"{workload.Name} steps {window * Window,4}-{(window + 1) * Window - 1,4} {best[window],8:F1} ns  near-zero vectors {nearZero[window]} of {firstMoment.Length / 16}");
        }
    }

    private static int VectorsNearZero(ReadOnlySpan<float> moments)
    {
        int count = 0;
        for (int v = 0; v + 16 <= moments.Length; v += 16)
        {
            bool any = false;
            foreach (float m in moments.Slice(v, 16))
                any |= m != 0 && Math.Abs(m) < NearZero;
            count += any ? 1 : 0;
        }
        return count;
    }
}
