using System;
using System.IO;
using NetGen;
using NetGen.Samples;

namespace Samples.Digits;

/// <summary>
/// Handwritten digits: a fixed 80/20 split (seed 42) holds out 360 images for the final test; the
/// training rows lose another 10% to validation, which early stopping watches.
/// </summary>
public static class DigitsSample
{
    /// <summary>Trains a new <see cref="DigitsNet"/>; writes the curves to <paramref name="chartPath"/>; returns it, the held-out rows and their evaluation.</summary>
    public static (DigitsNet Network, DataSet Test, Evaluation Evaluation) Run(string chartPath, int epochs = 100)
    {
        // 1797 rows of 64 pixel values (0..16) and the digit; gzip is read by extension.
        var data = CsvLoader.Load(Path.Combine(AppContext.BaseDirectory, "digits.csv.gz"), new CsvOptions { Classes = 10 });
        data.ScaleInputs(1f / 16f);
        var (train, test) = data.Split(0.8, seed: 42);

        var network = new DigitsNet();
        var options = new TrainerOptions { Epochs = epochs, Seed = 7, ValidationFraction = 0.1, Patience = 8 };
        var result = ConsoleTraining.Fit(new Trainer(network, options), train, validation: null);
        TrainingChart.Write(chartPath, $"DigitsNet on 8×8 digits (early stopping at epoch {result.BestEpoch})", result.History, bestEpoch: result.BestEpoch);
        return (network, test, network.Evaluate(test.Inputs, test.Labels));
    }
}
