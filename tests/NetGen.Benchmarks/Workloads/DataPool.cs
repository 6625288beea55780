using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace NetGen.Benchmarks.Workloads;

/// <summary>A workload's pool of samples: row-major inputs and one class index (or 0/1 target) per row.</summary>
public sealed record DataPool(float[] Inputs, int[] Labels, int Features)
{
    public int Rows => Labels.Length;

    public static DataPool Xor() => new([0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0], 2);

    /// <summary>1024 synthetic rows: inputs scale·u + shift from one SplitMix64 stream, labels from another.</summary>
    public static DataPool Synthetic(int features, ulong inputSeed, ulong labelSeed, float scale, float shift, int rows = 1024)
    {
        var inputs = new float[rows * features];
        var x = new SplitMix64(inputSeed);
        for (int i = 0; i < inputs.Length; i++)
            inputs[i] = scale * x.NextUniform() + shift;
        var labels = new int[rows];
        var y = new SplitMix64(labelSeed);
        for (int i = 0; i < rows; i++)
            labels[i] = y.NextLabel(10);
        return new DataPool(inputs, labels, features);
    }

    /// <summary>A CSV with a header, features first and the integer label last.</summary>
    public static DataPool Csv(string path)
    {
        string[] lines = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).ToArray();
        int features = lines[0].Split(',').Length - 1;
        var inputs = new float[lines.Length * features];
        var labels = new int[lines.Length];
        for (int r = 0; r < lines.Length; r++)
        {
            string[] cells = lines[r].Split(',');
            if (cells.Length != features + 1)
                throw new InvalidDataException($"{path}: row {r + 2} has {cells.Length} cells, expected {features + 1}.");
            for (int f = 0; f < features; f++)
                inputs[r * features + f] = float.Parse(cells[f], CultureInfo.InvariantCulture);
            labels[r] = int.Parse(cells[features], CultureInfo.InvariantCulture);
        }
        return new DataPool(inputs, labels, features);
    }

    /// <summary>
    /// The batch stream: batch k holds pool rows (k·B + j) mod N, stored contiguously. Returns the first
    /// min(64, lcm(N, B)/B) batches, the ones timing loops cycle over.
    /// </summary>
    public BatchStream Batches(int batchSize, int count = 0)
    {
        int cycle = count > 0 ? count : Math.Min(64, Lcm(Rows, batchSize) / batchSize);
        var inputs = new float[cycle * batchSize * Features];
        var labels = new int[cycle * batchSize];
        for (int k = 0; k < cycle; k++)
        {
            for (int j = 0; j < batchSize; j++)
            {
                int row = (k * batchSize + j) % Rows;
                Array.Copy(Inputs, row * Features, inputs, (k * batchSize + j) * Features, Features);
                labels[k * batchSize + j] = Labels[row];
            }
        }
        return new BatchStream(inputs, labels, batchSize, Features, cycle);
    }

    private static int Lcm(int a, int b) => a / Gcd(a, b) * b;
    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}

/// <summary><see cref="Count"/> batches of <see cref="BatchSize"/> rows, contiguous, with labels and float targets.</summary>
public sealed class BatchStream(float[] inputs, int[] labels, int batchSize, int features, int count)
{
    public float[] Inputs { get; } = inputs;
    public int[] Labels { get; } = labels;
    public int BatchSize { get; } = batchSize;
    public int Features { get; } = features;
    public int Count { get; } = count;

    /// <summary>Labels as float targets, for networks with one 0/1 output (xor).</summary>
    public float[] Targets { get; } = Array.ConvertAll(labels, l => (float)l);

    /// <summary>The floats of one batch's inputs.</summary>
    public int BatchFloats { get; } = batchSize * features;

    // Batch k of the stream, 0 <= k < Count: one multiplication per call, as the C++ references' Stream::inputs.
    public ReadOnlySpan<float> InputsOf(int k) => UncheckedSpans.Of(Inputs, k * BatchFloats, BatchFloats);
    public ReadOnlySpan<int> LabelsOf(int k) => UncheckedSpans.Of(Labels, k * BatchSize, BatchSize);
    public ReadOnlySpan<float> TargetsOf(int k) => UncheckedSpans.Of(Targets, k * BatchSize, BatchSize);
}
