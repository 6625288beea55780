using System;
using System.IO;
using System.Linq;
using System.Text;
using NetGen.Runtime;
using Xunit;
using static NetGen.Numerics.Tests.Support.NetworkState;

namespace NetGen.Numerics.Tests;

// Layer-wise pre-training, then fine-tuning: a small network learns a first layer; a larger one loads that
// layer frozen and trains the layers above it; a third declaration, the same shapes all trainable, fine-tunes
// the whole at a lower rate. The three share state_dict names for the first layer ("0.weight", "0.bias").

[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.01f, BatchSize = 30, Seed = 1)]
[Input(4)]
[Dense(12, Activation.Tanh)]
[Dense(3, Activation.Identity)]
public partial class PretrainedStem { }

[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.01f, BatchSize = 30, Seed = 2)]
[Input(4)]
[Dense(12, Activation.Tanh, Trainable = false)]
[Dense(8, Activation.Relu)]
[Dense(3, Activation.Identity)]
public partial class FrozenStemHead { }

[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.001f, BatchSize = 30, Seed = 3)]
[Input(4)]
[Dense(12, Activation.Tanh)]
[Dense(8, Activation.Relu)]
[Dense(3, Activation.Identity)]
public partial class FineTunedWhole { }

public class FineTuningTests
{
    /// <summary>Three overlapping Gaussian classes in 4 dimensions: learnable, not trivially.</summary>
    private static (float[] Inputs, int[] Labels) Blobs(int rows, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var inputs = new float[rows * 4];
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int label = r % 3;
            labels[r] = label;
            for (int f = 0; f < 4; f++)
                inputs[r * 4 + f] = random.NextGaussian(f == label ? 2f : f == 3 ? -label : 0f, 1f);
        }
        return (inputs, labels);
    }

    private static void Train(IClassifier network, float[] inputs, int[] labels, int epochs)
    {
        int batch = network.BatchSize;
        for (int epoch = 0; epoch < epochs; epoch++)
            for (int start = 0; start < labels.Length; start += batch)
                network.TrainBatch(inputs.AsSpan(start * 4, batch * 4), labels.AsSpan(start, batch));
    }

    private static float[] Tensor(IPredictor network, string name)
    {
        var tensor = network.ParameterTensors.Single(t => t.Name == name);
        return Parameters(network).AsSpan(tensor.Offset, tensor.Length).ToArray();
    }

    [Fact]
    public void Pretrain_freeze_and_train_a_head_then_fine_tune_the_whole()
    {
        var (train, trainLabels) = Blobs(300, 7);
        var (test, testLabels) = Blobs(300, 8);

        // 1. Pre-train the stem with its own small head.
        var stem = new PretrainedStem();
        Train(stem, train, trainLabels, epochs: 40);
        var stemFile = new MemoryStream();
        stem.SaveSafetensors(stemFile);

        // 2. A larger network takes the stem's first layer, frozen, and trains the layers above it.
        var head = new FrozenStemHead();
        var load = head.LoadSafetensors(new MemoryStream(stemFile.ToArray()), strict: false);
        Assert.Equal(["0.weight", "0.bias"], load.Loaded);
        Assert.Equal(["2.weight", "2.bias"], load.Mismatched); // [3, 12] in the stem's file, [8, 12] here
        Assert.Equal(["4.weight", "4.bias"], load.Missing);
        Assert.Empty(load.Unexpected);
        Assert.False(load.IsComplete);
        Assert.Equal(Tensor(stem, "0.weight"), Tensor(head, "0.weight"));
        float untrained = head.Evaluate(test, testLabels).Loss;
        Train(head, train, trainLabels, epochs: 40);
        Assert.Equal(Tensor(stem, "0.weight"), Tensor(head, "0.weight")); // frozen: bit for bit
        Assert.Equal(Tensor(stem, "0.bias"), Tensor(head, "0.bias"));
        var headResult = head.Evaluate(test, testLabels);
        Assert.True(headResult.Loss < 0.8f * untrained, $"the head did not learn: {untrained} → {headResult.Loss}");

        // 3. Unfreeze by declaring the same shapes trainable: every tensor loads strictly, then all of it fine-tunes.
        var headFile = new MemoryStream();
        head.SaveSafetensors(headFile);
        var whole = new FineTunedWhole();
        Assert.True(whole.LoadSafetensors(new MemoryStream(headFile.ToArray()), strict: true).IsComplete);
        Assert.Equal(Parameters(head), Parameters(whole));
        Train(whole, train, trainLabels, epochs: 20);
        Assert.NotEqual(Tensor(head, "0.weight"), Tensor(whole, "0.weight"));
        // Unfrozen, the first layer moves too, and the fit to the training data improves on what the frozen stem allowed.
        float headFit = head.Evaluate(train, trainLabels).Loss, wholeFit = whole.Evaluate(train, trainLabels).Loss;
        Assert.True(wholeFit < headFit, $"fine-tuning did not improve the fit: {headFit} → {wholeFit}");
        var wholeResult = whole.Evaluate(test, testLabels);
        Assert.True(wholeResult.Accuracy > 0.85f && headResult.Accuracy > 0.85f, $"held-out accuracy: head {headResult.Accuracy}, fine-tuned {wholeResult.Accuracy}");
    }

    [Fact]
    public void A_prefix_reads_a_submodule_of_a_larger_state_dict()
    {
        var source = new PretrainedStem(seed: 9);
        var file = Rename(source, "backbone.", extra: "classifier.weight");
        var target = new PretrainedStem(seed: 10);

        var load = target.LoadSafetensors(new MemoryStream(file), strict: false, prefix: "backbone.");

        Assert.Equal(PretrainedStem.ParameterTensors.Select(t => t.Name), load.Loaded);
        Assert.Equal(["classifier.weight"], load.Unexpected);
        Assert.Equal(Parameters(source), Parameters(target));
        var strict = Assert.Throws<InvalidDataException>(() => new PretrainedStem().LoadSafetensors(new MemoryStream(file), strict: true, prefix: "backbone."));
        Assert.Contains("classifier.weight", strict.Message);
    }

    [Fact]
    public void A_non_strict_load_of_a_bad_file_still_changes_nothing()
    {
        var network = new FrozenStemHead();
        var before = Parameters(network);
        var file = Rename(new PretrainedStem(), "", extra: "x");
        file[^1] ^= 0xFF; // truncate the data: the declared ranges no longer fit
        Array.Resize(ref file, file.Length - 4);
        Assert.Throws<InvalidDataException>(() => network.LoadSafetensors(new MemoryStream(file), strict: false));
        Assert.Equal(before, Parameters(network));
    }

    /// <summary>The network's tensors under <paramref name="prefix"/>, plus one extra one-float tensor, as a safetensors file.</summary>
    private static byte[] Rename(IPredictor network, string prefix, string extra)
    {
        var values = Parameters(network);
        var json = new StringBuilder("{");
        foreach (var t in network.ParameterTensors)
            json.Append($"\"{prefix}{t.Name}\":{{\"dtype\":\"F32\",\"shape\":[{string.Join(",", t.Shape)}],\"data_offsets\":[{4 * t.Offset},{4 * (t.Offset + t.Length)}]}},");
        json.Append($"\"{extra}\":{{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[{4 * values.Length},{4 * values.Length + 4}]}}}}");
        var header = Encoding.UTF8.GetBytes(json.ToString());
        var bytes = new byte[8 + header.Length + 4 * values.Length + 4];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), (ulong)header.Length);
        header.CopyTo(bytes, 8);
        Buffer.BlockCopy(values, 0, bytes, 8 + header.Length, 4 * values.Length);
        return bytes;
    }
}
