using System;
using System.Collections.Generic;
using System.IO;

namespace NetGen.Benchmarks.Workloads;

/// <summary>
/// One workload of docs/benchmarks.md: its network, data pool, the batch sizes each metric uses and the
/// exact FLOPs per sample (2·in·out per layer forward; training adds weight gradients for every layer
/// and input gradients for every layer but the first).
/// </summary>
public sealed record Workload(
    string Name,
    Func<INetwork> Create,
    Func<DataPool> Pool,
    int[] LayerSizes,
    int[] TrainBatches,
    int ForwardBatch)
{
    /// <summary>The batch size of the verification run: the largest training batch.</summary>
    public int VerifyBatch => TrainBatches[^1];

    public long ForwardFlops
    {
        get
        {
            long flops = 0;
            for (int l = 1; l < LayerSizes.Length; l++) flops += 2L * LayerSizes[l - 1] * LayerSizes[l];
            return flops;
        }
    }

    /// <summary>Forward + weight gradients + input gradients of every layer but the first.</summary>
    public long TrainFlops => 3 * ForwardFlops - 2L * LayerSizes[0] * LayerSizes[1];

    public static readonly IReadOnlyList<Workload> All =
    [
        new("xor", () => new XorWorkload(), DataPool.Xor, [2, 4, 1], [1], 0),
        new("iris", () => new IrisWorkload(), () => DataPool.Csv(DataFile("iris.csv")), [4, 16, 16, 3], [1, 16], 16),
        new("digits", () => new DigitsWorkload(), () => DataPool.Csv(DataFile("digits_train.csv")), [64, 64, 32, 10], [32], 32),
        new("mnist", () => new MnistWorkload(), () => DataPool.Synthetic(784, 101, 102, 1f, 0f), [784, 128, 10], [1, 64], 64),
        new("deep", () => new DeepWorkload(), () => DataPool.Synthetic(256, 201, 202, 2f, -1f), [256, 256, 256, 256, 256, 256, 256, 10], [64], 64),
    ];

    public static Workload Named(string name) =>
        System.Linq.Enumerable.FirstOrDefault(All, w => w.Name == name) ?? throw new ArgumentException($"No workload '{name}'.");

    private static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);
}
