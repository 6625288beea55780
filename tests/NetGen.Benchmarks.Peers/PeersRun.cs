using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NetGen.Benchmarks.Peers.OnnxPeer;
using NetGen.Benchmarks.Peers.TorchSharpPeer;
using NetGen.Benchmarks.Peers.Workloads;
using NetGen.Benchmarks.Protocol;
using NetGen.Benchmarks.Workloads;
using TorchSharp;

namespace NetGen.Benchmarks.Peers;

/// <summary>
/// The peers' side of compare.py: the same metrics, protocol (<see cref="ProtocolTimer"/>) and JSON lines as NetGen's
/// <c>protocol</c> and <c>verify</c>, for TorchSharp (systems <c>torchsharp</c>, tensors prebuilt, and <c>torchsharp-io</c>,
/// managed arrays in and out) and ONNX Runtime (<c>onnxruntime</c>, OrtValue + IOBinding, and <c>onnxruntime-simple</c>,
/// NamedOnnxValue).
/// </summary>
public static class PeersRun
{
    public static void SingleThread()
    {
        torch.set_num_threads(1);
        torch.set_num_interop_threads(1);
    }

    public static void TimeTorchSharp(string weightsDirectory, IReadOnlyCollection<string> only, TextWriter output)
    {
        SingleThread();
        foreach (var workload in Selected(only))
        {
            float[] weights = workload.StartingWeights(weightsDirectory);
            var pool = workload.Pool();
            using (var network = new TorchSharpNetwork(workload, weights))
            {
                var one = new TorchSharpBatches(network, pool.Batches(1));
                using (torch.no_grad())
                    Emit(output, "torchsharp", workload, "predict_1", 1, ProtocolTimer.Measure(ref Local(new TorchSharpForwardCase(network, one, io: false))));
                Emit(output, "torchsharp-io", workload, "predict_1", 1, ProtocolTimer.Measure(ref Local(new TorchSharpForwardCase(network, one, io: true))));
                Emit(output, "torchsharp-io", workload, "predict_1_dep", 1,
                    ProtocolTimer.Measure(ref Local(new TorchSharpForwardCase(network, one, io: true, dependent: true))));
            }
            foreach (int b in workload.TrainBatches)
            {
                foreach (bool io in new[] { false, true })
                {
                    using var network = new TorchSharpNetwork(workload, weights);
                    var batches = new TorchSharpBatches(network, pool.Batches(b));
                    Emit(output, io ? "torchsharp-io" : "torchsharp", workload, $"train_b{b}", b,
                        ProtocolTimer.Measure(ref Local(new TorchSharpTrainCase(network, batches, io))));
                }
            }
            if (workload.ForwardBatch > 0)
            {
                int b = workload.ForwardBatch;
                using var network = new TorchSharpNetwork(workload, weights);
                var batches = new TorchSharpBatches(network, pool.Batches(b));
                using (torch.no_grad())
                    Emit(output, "torchsharp", workload, $"forward_b{b}", b, ProtocolTimer.Measure(ref Local(new TorchSharpForwardCase(network, batches, io: false))));
                Emit(output, "torchsharp-io", workload, $"forward_b{b}", b, ProtocolTimer.Measure(ref Local(new TorchSharpForwardCase(network, batches, io: true))));
            }
        }
    }

    public static void TimeOnnx(string onnxDirectory, IReadOnlyCollection<string> only, TextWriter output)
    {
        foreach (var workload in Selected(only))
        {
            using var session = OnnxSessions.Open(OnnxPath(onnxDirectory, workload));
            var pool = workload.Pool();
            var streams = new List<(string Metric, BatchStream Stream, bool Dependent)> { ("predict_1", pool.Batches(1), false), ("predict_1_dep", pool.Batches(1), true) };
            if (workload.ForwardBatch > 0)
                streams.Add(($"forward_b{workload.ForwardBatch}", pool.Batches(workload.ForwardBatch), false));
            foreach (var (metric, stream, dependent) in streams)
            {
                var bound = new OnnxBoundCase(session, stream, workload.Outputs, dependent);
                Emit(output, "onnxruntime", workload, metric, stream.BatchSize, ProtocolTimer.Measure(ref bound));
                bound.Dispose();
                var named = new OnnxNamedValueCase(session, stream, dependent);
                Emit(output, "onnxruntime-simple", workload, metric, stream.BatchSize, ProtocolTimer.Measure(ref named));
            }
        }
    }

    /// <summary>
    /// TorchSharp: the first 20 training losses from the shared weights (compare.py compares them with NetGen's).
    /// ONNX Runtime: the loss of the first verification batch at those weights (NetGen's first loss), both paths'
    /// outputs on the 20 batches (they must be identical), and their largest difference from TorchSharp's forward pass.
    /// </summary>
    public static void Verify(string weightsDirectory, string onnxDirectory, TextWriter output, int steps = 20)
    {
        SingleThread();
        foreach (var workload in PeerWorkload.All)
        {
            float[] weights = workload.StartingWeights(weightsDirectory);
            var stream = workload.Pool().Batches(workload.VerifyBatch, steps);

            double largest = 0;
            using (var session = OnnxSessions.Open(OnnxPath(onnxDirectory, workload)))
            using (var network = new TorchSharpNetwork(workload, weights))
            {
                var batches = new TorchSharpBatches(network, stream);
                var bound = new OnnxBoundCase(session, stream, workload.Outputs);
                var named = new OnnxNamedValueCase(session, stream);
                double firstLoss = 0;
                for (int k = 0; k < steps; k++)
                {
                    bound.Invoke(k);
                    named.Invoke(k);
                    if (!bound.Output.AsSpan().SequenceEqual(named.LastOutput))
                        throw new InvalidOperationException($"{workload.Name}: the two ONNX Runtime paths disagree on batch {k}.");
                    if (k == 0)
                        firstLoss = workload.LossOf(bound.Output, stream.LabelsOf(0));
                    var reference = TorchSharpOutput(network, batches, k);
                    for (int i = 0; i < reference.Length; i++)
                        largest = Math.Max(largest, Math.Abs(reference[i] - bound.Output[i]));
                }
                bound.Dispose();
                WriteLine(output, new()
                {
                    ["system"] = "onnxruntime", ["workload"] = workload.Name, ["batch"] = workload.VerifyBatch,
                    ["losses"] = new[] { firstLoss }, ["max_output_diff_vs_torchsharp"] = largest,
                });
            }

            using (var network = new TorchSharpNetwork(workload, weights))
            {
                var batches = new TorchSharpBatches(network, stream);
                var train = new TorchSharpTrainCase(network, batches, io: false, keepLoss: true);
                var losses = new List<double>();
                for (int k = 0; k < steps; k++)
                {
                    train.Invoke(k);
                    losses.Add(train.LastLoss);
                }
                WriteLine(output, new() { ["system"] = "torchsharp", ["workload"] = workload.Name, ["batch"] = workload.VerifyBatch, ["losses"] = losses });
            }
        }
    }

    private static float[] TorchSharpOutput(TorchSharpNetwork network, TorchSharpBatches batches, int k)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return network.Model.forward(batches.InputTensors[k]).data<float>().ToArray();
    }

    public static string OnnxPath(string directory, PeerWorkload workload) => Path.Combine(directory, workload.Name + ".onnx");

    private static IEnumerable<PeerWorkload> Selected(IReadOnlyCollection<string> only) =>
        PeerWorkload.All.Where(w => only.Count == 0 || only.Contains(w.Name));

    // ProtocolTimer.Measure takes its case by reference; a new case needs a variable to refer to.
    private static ref T Local<T>(T value) => ref new[] { value }[0];

    private static void Emit(TextWriter output, string system, PeerWorkload workload, string metric, int batch, Timing timing) =>
        WriteLine(output, new()
        {
            ["system"] = system, ["workload"] = workload.Name, ["metric"] = metric, ["batch"] = batch,
            ["median_ns"] = timing.MedianNs, ["min_ns"] = timing.MinNs, ["max_ns"] = timing.MaxNs, ["bytes_per_call"] = timing.BytesPerCall,
        });

    private static void WriteLine(TextWriter output, Dictionary<string, object> fields)
    {
        output.WriteLine(JsonSerializer.Serialize(fields));
        output.Flush();
    }
}
