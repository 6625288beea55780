using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace NetGen.Samples;

/// <summary>
/// Writes a training run's curves as a standalone SVG with OxyPlot (its SVG export is fully managed): loss on the left,
/// accuracy on the right, training and validation in each, the best epoch marked.
/// </summary>
public static class TrainingChart
{
    private const int Width = 960, Height = 420;
    private static readonly OxyColor TrainingColor = OxyColor.Parse("#1f77b4"), ValidationColor = OxyColor.Parse("#ff7f0e");

    /// <summary>Writes <paramref name="history"/> to <paramref name="path"/> with <paramref name="title"/> above it; <paramref name="validationName"/> names the second curve in the legend; a positive <paramref name="bestEpoch"/> is marked with a dashed line.</summary>
    public static void Write(string path, string title, IReadOnlyList<EpochMetrics> history, string validationName = "validation", int bestEpoch = 0) =>
        File.WriteAllText(path, Render(title, history, validationName, bestEpoch));

    /// <summary>The SVG text.</summary>
    public static string Render(string title, IReadOnlyList<EpochMetrics> history, string validationName = "validation", int bestEpoch = 0)
    {
        if (history.Count == 0)
            throw new ArgumentException("There are no epochs to plot.", nameof(history));
        // Arial: the export measures text with Helvetica's metrics, which Arial shares; a wider font would overrun the legend.
        var model = new PlotModel { Title = title, Background = OxyColors.White, DefaultFont = "Arial" };
        model.Legends.Add(new Legend { LegendPlacement = LegendPlacement.Outside, LegendPosition = LegendPosition.BottomCenter, LegendOrientation = LegendOrientation.Horizontal, LegendItemSpacing = 32 });
        // Two panels in one model: each has its own epoch axis over part of the width, and its own vertical axis.
        Panel(model, "loss", 0, 0.45, AxisPosition.Left, minimum: 0, maximum: double.NaN, history, e => e.TrainingLoss, e => e.ValidationLoss, validationName, bestEpoch, legend: true);
        Panel(model, "accuracy", 0.55, 1, AxisPosition.Right, minimum: 0, maximum: 1, history, e => e.TrainingAccuracy, e => e.ValidationAccuracy, validationName, bestEpoch, legend: false);
        // The workaround places text by its baseline, which browsers and rsvg honour (dominant-baseline is not everywhere).
        return SvgExporter.ExportToString(model, Width, Height, isDocument: true, useVerticalTextAlignmentWorkaround: true);
    }

    private static void Panel(PlotModel model, string name, double start, double end, AxisPosition side, double minimum, double maximum,
        IReadOnlyList<EpochMetrics> history, Func<EpochMetrics, float> training, Func<EpochMetrics, float> validation, string validationName, int bestEpoch, bool legend)
    {
        string epochKey = name + "Epoch";
        model.Axes.Add(new LinearAxis
        {
            Key = epochKey, Position = AxisPosition.Bottom, StartPosition = start, EndPosition = end, Title = "epoch",
            // Whole epochs, at most about eight labels.
            Minimum = 1, Maximum = Math.Max(2, history.Count), MajorStep = Math.Max(1, Math.Ceiling(history.Count / 8.0)), MinorStep = 1,
            MajorGridlineStyle = LineStyle.None,
        });
        model.Axes.Add(new LinearAxis
        {
            Key = name, Position = side, Title = name, Minimum = minimum, Maximum = maximum, AxisTitleDistance = 10,
        });
        Curve(model, history, training, epochKey, name, TrainingColor, legend ? "training" : null);
        Curve(model, history, validation, epochKey, name, ValidationColor, legend ? validationName : null);
        if (bestEpoch >= 1 && bestEpoch <= history.Count)
            model.Annotations.Add(new LineAnnotation
            {
                Type = LineAnnotationType.Vertical, X = bestEpoch, XAxisKey = epochKey, YAxisKey = name, LineStyle = LineStyle.Dash,
                Color = OxyColor.Parse("#777777"), Text = "best epoch",
            });
    }

    private static void Curve(PlotModel model, IReadOnlyList<EpochMetrics> history, Func<EpochMetrics, float> value, string xKey, string yKey, OxyColor color, string? title)
    {
        var points = history.Where(e => float.IsFinite(value(e))).Select(e => new DataPoint(e.Epoch, value(e))).ToList();
        if (points.Count == 0)
            return; // no validation rows, or a regression network's accuracy
        var series = new LineSeries
        {
            XAxisKey = xKey, YAxisKey = yKey, Color = color, StrokeThickness = 2, Title = title,
            MarkerType = points.Count == 1 ? MarkerType.Circle : MarkerType.None, MarkerFill = color,
        };
        series.Points.AddRange(points);
        model.Series.Add(series);
    }
}
