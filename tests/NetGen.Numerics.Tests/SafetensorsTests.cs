using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Xunit;
using static NetGen.Numerics.Tests.Support.NetworkState;

namespace NetGen.Numerics.Tests;

/// <summary>PyTorch interchange: a file PyTorch wrote predicts as PyTorch did; NetGen's files read back exactly; bad files are refused and change nothing.</summary>
public class SafetensorsTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public void Tensor_names_and_shapes_are_nn_Sequential_state_dict()
    {
        Assert.Equal(
            ["0.weight [6, 4]", "0.bias [6]", "1.weight [1]", "2.weight [5, 6]", "2.bias [5]", "4.weight [3, 5]", "4.bias [3]"],
            TorchIrisNet.ParameterTensors.Select(t => t.ToString()));
        Assert.Equal(TorchIrisNet.ParameterCount, TorchIrisNet.ParameterTensors.Sum(t => t.Length));
        Assert.Equal(["0.weight [4, 2]", "0.bias [4]", "2.weight [1, 4]", "2.bias [1]"], XorNet.ParameterTensors.Select(t => t.ToString()));
    }

    [Fact]
    public void A_file_written_by_PyTorch_gives_PyTorchs_predictions()
    {
        var network = new TorchIrisNet();
        network.LoadSafetensors(Fixture("torch_iris.safetensors"));

        using var expected = JsonDocument.Parse(File.ReadAllText(Fixture("torch_iris.json")));
        var inputs = expected.RootElement.GetProperty("inputs").EnumerateArray().ToArray();
        var logits = expected.RootElement.GetProperty("logits").EnumerateArray().ToArray();
        Assert.Equal(10, inputs.Length);
        Span<float> output = stackalloc float[3];
        for (int r = 0; r < inputs.Length; r++)
        {
            network.Predict(inputs[r].EnumerateArray().Select(v => v.GetSingle()).ToArray(), output);
            var want = logits[r].EnumerateArray().Select(v => v.GetSingle()).ToArray();
            for (int k = 0; k < 3; k++)
                Assert.True(Math.Abs(output[k] - want[k]) <= 1e-5f * (1 + Math.Abs(want[k])), $"row {r} logit {k}: NetGen {output[k]}, PyTorch {want[k]}");
        }
    }

    [Fact]
    public void The_static_LoadSafetensors_builds_the_network_the_instance_one_fills()
    {
        var filled = new TorchIrisNet(seed: 9);
        filled.LoadSafetensors(Fixture("torch_iris.safetensors")); // the extension, on an instance
        var built = TorchIrisNet.LoadSafetensors(Fixture("torch_iris.safetensors")); // the factory, as Load
        var expected = new float[TorchIrisNet.ParameterCount];
        var actual = new float[TorchIrisNet.ParameterCount];
        filled.CopyParametersTo(expected);
        built.CopyParametersTo(actual);
        Assert.Equal(expected, actual);
        Assert.Throws<InvalidDataException>(() => XorNet.LoadSafetensors(Fixture("torch_iris.safetensors")));
    }

    [Fact]
    public void Export_then_import_restores_every_parameter_exactly()
    {
        var network = new TorchIrisNet(seed: 5);
        var (inputs, labels) = Rows(16);
        network.TrainBatch(inputs, labels);
        var stream = new MemoryStream();
        network.SaveSafetensors(stream);

        var again = new TorchIrisNet(seed: 99);
        again.LoadSafetensors(new MemoryStream(stream.ToArray()));

        Assert.Equal(Parameters(network), Parameters(again));
    }

    [Fact]
    public void The_export_is_the_format_PyTorch_reads()
    {
        var network = new TorchIrisNet();
        var stream = new MemoryStream();
        network.SaveSafetensors(stream);
        byte[] bytes = stream.ToArray();

        int headerLength = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        Assert.Equal(0, headerLength % 8); // data 8-byte aligned
        Assert.Equal(8 + headerLength + 4 * TorchIrisNet.ParameterCount, bytes.Length);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, headerLength));
        var prelu = header.RootElement.GetProperty("1.weight");
        Assert.Equal("F32", prelu.GetProperty("dtype").GetString());
        Assert.Equal([1], prelu.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal([120L, 124L], prelu.GetProperty("data_offsets").EnumerateArray().Select(v => v.GetInt64()));
        // Row-major [out, in]: element [o, i] of "0.weight" is parameter o * 4 + i.
        var parameters = Parameters(network);
        Assert.Equal(parameters[1 * 4 + 2], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(8 + headerLength + (1 * 4 + 2) * 4)));
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "truncated", "truncated" },
        { "tiny header length", "header length" },
        { "not json", "not valid JSON" },
        { "missing tensor", "no tensor \"1.weight\"" },
        { "extra tensor", "\"5.weight\" that TorchIrisNet does not" },
        { "wrong shape", "shape [4, 6]" },
        { "float64", "F64" },
        { "gap in data", "not contiguous" },
        { "NaN value", "finite" },
        // Found by fuzzing: a header length one byte short (the header ends in padding) loaded shifted values.
        { "header length one short", "goes on after its" },
        { "second object after the header", "other than space padding" },
        { "NUL padding", "other than space padding" },
        { "fractional shape", "not a whole number" },
        { "invalid UTF-8", "UTF-8" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_bad_file_is_refused_with_its_problem_named_and_nothing_changes(string damage, string message)
    {
        var network = new TorchIrisNet(seed: 2);
        var before = Parameters(network);

        var error = Assert.Throws<InvalidDataException>(() => network.LoadSafetensors(new MemoryStream(Damaged(damage))));

        Assert.Contains(message, error.Message);
        Assert.Equal(before, Parameters(network));
    }

    [Fact]
    public void A_file_of_another_architecture_with_the_same_names_is_refused()
    {
        var stream = new MemoryStream();
        new TorchIrisReluNet().SaveSafetensors(stream);
        var error = Assert.Throws<InvalidDataException>(() => new TorchIrisNet().LoadSafetensors(new MemoryStream(stream.ToArray())));
        Assert.Contains("no tensor \"1.weight\"", error.Message);
    }

    /// <summary>TorchIrisNet's file with one more tensor: a header that says it is large, on data that is not there.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_large_tensor_the_file_does_not_hold_is_refused_before_its_bytes_are_allocated(bool seekable)
    {
        var saved = new MemoryStream();
        new TorchIrisNet(seed: 1).SaveSafetensors(saved);
        byte[] file = saved.ToArray();
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        string header = Encoding.UTF8.GetString(file, 8, headerLength).TrimEnd();
        long dataLength = file.Length - 8 - headerLength, big = 1L << 30;
        header = header[..^1] + $",\"big\":{{\"dtype\":\"F32\",\"shape\":[{big / 4}],\"data_offsets\":[{dataLength},{dataLength + big}]}}}}";
        byte[] bigHeader = Encoding.UTF8.GetBytes(header);
        var damaged = new MemoryStream();
        damaged.Write(BitConverter.GetBytes((ulong)bigHeader.Length));
        damaged.Write(bigHeader);
        damaged.Write(file.AsSpan(8 + headerLength));
        damaged.Position = 0;

        var network = new TorchIrisNet(seed: 2);
        var before = Parameters(network);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => network.LoadSafetensors(seekable ? damaged : new OneWayStream(damaged), strict: false));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Contains("truncated", error.Message);
        Assert.True(allocated < 8 << 20, $"{allocated} bytes allocated for a {damaged.Length}-byte file");
        Assert.Equal(before, Parameters(network));
    }

    [Fact]
    public void A_header_length_past_the_end_of_the_file_is_refused_before_it_is_allocated()
    {
        var file = new byte[64];
        BinaryPrimitives.WriteUInt64LittleEndian(file, Safetensors.MaxHeaderBytes);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => new TorchIrisNet().LoadSafetensors(new MemoryStream(file), strict: false));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.Contains("truncated", error.Message);
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated for a 64-byte file");
    }

    /// <summary>Entries whose byte ranges do not hold their dtype and shape: refused, strict or not, whichever tensor they name.</summary>
    [Theory]
    [InlineData("\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,4]}", "x")]
    [InlineData("\"x\":{\"dtype\":\"F16\",\"shape\":[2, 2],\"data_offsets\":[0,4]}", "x")]
    [InlineData("\"x\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,4]}", "x")]
    [InlineData("\"x\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}", "x")]
    [InlineData("\"x\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,4]}", "Q7")]
    [InlineData("\"0.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}", "0.bias")]
    public void An_entry_whose_data_offsets_do_not_match_its_dtype_and_shape_is_refused(string entry, string named)
    {
        byte[] header = Encoding.UTF8.GetBytes("{" + entry + "}");
        var file = new MemoryStream();
        file.Write(BitConverter.GetBytes((ulong)header.Length));
        file.Write(header);
        file.Write(new byte[4]);
        var network = new TorchIrisNet(seed: 2);
        var before = Parameters(network);

        var error = Assert.Throws<InvalidDataException>(() => network.LoadSafetensors(new MemoryStream(file.ToArray()), strict: false));
        Assert.Contains(named, error.Message);
        Assert.Equal(before, Parameters(network));
    }

    [Fact]
    public void Overlapping_ranges_are_refused()
    {
        byte[] header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}"u8.ToArray();
        var file = new MemoryStream();
        file.Write(BitConverter.GetBytes((ulong)header.Length));
        file.Write(header);
        file.Write(new byte[12]);
        var error = Assert.Throws<InvalidDataException>(() => new TorchIrisNet().LoadSafetensors(new MemoryStream(file.ToArray()), strict: false));
        Assert.Contains("not contiguous", error.Message);
    }

    /// <summary>A stream that cannot seek (a pipe, a decompressor): its length is known only at its end.</summary>
    internal sealed class OneWayStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer); // Stream's own would rent an array of the span's length
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A valid TorchIrisNet file with one thing broken.</summary>
    private static byte[] Damaged(string damage)
    {
        var tensors = TorchIrisNet.ParameterTensors.Select(t => (t.Name, Shape: t.Shape.ToArray(), DType: "F32", t.Length)).ToList();
        var values = Enumerable.Range(0, TorchIrisNet.ParameterCount).Select(i => 0.01f * i).ToArray();
        long gap = 0;
        switch (damage)
        {
            case "missing tensor": tensors.RemoveAll(t => t.Name == "1.weight"); break;
            case "extra tensor": tensors.Add(("5.weight", [1], "F32", 1)); values = [.. values, 0f]; break;
            case "wrong shape": tensors[0] = (tensors[0].Name, [4, 6], "F32", 24); break;
            case "float64": tensors[1] = (tensors[1].Name, tensors[1].Shape, "F64", tensors[1].Length); break;
            case "gap in data": gap = 4; break;
            case "NaN value": values[3] = float.NaN; break;
            case "fractional shape": tensors[1] = (tensors[1].Name, [6], "F32", tensors[1].Length); break;
        }
        var json = new StringBuilder("{");
        long offset = 0;
        foreach (var t in tensors)
        {
            json.Append($"\"{t.Name}\":{{\"dtype\":\"{t.DType}\",\"shape\":[{string.Join(",", t.Shape)}],\"data_offsets\":[{offset},{offset + 4 * t.Length}]}},");
            offset += 4 * t.Length + gap;
        }
        json[^1] = '}';
        if (damage == "fractional shape")
            json.Replace("\"shape\":[6]", "\"shape\":[6.5]");
        json.Append(damage switch
        {
            "header length one short" => "    ", // padding, as writers align the data
            "second object after the header" => "{}",
            "NUL padding" => "\0\0\0",
            _ => "",
        });
        byte[] header = damage == "not json" ? "{\"0.weight\": {\"dtype\": oops}}"u8.ToArray() : Encoding.UTF8.GetBytes(json.ToString());
        if (damage == "invalid UTF-8")
            header = [.. "{\"0.we"u8, 0xFF, .. header.AsSpan(6)];
        var file = new MemoryStream();
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, damage switch
        {
            "tiny header length" => 0UL,
            "header length one short" => (ulong)header.Length - 1,
            _ => (ulong)header.Length,
        });
        file.Write(length);
        file.Write(header);
        foreach (float v in values) file.Write(BitConverter.GetBytes(v));
        if (gap > 0) file.Write(new byte[gap * tensors.Count]);
        byte[] bytes = file.ToArray();
        return damage == "truncated" ? bytes[..^10] : bytes;
    }

    private static (float[] Inputs, int[] Labels) Rows(int rows)
    {
        var random = new Runtime.DeterministicRandom(11);
        var inputs = new float[rows * 4];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = random.NextSingle(-1f, 1f);
        return (inputs, Enumerable.Range(0, rows).Select(i => i % 3).ToArray());
    }
}
