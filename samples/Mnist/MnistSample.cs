using System;
using System.IO;
using System.Linq;
using NetGen;
using NetGen.Samples;

namespace Samples.Mnist;

/// <summary>MNIST from its IDX files: train on the 60,000 training images (10% held for validation), test on the 10,000 test images.</summary>
public static class MnistSample
{
    private static readonly string[] Files = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>The four IDX files in <paramref name="folder"/>, each plain or ".gz"; throws naming any that is missing.</summary>
    public static string[] Locate(string folder) => Files.Select(name =>
    {
        string plain = Path.Combine(folder, name);
        if (File.Exists(plain)) return plain;
        if (File.Exists(plain + ".gz")) return plain + ".gz";
        throw new FileNotFoundException($"{name} (or {name}.gz) is not in {folder}.", plain);
    }).ToArray();

    /// <summary>Trains a new <see cref="MnistNet"/> on the IDX files in <paramref name="folder"/>; returns its test-set evaluation.</summary>
    public static (MnistNet Network, Evaluation Test) Run(string folder, int epochs, string chartPath)
    {
        string[] paths = Locate(folder);
        var train = IdxLoader.Load(paths[0], paths[1]); // pixels 0..255 scaled to 0..1
        var test = IdxLoader.Load(paths[2], paths[3]);
        if (train.InputSize != MnistNet.InputSize)
            throw new InvalidDataException($"{Path.GetFileName(paths[0])} holds images of {train.InputSize} pixels; MnistNet takes 28×28 = {MnistNet.InputSize}.");
        Console.WriteLine($"{train.Rows} training and {test.Rows} test images from {folder}");

        var network = new MnistNet();
        var options = new TrainerOptions { Epochs = epochs, Seed = 7, ValidationFraction = 0.1, ReportEveryBatches = 20 };
        var result = ConsoleTraining.Fit(new Trainer(network, options), train, validation: null);
        TrainingChart.Write(chartPath, "MnistNet on MNIST", result.History);
        return (network, network.Evaluate(test.Inputs, test.Labels));
    }
}
