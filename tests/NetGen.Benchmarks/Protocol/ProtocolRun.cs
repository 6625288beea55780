using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Protocol;

/// <summary>
/// <c>protocol</c>: times every workload and metric and prints one JSON line per result.
/// <c>verify</c>: writes each workload's starting weights and the losses of its first 20 training steps,
/// for the references to reproduce from the same weights.
/// </summary>
public static class ProtocolRun
{
    public static void Time(string weightsDirectory, IReadOnlyCollection<string> only, TextWriter output)
    {
        foreach (var workload in Workload.All)
        {
            if (only.Count > 0 && !System.Linq.Enumerable.Contains(only, workload.Name)) continue;
            byte[] start = File.ReadAllBytes(WeightsPath(weightsDirectory, workload));
            foreach (var (metric, batch, @case) in Cases.Of(workload, start))
            {
                Timing timing = workload.Name switch
                {
                    "xor" => MeasureAt<XorSite>(@case),
                    "iris" => MeasureAt<IrisSite>(@case),
                    "digits" => MeasureAt<DigitsSite>(@case),
                    "mnist" => MeasureAt<MnistSite>(@case),
                    _ => MeasureAt<DeepSite>(@case),
                };
                output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["system"] = "netgen", ["workload"] = workload.Name, ["metric"] = metric, ["batch"] = batch,
                    ["median_ns"] = timing.MedianNs, ["min_ns"] = timing.MinNs, ["max_ns"] = timing.MaxNs,
                    ["bytes_per_call"] = timing.BytesPerCall,
                }));
                output.Flush();
            }
        }
    }

    /// <summary>
    /// Times a case in its workload's own instantiation of the timer (<typeparamref name="TSite"/>). With one loop shared by
    /// every workload, the network call in it saw xor's type first and then iris's and digits's, and those went through
    /// the interface's dispatch stub (a copy of the loop, alternated: digits predict_1 183-219 ns shared, 169-200 its own).
    /// </summary>
    private static Timing MeasureAt<TSite>(ICase @case) where TSite : struct => @case switch
    {
        PredictCase c => ProtocolTimer.Measure<PredictCase, TSite>(ref c),
        DependentPredictCase c => ProtocolTimer.Measure<DependentPredictCase, TSite>(ref c),
        ForwardBatchCase c => ProtocolTimer.Measure<ForwardBatchCase, TSite>(ref c),
        TrainCase c => ProtocolTimer.Measure<TrainCase, TSite>(ref c),
        _ => throw new InvalidOperationException(@case.GetType().Name),
    };

    /// <summary>Timed runs of a case in its workload's instantiation (<see cref="MeasureAt{TSite}"/>): seconds for a number of calls from its start.</summary>
    internal static Func<int, double> Runner(string workload, ICase @case) => workload switch
    {
        "xor" => RunnerAt<XorSite>(@case),
        "iris" => RunnerAt<IrisSite>(@case),
        "digits" => RunnerAt<DigitsSite>(@case),
        "mnist" => RunnerAt<MnistSite>(@case),
        _ => RunnerAt<DeepSite>(@case),
    };

    private static Func<int, double> RunnerAt<TSite>(ICase @case) where TSite : struct => @case switch
    {
        PredictCase c => calls => ProtocolTimer.RunFromStart<PredictCase, TSite>(ref c, calls),
        DependentPredictCase c => calls => ProtocolTimer.RunFromStart<DependentPredictCase, TSite>(ref c, calls),
        ForwardBatchCase c => calls => ProtocolTimer.RunFromStart<ForwardBatchCase, TSite>(ref c, calls),
        TrainCase c => calls => ProtocolTimer.RunFromStart<TrainCase, TSite>(ref c, calls),
        _ => throw new InvalidOperationException(@case.GetType().Name),
    };

    private struct XorSite;
    private struct IrisSite;
    private struct DigitsSite;
    private struct MnistSite;
    private struct DeepSite;

    /// <summary>
    /// <c>threads</c>: batch-64 training with <c>TrainingThreads = 2</c> (metric <c>train_b64_t2</c>), and a
    /// determinism check: two 200-step runs from the same start must end with bit-identical parameters.
    /// </summary>
    public static void Threads(string weightsDirectory, IReadOnlyCollection<string> only, TextWriter output)
    {
        foreach (var name in only.Count > 0 ? only : ["mnist", "deep"])
        {
            var workload = Workload.Named(name);
            byte[] start = File.ReadAllBytes(WeightsPath(weightsDirectory, workload));
            var network = Cases.Fresh(workload, start);
            network.TrainingThreads = 2;
            var train = new TrainCase(network, workload.Pool().Batches(64));
            Timing timing = ProtocolTimer.Measure(ref train);
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["system"] = "netgen", ["workload"] = name, ["metric"] = "train_b64_t2", ["batch"] = 64,
                ["median_ns"] = timing.MedianNs, ["min_ns"] = timing.MinNs, ["max_ns"] = timing.MaxNs,
                ["bytes_per_call"] = timing.BytesPerCall,
            }));
            float[] first = TrainedParameters(workload, start, 200), second = TrainedParameters(workload, start, 200);
            bool identical = first.AsSpan().SequenceEqual(second);
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["workload"] = name, ["identical"] = identical }));
            network.TrainingThreads = 1;
        }
    }

    private static float[] TrainedParameters(Workload workload, byte[] start, int steps)
    {
        var network = Cases.Fresh(workload, start);
        network.TrainingThreads = 2;
        var train = new TrainCase(network, workload.Pool().Batches(64));
        for (int k = 0; k < steps; k++)
            train.Invoke(k);
        network.TrainingThreads = 1;
        var parameters = new float[network.ParameterCount];
        network.CopyParametersTo(parameters);
        return parameters;
    }

    public static void Verify(string weightsDirectory, TextWriter output, int steps = 20)
    {
        CheckSyntheticData();
        Directory.CreateDirectory(weightsDirectory);
        foreach (var workload in Workload.All)
        {
            var network = workload.Create();
            var parameters = new float[network.ParameterCount];
            network.CopyParametersTo(parameters);
            File.WriteAllBytes(WeightsPath(weightsDirectory, workload), System.Runtime.InteropServices.MemoryMarshal.AsBytes(parameters.AsSpan()).ToArray());

            var train = new TrainCase(network, workload.Pool().Batches(workload.VerifyBatch, steps));
            var losses = new List<double>();
            for (int k = 0; k < steps; k++)
            {
                train.Invoke(k);
                losses.Add(train.LastLoss);
            }
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["system"] = "netgen", ["workload"] = workload.Name, ["batch"] = workload.VerifyBatch, ["losses"] = losses,
            }));
        }
    }

    /// <summary>The check values docs/benchmarks.md gives for the synthetic pools: every reference generates the same data.</summary>
    private static void CheckSyntheticData()
    {
        void Check(string name, float[] x, int[] y)
        {
            var pool = Workload.Named(name).Pool();
            for (int i = 0; i < x.Length; i++)
                if (Math.Abs(pool.Inputs[i] - x[i]) > 5e-8f) throw new InvalidDataException($"{name} x[0][{i}] = {pool.Inputs[i]}, expected {x[i]}.");
            for (int i = 0; i < y.Length; i++)
                if (pool.Labels[i] != y[i]) throw new InvalidDataException($"{name} y[{i}] = {pool.Labels[i]}, expected {y[i]}.");
        }
        Check("mnist", [0.81644118f, 0.01719135f, 0.26865232f], [0, 5, 4, 5, 3, 5, 4, 1]);
        Check("deep", [0.30977857f, -0.07388258f, 0.78226984f], [9, 6, 9, 3, 5, 2, 2, 0]);
    }

    public static string WeightsPath(string directory, Workload workload) => Path.Combine(directory, workload.Name + ".f32");
}
