using System;
using System.IO;
using NetGen;
using NetGen.Samples;

namespace Samples.Iris;

/// <summary>Fisher's Iris: load the CSV, split 80/20 with a fixed seed, standardize, train, evaluate on the held-out rows.</summary>
public static class IrisSample
{
    public static readonly string[] Species = ["setosa", "versicolor", "virginica"];

    /// <summary>Trains a new <see cref="IrisNet"/>; writes the curves to <paramref name="chartPath"/>; returns the network and its held-out evaluation.</summary>
    public static (IrisNet Network, DataSet Test, Evaluation Evaluation) Run(string chartPath, int epochs = 60, ulong splitSeed = 42)
    {
        // Header line "150,4,setosa,versicolor,virginica", then 4 measurements and the class index.
        var data = CsvLoader.Load(Path.Combine(AppContext.BaseDirectory, "iris.csv"), new CsvOptions { HasHeader = true });
        var (train, test) = data.Split(0.8, splitSeed);
        var scaler = Standardization.Fit(train); // on the training rows only
        scaler.Apply(train);
        scaler.Apply(test);

        var network = new IrisNet();
        var trainer = new Trainer(network, new TrainerOptions { Epochs = epochs, Seed = 7 });
        var result = ConsoleTraining.Fit(trainer, train, test);
        TrainingChart.Write(chartPath, $"IrisNet on Iris ({train.Rows} training rows, {test.Rows} held out)", result.History, "held out");
        return (network, test, network.Evaluate(test.Inputs, test.Labels));
    }
}
