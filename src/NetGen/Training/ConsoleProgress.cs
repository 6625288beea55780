using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace NetGen;

/// <summary>
/// Reports <see cref="Trainer.Fit"/>'s progress as one line per epoch, on a console or any <see cref="TextWriter"/>:
/// <c>epoch  3/60  loss 0.4123  accuracy 91.2%  validation loss 0.3890  accuracy 93.3%</c>, a regression's R² in
/// place of accuracy (figures that do not apply are left out). It writes on the training thread as each report
/// arrives, so lines come in order and all are written when <c>Fit</c> returns; a <see cref="Progress{T}"/> posts
/// each report to the thread pool instead. Reports within an epoch are ignored, so they cost nothing.
/// </summary>
/// <param name="writer">Where the lines go; <see cref="Console.Out"/> when null.</param>
public sealed class ConsoleProgress(TextWriter? writer = null) : IProgress<TrainingProgress>
{
    private readonly TextWriter _writer = writer ?? Console.Out;

    /// <inheritdoc/>
    public void Report(TrainingProgress value)
    {
        if (value.IsEpochEnd)
            _writer.WriteLine(Line(value.Metrics, value.Epochs));
    }

    /// <summary>The line written for an epoch of <paramref name="epochs"/>.</summary>
    public static string Line(EpochMetrics metrics, int epochs)
    {
        int digits = epochs.ToString(CultureInfo.InvariantCulture).Length;
        var line = new StringBuilder();
        line.Append("epoch ").Append(metrics.Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(digits)).Append('/').Append(epochs);
        Figure(line, "loss", metrics.TrainingLoss, percent: false);
        Figure(line, "accuracy", metrics.TrainingAccuracy, percent: true);
        Figure(line, "R²", metrics.TrainingRSquared, percent: false);
        Figure(line, "validation loss", metrics.ValidationLoss, percent: false);
        Figure(line, "accuracy", float.IsNaN(metrics.ValidationLoss) ? float.NaN : metrics.ValidationAccuracy, percent: true);
        Figure(line, "R²", float.IsNaN(metrics.ValidationLoss) ? float.NaN : metrics.ValidationRSquared, percent: false);
        return line.ToString();
    }

    private static void Figure(StringBuilder line, string name, float value, bool percent)
    {
        if (float.IsNaN(value))
            return;
        line.Append("  ").Append(name).Append(' ')
            .Append(percent ? value.ToString("0.0%", CultureInfo.InvariantCulture) : value.ToString("0.0000", CultureInfo.InvariantCulture));
    }
}
