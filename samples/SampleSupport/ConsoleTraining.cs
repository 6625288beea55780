using System;
using System.Globalization;
using Spectre.Console;

namespace NetGen.Samples;

/// <summary>Runs a <see cref="Trainer"/> behind a Spectre.Console progress bar (plain epoch lines when the console is redirected).</summary>
public static class ConsoleTraining
{
    /// <summary>Trains with a progress bar over every batch of every epoch, then prints one line per epoch.</summary>
    public static TrainingResult Fit(Trainer trainer, DataSet training, DataSet? validation)
    {
        TrainingResult result;
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            result = AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("epoch 1", maxValue: 1);
                    return trainer.Fit(training, validation, new Reporter(p =>
                    {
                        task.MaxValue = (double)p.Epochs * p.BatchesPerEpoch;
                        task.Value = (double)(p.Epoch - 1) * p.BatchesPerEpoch + p.Batch;
                        task.Description = $"epoch {p.Epoch}/{p.Epochs}  loss {p.TrainingLoss:0.0000}";
                    }));
                });
        }
        else
        {
            result = trainer.Fit(training, validation, new Reporter(p =>
            {
                if (p.IsEpochEnd) Console.WriteLine(Line(p.Metrics));
            }));
        }
        if (AnsiConsole.Profile.Capabilities.Interactive)
            foreach (var epoch in result.History) AnsiConsole.MarkupLine(Markup.Escape(Line(epoch)));
        if (result.StoppedEarly)
            Console.WriteLine($"Stopped early after epoch {result.History.Count}; best epoch {result.BestEpoch}{(result.RestoredBest ? " (its parameters restored)" : "")}.");
        return result;
    }

    private static string Line(EpochMetrics e) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {e.Epoch,3}  loss {e.TrainingLoss:0.0000}  accuracy {e.TrainingAccuracy:P1}  validation loss {e.ValidationLoss:0.0000}  accuracy {e.ValidationAccuracy:P1}");

    /// <summary>Reports synchronously on the training thread (Progress&lt;T&gt; would post each report to the thread pool).</summary>
    private sealed class Reporter(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
