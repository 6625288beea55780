using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using NetGen.Samples;
using Samples.Digits;
using Samples.Iris;
using Samples.Mnist;
using Xunit;

namespace NetGen.Samples.Tests;

// The samples write to the console; run them one at a time.
[CollectionDefinition("samples", DisableParallelization = true)]
public class SamplesCollection;

/// <summary>The samples as a user runs them: shipped data, fixed splits, the accuracy the README states.</summary>
[Collection("samples")]
public sealed class SampleTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("netgen-samples-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Digits_reaches_95_percent_on_its_held_out_images()
    {
        string chart = Path.Combine(_folder, "digits.svg");
        var (_, test, evaluation) = DigitsSample.Run(chart);
        Assert.Equal(359, test.Rows); // 20% of 1797, fixed by the split's seed
        Assert.True(evaluation.Accuracy >= 0.95f, $"held-out accuracy {evaluation.Accuracy:P1}");
        Assert.True(File.Exists(chart));
    }

    [Fact]
    public void Iris_reaches_95_percent_on_its_held_out_rows()
    {
        var (_, test, evaluation) = IrisSample.Run(Path.Combine(_folder, "iris.svg"));
        Assert.Equal(30, test.Rows);
        Assert.True(evaluation.Accuracy >= 0.95f, $"held-out accuracy {evaluation.Accuracy:P1}");
    }

    [Fact]
    public void Mnist_runs_on_IDX_files_plain_and_gzipped()
    {
        WriteTinyMnist(_folder, train: 256, test: 64);
        string chart = Path.Combine(_folder, "mnist.svg");

        var (_, test) = MnistSample.Run(_folder, epochs: 3, chart);

        Assert.Equal(64, test.Rows);
        Assert.True(test.Accuracy >= 0.9f, $"test accuracy {test.Accuracy:P1} on bars any network separates");
        var curves = XDocument.Load(chart).Descendants().Count(e => e.Name.LocalName == "polyline" && e.Attribute("points")!.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 3);
        Assert.Equal(4, curves); // training and validation, loss and accuracy: a point per epoch
    }

    [Fact]
    public void Mnist_names_the_missing_file()
    {
        var error = Assert.Throws<FileNotFoundException>(() => MnistSample.Run(_folder, 1, Path.Combine(_folder, "x.svg")));
        Assert.Contains("train-images-idx3-ubyte (or train-images-idx3-ubyte.gz) is not in", error.Message);
    }

    /// <summary>MNIST-shaped IDX files: digit d is a bright horizontal bar at row 2d + 4 on faint noise; test files gzipped.</summary>
    private static void WriteTinyMnist(string folder, int train, int test)
    {
        var random = new Random(5);
        void Write(string prefix, int count, bool gzip)
        {
            var labels = Enumerable.Range(0, count).Select(_ => (byte)random.Next(10)).ToArray();
            var pixels = new byte[count * 784];
            random.NextBytes(pixels);
            for (int i = 0; i < pixels.Length; i++) pixels[i] /= 8;
            for (int n = 0; n < count; n++)
                for (int column = 4; column < 24; column++)
                    pixels[n * 784 + (2 * labels[n] + 4) * 28 + column] = 255;
            Save(Path.Combine(folder, $"{prefix}-images-idx3-ubyte"), [count, 28, 28], pixels, gzip);
            Save(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte"), [count], labels, gzip);
        }
        Write("train", train, gzip: false);
        Write("t10k", test, gzip: true);
    }

    private static void Save(string path, int[] shape, byte[] values, bool gzip)
    {
        var header = new byte[4 + 4 * shape.Length];
        header[2] = 0x08;
        header[3] = (byte)shape.Length;
        for (int d = 0; d < shape.Length; d++) BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * d), shape[d]);
        using Stream file = File.Create(gzip ? path + ".gz" : path);
        using Stream stream = gzip ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest) : file;
        stream.Write(header);
        stream.Write(values);
    }
}

/// <summary>The SVG chart (OxyPlot's export) as a user opens it: well-formed, both panels, axes labelled, a legend, the curves.</summary>
public class TrainingChartTests
{
    private static readonly EpochMetrics[] History =
    [
        new(1, 1.2f, 0.50f, 1.3f, 0.45f),
        new(2, 0.7f, 0.75f, 0.8f, 0.70f),
        new(3, 0.4f, 0.90f, 0.6f, 0.85f),
    ];

    private const string Training = "stroke:rgb(31,119,180)", Validation = "stroke:rgb(255,127,14)";

    private static string[] Texts(XDocument svg) => svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToArray();

    /// <summary>The curves drawn in a colour, as arrays of (x, y) points, in drawing order (loss panel first); the legend's sample line, two points, is not one.</summary>
    private static (double X, double Y)[][] Curves(XDocument svg, string stroke) => svg.Descendants()
        .Where(e => e.Name.LocalName == "polyline" && (e.Attribute("style")?.Value.Contains(stroke) ?? false))
        .Select(e => e.Attribute("points")!.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(',')).Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture))).ToArray())
        .Where(points => points.Length > 2)
        .ToArray();

    [Fact]
    public void Both_panels_have_axes_labels_and_a_legend_and_the_title_is_escaped()
    {
        var svg = XDocument.Parse(TrainingChart.Render("Run <1>", History, "held out", bestEpoch: 2));
        var texts = Texts(svg);

        Assert.Contains("Run <1>", texts); // escaped in the file, intact once parsed
        Assert.Equal(2, texts.Count(t => t == "epoch"));
        Assert.Contains("loss", texts);
        Assert.Contains("accuracy", texts);
        Assert.Contains("training", texts);
        Assert.Contains("held out", texts);
        Assert.Equal(2, texts.Count(t => t == "best epoch"));
        Assert.Equal(2, Curves(svg, Training).Length);
        Assert.Equal(2, Curves(svg, Validation).Length);
    }

    [Fact]
    public void Curves_rise_and_fall_with_the_data()
    {
        var svg = XDocument.Parse(TrainingChart.Render("t", History));
        var training = Curves(svg, Training);
        Assert.Equal(3, training[0].Length);
        Assert.True(training[0][0].Y < training[0][2].Y, "training loss falls: SVG y grows downward");
        Assert.True(training[1][0].Y > training[1][2].Y, "training accuracy rises");
        Assert.True(training[0][2].X < training[1][0].X, "the loss panel is left of the accuracy panel");
    }

    [Fact]
    public void Without_validation_rows_only_the_training_curves_are_drawn()
    {
        var history = History.Select(e => e with { ValidationLoss = float.NaN, ValidationAccuracy = float.NaN }).ToArray();
        var svg = XDocument.Parse(TrainingChart.Render("t", history));
        Assert.Equal(2, Curves(svg, Training).Length);
        Assert.Empty(Curves(svg, Validation));
    }
}
