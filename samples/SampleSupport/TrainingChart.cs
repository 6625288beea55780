using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace NetGen.Samples;

/// <summary>
/// Writes a training run's curves as a standalone SVG: loss on the left, accuracy on the right,
/// training and validation in each, with axes, ticks, labels and a legend. No plotting library:
/// SVG is text.
/// </summary>
public static class TrainingChart
{
    private const int PanelWidth = 420, PanelHeight = 300, Margin = 56, Gap = 40, Top = 48;
    private const string TrainingColor = "#1f77b4", ValidationColor = "#ff7f0e";

    /// <summary>Writes <paramref name="history"/> to <paramref name="path"/> with <paramref name="title"/> above it; <paramref name="validationName"/> names the second curve in the legend; a positive <paramref name="bestEpoch"/> is marked with a dashed line.</summary>
    public static void Write(string path, string title, IReadOnlyList<EpochMetrics> history, string validationName = "validation", int bestEpoch = 0)
    {
        File.WriteAllText(path, Render(title, history, validationName, bestEpoch));
    }

    /// <summary>The SVG text.</summary>
    public static string Render(string title, IReadOnlyList<EpochMetrics> history, string validationName = "validation", int bestEpoch = 0)
    {
        if (history.Count == 0)
            throw new ArgumentException("There are no epochs to plot.", nameof(history));
        int width = 2 * (PanelWidth + Margin) + Gap + 20, height = Top + PanelHeight + 90;
        var svg = new StringBuilder();
        svg.AppendLine($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.AppendLine($"  <rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>");
        svg.AppendLine($"  <text x=\"{width / 2}\" y=\"24\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">{Escape(title)}</text>");

        var losses = history.Select(e => (double)e.TrainingLoss).Concat(history.Select(e => (double)e.ValidationLoss));
        Panel(svg, Margin, "Loss", "loss", history, e => e.TrainingLoss, e => e.ValidationLoss, Range(losses, fromZero: true), bestEpoch);
        Panel(svg, 2 * Margin + PanelWidth + Gap, "Accuracy", "accuracy", history, e => e.TrainingAccuracy, e => e.ValidationAccuracy, (0, 1), bestEpoch);

        // Legend, shared by both panels.
        int y = Top + PanelHeight + 62, x = width / 2 - 110;
        Legend(svg, x, y, TrainingColor, "training");
        Legend(svg, x + 120, y, ValidationColor, Escape(validationName));
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static void Panel(StringBuilder svg, int left, string name, string yLabel, IReadOnlyList<EpochMetrics> history,
        Func<EpochMetrics, float> training, Func<EpochMetrics, float> validation, (double Low, double High) range, int bestEpoch)
    {
        int bottom = Top + PanelHeight, right = left + PanelWidth;
        int epochs = history.Count;
        double X(double epoch) => left + (epochs == 1 ? PanelWidth / 2.0 : (epoch - 1) / (epochs - 1) * PanelWidth);
        double Y(double value) => bottom - (value - range.Low) / (range.High - range.Low) * PanelHeight;

        svg.AppendLine($"  <g aria-label=\"{name}\">");
        svg.AppendLine($"    <text x=\"{left + PanelWidth / 2}\" y=\"{Top - 10}\" text-anchor=\"middle\" font-size=\"14\">{name}</text>");
        // Grid and y ticks.
        foreach (double tick in Ticks(range.Low, range.High))
        {
            string y = F(Y(tick));
            svg.AppendLine($"    <line x1=\"{left}\" y1=\"{y}\" x2=\"{right}\" y2=\"{y}\" stroke=\"#e5e5e5\"/>");
            svg.AppendLine($"    <text x=\"{left - 6}\" y=\"{y}\" text-anchor=\"end\" dominant-baseline=\"middle\">{Label(tick)}</text>");
        }
        // X ticks: whole epochs, at most about eight labels.
        int step = Math.Max(1, (int)Math.Ceiling(epochs / 8.0));
        for (int epoch = 1; epoch <= epochs; epoch += step)
        {
            string x = F(X(epoch));
            svg.AppendLine($"    <line x1=\"{x}\" y1=\"{bottom}\" x2=\"{x}\" y2=\"{bottom + 5}\" stroke=\"black\"/>");
            svg.AppendLine($"    <text x=\"{x}\" y=\"{bottom + 18}\" text-anchor=\"middle\">{epoch}</text>");
        }
        // Axes and their labels.
        svg.AppendLine($"    <line x1=\"{left}\" y1=\"{Top}\" x2=\"{left}\" y2=\"{bottom}\" stroke=\"black\"/>");
        svg.AppendLine($"    <line x1=\"{left}\" y1=\"{bottom}\" x2=\"{right}\" y2=\"{bottom}\" stroke=\"black\"/>");
        svg.AppendLine($"    <text x=\"{left + PanelWidth / 2}\" y=\"{bottom + 38}\" text-anchor=\"middle\">epoch</text>");
        svg.AppendLine($"    <text transform=\"translate({left - 42},{Top + PanelHeight / 2}) rotate(-90)\" text-anchor=\"middle\">{yLabel}</text>");
        if (bestEpoch >= 1 && bestEpoch <= epochs)
        {
            string x = F(X(bestEpoch));
            svg.AppendLine($"    <line x1=\"{x}\" y1=\"{Top}\" x2=\"{x}\" y2=\"{bottom}\" stroke=\"#777\" stroke-dasharray=\"4 3\"/>");
            svg.AppendLine($"    <text x=\"{F(X(bestEpoch) + 4)}\" y=\"{Top + PanelHeight / 2}\" fill=\"#555\">best epoch</text>");
        }
        Curve(svg, history, training, X, Y, TrainingColor);
        Curve(svg, history, validation, X, Y, ValidationColor);
        svg.AppendLine("  </g>");
    }

    private static void Curve(StringBuilder svg, IReadOnlyList<EpochMetrics> history, Func<EpochMetrics, float> value,
        Func<double, double> x, Func<double, double> y, string color)
    {
        var points = history.Where(e => float.IsFinite(value(e))).Select(e => $"{F(x(e.Epoch))},{F(y(value(e)))}").ToList();
        if (points.Count == 0)
            return; // no validation rows, or a regression network's accuracy
        svg.AppendLine($"    <polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{string.Join(" ", points)}\"/>");
        if (points.Count == 1)
            svg.AppendLine($"    <circle cx=\"{points[0].Split(',')[0]}\" cy=\"{points[0].Split(',')[1]}\" r=\"3\" fill=\"{color}\"/>");
    }

    private static void Legend(StringBuilder svg, int x, int y, string color, string label)
    {
        svg.AppendLine($"  <line x1=\"{x}\" y1=\"{y}\" x2=\"{x + 24}\" y2=\"{y}\" stroke=\"{color}\" stroke-width=\"3\"/>");
        svg.AppendLine($"  <text x=\"{x + 30}\" y=\"{y}\" dominant-baseline=\"middle\">{label}</text>");
    }

    /// <summary>The data's range, widened to round ends (and to 0 for a loss).</summary>
    private static (double Low, double High) Range(IEnumerable<double> values, bool fromZero)
    {
        var finite = values.Where(double.IsFinite).ToList();
        double low = fromZero ? 0 : finite.Min(), high = finite.Count == 0 ? 1 : finite.Max();
        if (high <= low) high = low + 1;
        double step = NiceStep(high - low);
        return (Math.Floor(low / step) * step, Math.Ceiling(high / step) * step);
    }

    private static IEnumerable<double> Ticks(double low, double high)
    {
        double step = NiceStep(high - low);
        for (double tick = low; tick <= high + step / 2; tick += step)
            yield return Math.Round(tick / step) * step;
    }

    /// <summary>1, 2 or 5 times a power of ten, giving about five ticks.</summary>
    private static double NiceStep(double span)
    {
        double raw = span / 5, power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double fraction = raw / power;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
    }

    private static string Label(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
