using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>CSV and IDX loaders on small files the tests write: values land in the right rows, and malformed files name the line or part.</summary>
public sealed class DataLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("netgen-data-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Csv_with_a_header_and_a_last_label_column()
    {
        var data = CsvLoader.Load(Write("iris.csv", "150,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n6.3, 2.5 ,5.0,1.9,2\n\n7.0,3.2,4.7,1.4,1\n"), new CsvOptions { HasHeader = true });
        Assert.Equal((3, 4, 3), (data.Rows, data.InputSize, data.Classes));
        Assert.Equal([6.3f, 2.5f, 5.0f, 1.9f], data.InputRow(1).ToArray());
        Assert.Equal([0, 2, 1], data.Labels.ToArray());
    }

    [Fact]
    public void Csv_label_in_the_first_column_and_regression_targets()
    {
        var labelled = CsvLoader.Load(new StringReader("1;0.5;2e-1\n0;1.5;-3\n"), new CsvOptions { Separator = ';', LabelColumn = 0, Classes = 4 });
        Assert.Equal([0.5f, 0.2f, 1.5f, -3f], labelled.Inputs.ToArray());
        Assert.Equal(4, labelled.Classes);
        Assert.Equal([1, 0], labelled.Labels.ToArray());

        var regression = CsvLoader.Load(new StringReader("1,2,3,4\n5,6,7,8\n"), new CsvOptions { TargetColumns = 2 });
        Assert.Equal((2, 2, 0), (regression.InputSize, regression.TargetSize, regression.Classes));
        Assert.Equal([3f, 4f, 7f, 8f], regression.Targets.ToArray());
    }

    [Fact]
    public void Csv_reads_gzip_by_extension()
    {
        string path = Path.Combine(_folder, "digits.csv.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            gz.Write("0,16,3\n8,1,9\n"u8);
        var data = CsvLoader.Load(path);
        Assert.Equal([0f, 16f, 8f, 1f], data.Inputs.ToArray());
        Assert.Equal([3, 9], data.Labels.ToArray());
    }

    [Theory]
    [InlineData("1,2,0\n3,4\n", "line 2: has 2 columns; the first row has 3")]
    [InlineData("1,2,0\n3,4,1,5\n", "line 2: has more than 3 columns")]
    [InlineData("1,2,0\n3,x,1\n", "line 2: column 2: \"x\" is not a finite number")]
    [InlineData("a,b,label\n1,2,0\n", "line 1: column 1: \"a\" is not a finite number (if the first line is a header, set HasHeader = true)")]
    [InlineData("1,2,0\n3,4,1.5\n", "line 2: column 3: the label 1.5 is not a class index")]
    [InlineData("1,2,NaN\n", "\"NaN\" is not a finite number")]
    [InlineData("\n\n", "has no data rows")]
    public void Malformed_csv_names_the_line_and_column(string text, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => CsvLoader.Load(new StringReader(text), source: "bad.csv"));
        Assert.Contains(message, error.Message);
        Assert.StartsWith("bad.csv", error.Message);
    }

    [Fact]
    public void Csv_labels_beyond_the_declared_classes_are_refused()
    {
        var error = Assert.Throws<InvalidDataException>(() => CsvLoader.Load(new StringReader("1,3\n2,0\n"), new CsvOptions { Classes = 3 }));
        Assert.Contains("row 1 has label 3, but there are 3 classes", error.Message);
    }

    /// <summary>An IDX file as MNIST's: magic 0 0 type dims, big-endian sizes, then the values.</summary>
    internal static byte[] Idx(byte type, int[] shape, byte[] values)
    {
        var bytes = new byte[4 + 4 * shape.Length + values.Length];
        bytes[2] = type;
        bytes[3] = (byte)shape.Length;
        for (int d = 0; d < shape.Length; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), shape[d]);
        values.CopyTo(bytes, 4 + 4 * shape.Length);
        return bytes;
    }

    [Fact]
    public void Idx_images_and_labels_become_scaled_rows_with_labels()
    {
        string images = Path.Combine(_folder, "images-idx3-ubyte"), labels = Path.Combine(_folder, "labels-idx1-ubyte.gz");
        File.WriteAllBytes(images, Idx(0x08, [3, 2, 2], [0, 255, 51, 102, 1, 2, 3, 4, 255, 255, 0, 0]));
        using (var gz = new GZipStream(File.Create(labels), CompressionLevel.Fastest))
            gz.Write(Idx(0x08, [3], [7, 0, 9]));

        var data = IdxLoader.Load(images, labels);

        Assert.Equal((3, 4, 10), (data.Rows, data.InputSize, data.Classes));
        Assert.Equal([0f, 1f, 51 * (1f / 255f), 102 * (1f / 255f)], data.InputRow(0).ToArray());
        Assert.Equal([7, 0, 9], data.Labels.ToArray());
    }

    [Fact]
    public void Idx_reads_big_endian_floats_and_ints()
    {
        var floats = new byte[8];
        BinaryPrimitives.WriteSingleBigEndian(floats, 1.5f);
        BinaryPrimitives.WriteSingleBigEndian(floats.AsSpan(4), -2.25f);
        Assert.Equal([1.5f, -2.25f], IdxLoader.Read(new MemoryStream(Idx(0x0D, [2], floats))).Values);
        var shorts = new byte[] { 0x01, 0x00, 0xFF, 0xFE };
        Assert.Equal([256f, -2f], IdxLoader.Read(new MemoryStream(Idx(0x0B, [2], shorts))).Values);
    }

    public static TheoryData<byte[], string> BadIdx => new()
    {
        { [1, 0, 8, 1, 0, 0, 0, 1, 5], "does not start with two zero bytes" },
        { [0, 0, 0x07, 1, 0, 0, 0, 1, 5], "type code 0x07" },
        { [0, 0, 8, 0], "declares 0 dimensions" },
        { [0, 0, 8, 2, 0, 0, 0, 2], "truncated: it ends inside the size of dimension 1" },
        { Idx(0x08, [4], [1, 2, 3]), "truncated: it ends inside the values" },
        { Idx(0x08, [2], [1, 2, 3]), "bytes after its 2 declared values" },
        { Idx(0x08, [0x7FFF, 0x7FFF, 0x7FFF], []), "header is corrupted" },
        { Idx(0x08, [-1], []), "dimension 0 has size -1" },
    };

    [Theory]
    [MemberData(nameof(BadIdx))]
    public void Malformed_idx_names_the_problem(byte[] file, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => IdxLoader.Read(new MemoryStream(file), "bad.idx"));
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData(0x0D, float.NaN, "NaN")]
    [InlineData(0x0D, float.NegativeInfinity, "-Infinity")]
    [InlineData(0x0E, 1e300, "Infinity")] // finite as float64, not as the float32 it becomes
    public void Idx_values_that_are_not_finite_are_refused_by_position(byte type, double bad, string shown)
    {
        int size = type == 0x0D ? 4 : 8;
        var values = new byte[6 * size];
        if (type == 0x0D)
            BinaryPrimitives.WriteSingleBigEndian(values.AsSpan(4 * size), (float)bad);
        else
            BinaryPrimitives.WriteDoubleBigEndian(values.AsSpan(4 * size), bad);
        var error = Assert.Throws<InvalidDataException>(() => IdxLoader.Read(new MemoryStream(Idx(type, [2, 3], values)), "bad.idx"));
        Assert.Contains($"bad.idx: value 4 [1, 1] is {shown}", error.Message);
    }

    /// <summary>A header that declares a billion values on a stream that holds a few: nothing near their size is allocated.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Idx_values_the_stream_does_not_hold_are_refused_before_they_are_allocated(bool compressed)
    {
        byte[] file = Idx(0x0D, [1 << 15, 1 << 15], new byte[64]);
        var stream = new MemoryStream();
        if (compressed)
        {
            using (var gz = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true))
                gz.Write(file);
            stream.Position = 0;
        }
        else
        {
            stream.Write(file);
            stream.Position = 0;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => IdxLoader.Read(compressed ? new GZipStream(stream, CompressionMode.Decompress) : stream, "big.idx"));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.Contains("truncated", error.Message);
        Assert.True(allocated < 4 << 20, $"{allocated} bytes allocated for {file.Length} bytes of IDX");
    }

    [Fact]
    public void Idx_images_and_labels_must_agree()
    {
        string images = Path.Combine(_folder, "i"), labels = Path.Combine(_folder, "l");
        File.WriteAllBytes(images, Idx(0x08, [2, 2], [1, 2, 3, 4]));
        File.WriteAllBytes(labels, Idx(0x08, [3], [1, 2, 3]));
        Assert.Contains("holds 2 images but l holds 3 labels", Assert.Throws<InvalidDataException>(() => IdxLoader.Load(images, labels)).Message);
        File.WriteAllBytes(labels, Idx(0x08, [2], [1, 12]));
        Assert.Contains("label 1 is 12", Assert.Throws<InvalidDataException>(() => IdxLoader.Load(images, labels)).Message);
    }

    [Fact]
    public void Split_is_fixed_by_the_seed_and_keeps_every_row_once()
    {
        var data = new DataSet(Enumerable.Range(0, 20).Select(i => (float)i).ToArray(), 1, Enumerable.Range(0, 20).Select(i => i % 2).ToArray(), 2);
        var (train, test) = data.Split(0.75, seed: 4);
        var (again, _) = data.Split(0.75, seed: 4);
        var (other, _) = data.Split(0.75, seed: 5);

        Assert.Equal((15, 5), (train.Rows, test.Rows));
        Assert.Equal(train.Inputs.ToArray(), again.Inputs.ToArray());
        Assert.NotEqual(train.Inputs.ToArray(), other.Inputs.ToArray());
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (float)i), train.Inputs.ToArray().Concat(test.Inputs.ToArray()).Order());
        for (int r = 0; r < train.Rows; r++) Assert.Equal((int)train.InputRow(r)[0] % 2, train.Labels[r]); // labels travel with their rows
    }

    [Fact]
    public void A_data_set_without_rows_is_refused()
    {
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => new DataSet([], 2, Array.Empty<float>(), 1)).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => new DataSet([], 2, Array.Empty<int>(), 3)).ParamName);
        var data = new DataSet([1f, 2f], 2, [0], 2);
        Assert.Throws<ArgumentException>(() => data.Subset([]));
    }

    [Fact]
    public void Standardization_fitted_on_training_rows()
    {
        var train = new DataSet([1f, 10f, 3f, 10f], 2, [0, 1], 2);
        var scaler = Standardization.Fit(train);
        scaler.Apply(train);
        Assert.Equal([-1f, 0f, 1f, 0f], train.Inputs.ToArray()); // the constant feature maps to 0
        Span<float> sample = [5f, 12f];
        scaler.Apply(sample);
        Assert.Equal([3f, 2f], sample.ToArray());
    }
}
