using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Peers.Workloads;

public enum Activation { None, Relu, Tanh, Sigmoid }

public enum LossKind { CrossEntropy, BinaryCrossEntropy }

public enum OptimizerKind { Sgd, Adam }

/// <summary>
/// One workload of docs/benchmarks.md as the peers need it: layer sizes, the activation after each layer, loss,
/// optimizer, the batch sizes each metric uses and the pool (the same DataPool code NetGen's harness uses).
/// </summary>
public sealed record PeerWorkload(
    string Name,
    int[] Sizes,
    Activation[] Activations,
    LossKind Loss,
    OptimizerKind Optimizer,
    double LearningRate,
    double Momentum,
    double ClipNorm,
    int[] TrainBatches,
    int ForwardBatch,
    Func<DataPool> Pool)
{
    public int Inputs => Sizes[0];
    public int Outputs => Sizes[^1];
    public int VerifyBatch => TrainBatches[^1];
    public int ParameterCount => Enumerable.Range(1, Sizes.Length - 1).Sum(l => (Sizes[l - 1] + 1) * Sizes[l]);

    /// <summary>The shared starting weights, PyTorch state_dict order, written by NetGen's <c>verify</c>.</summary>
    public float[] StartingWeights(string directory)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(directory, Name + ".f32"));
        float[] weights = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        if (weights.Length != ParameterCount)
            throw new InvalidDataException($"{Name}: the weights file holds {weights.Length} floats, the network has {ParameterCount}.");
        return weights;
    }

    /// <summary>Mean loss of a batch of outputs (logits, or xor's sigmoid probabilities) against its labels.</summary>
    public double LossOf(ReadOnlySpan<float> outputs, ReadOnlySpan<int> labels)
    {
        double total = 0;
        for (int j = 0; j < labels.Length; j++)
        {
            var row = outputs.Slice(j * Outputs, Outputs);
            if (Loss == LossKind.BinaryCrossEntropy)
            {
                double p = row[0], t = labels[j];
                total -= t * Math.Max(Math.Log(p), -100) + (1 - t) * Math.Max(Math.Log(1 - p), -100);
            }
            else
            {
                double max = double.NegativeInfinity, sum = 0;
                foreach (float z in row) max = Math.Max(max, z);
                foreach (float z in row) sum += Math.Exp(z - max);
                total += max + Math.Log(sum) - row[labels[j]];
            }
        }
        return total / labels.Length;
    }

    public static readonly IReadOnlyList<PeerWorkload> All =
    [
        new("xor", [2, 4, 1], [Activation.Tanh, Activation.Sigmoid], LossKind.BinaryCrossEntropy, OptimizerKind.Sgd, 0.5, 0, 0, [1], 0, DataPool.Xor),
        new("iris", [4, 16, 16, 3], [Activation.Relu, Activation.Relu, Activation.None], LossKind.CrossEntropy, OptimizerKind.Adam, 0.01, 0, 0,
            [1, 16], 16, () => DataPool.Csv(DataFile("iris.csv"))),
        new("digits", [64, 64, 32, 10], [Activation.Relu, Activation.Relu, Activation.None], LossKind.CrossEntropy, OptimizerKind.Adam, 1e-3, 0, 0,
            [32], 32, () => DataPool.Csv(DataFile("digits_train.csv"))),
        new("mnist", [784, 128, 10], [Activation.Relu, Activation.None], LossKind.CrossEntropy, OptimizerKind.Sgd, 0.01, 0.9, 0,
            [1, 64], 64, () => DataPool.Synthetic(784, 101, 102, 1f, 0f)),
        new("deep", [256, 256, 256, 256, 256, 256, 256, 10], [.. Enumerable.Repeat(Activation.Relu, 6), Activation.None], LossKind.CrossEntropy,
            OptimizerKind.Adam, 1e-3, 0, 1.0, [64], 64, () => DataPool.Synthetic(256, 201, 202, 2f, -1f)),
    ];

    private static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);
}
