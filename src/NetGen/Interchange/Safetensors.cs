using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using NetGen.Runtime;

namespace NetGen;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face; what PyTorch users exchange weights in):
/// an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and byte
/// range, then the raw little-endian data. Tensor names are those of the equivalent nn.Sequential's
/// state_dict (<see cref="IPredictor.ParameterTensors"/>), so
/// <c>safetensors.torch.load_file</c> / <c>model.load_state_dict</c> take NetGen's file as it is, and
/// NetGen takes PyTorch's.
/// </summary>
public static class Safetensors
{
    /// <summary>Headers larger than this are refused before anything is allocated for them.</summary>
    public const int MaxHeaderBytes = 16 << 20;
    private const string Float32 = "F32";

    /// <summary>Writes the network's parameters as float32 tensors, with the architecture in <c>__metadata__</c>.</summary>
    public static void SaveSafetensors(this IPredictor network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        var parameters = new float[network.ParameterCount];
        network.CopyParametersTo(parameters);

        byte[] header = Header(network);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        var data = new byte[parameters.Length * sizeof(float)];
        for (int i = 0; i < parameters.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * sizeof(float)), parameters[i]);
        stream.Write(data);
        stream.Flush();
    }

    /// <summary>Writes the network's parameters to a safetensors file at <paramref name="path"/> (created, or replaced atomically).</summary>
    public static void SaveSafetensors(this IPredictor network, string path) => Runtime.AtomicFile.Write(path, network.SaveSafetensors);

    /// <summary>
    /// Replaces the network's parameters with those of a safetensors file. Every tensor the network
    /// has must be there with its shape, as float32, and nothing else; otherwise
    /// <see cref="InvalidDataException"/> names the problem and the network is unchanged.
    /// </summary>
    public static void LoadSafetensors(this IPredictor network, Stream stream) => network.LoadSafetensors(stream, strict: true);

    /// <summary>Replaces the network's parameters with those of the safetensors file at <paramref name="path"/>.</summary>
    public static void LoadSafetensors(this IPredictor network, string path) => network.LoadSafetensors(path, strict: true);

    /// <summary>
    /// Loads the tensors of a safetensors file into the network, as PyTorch's <c>load_state_dict(strict=...)</c>:
    /// the network's tensor "0.weight" is read from the file's <paramref name="prefix"/> + "0.weight". Strict, every
    /// tensor must be there with its shape and the file may hold nothing else (<see cref="InvalidDataException"/>
    /// otherwise). Not strict, the tensors whose names, shapes and dtype match are loaded, the others keep their
    /// values, and the result says which were which: for transfer learning, load a smaller network's layers into
    /// the first layers of a larger one. Either way the file is checked whole first, and a bad file leaves the
    /// network unchanged.
    /// </summary>
    public static SafetensorsLoad LoadSafetensors(this IPredictor network, Stream stream, bool strict, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(prefix);
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadPart(lengthBytes, "The safetensors file", "header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength is 0 or > MaxHeaderBytes)
            throw new InvalidDataException($"Not a safetensors file: the header length is {headerLength} bytes (expected 2 to {MaxHeaderBytes}).");
        byte[] header = ReadBytes(stream, (long)headerLength, "JSON header");
        var entries = ParseHeader(header);
        long dataLength = CheckRanges(entries);
        var plan = Match(network, entries, strict, prefix);

        byte[] data = ReadBytes(stream, dataLength, "tensor data");
        // The data ends the file: a byte after it means the header length, and so every offset, is wrong
        // (one byte short, a header that loaded shifted values without this check).
        if (stream.ReadByte() >= 0)
            throw new InvalidDataException($"The safetensors file goes on after its {dataLength} bytes of tensor data: its header length ({headerLength}) does not match its contents.");
        var parameters = new float[network.ParameterCount];
        network.CopyParametersTo(parameters); // the tensors not loaded keep their values
        foreach (var (tensor, entry) in plan.Reads)
        {
            for (int i = 0; i < tensor.Length; i++)
                parameters[tensor.Offset + i] = BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan((int)entry.Begin + i * sizeof(float)));
        }
        try
        {
            network.SetParameters(parameters);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The safetensors file holds a value the network cannot take: {e.Message}", e);
        }
        return plan.Result;
    }

    /// <summary>Loads the safetensors file at <paramref name="path"/>, strictly or not (see <see cref="LoadSafetensors(IPredictor, Stream, bool, string)"/>).</summary>
    public static SafetensorsLoad LoadSafetensors(this IPredictor network, string path, bool strict, string prefix = "")
    {
        using var file = File.OpenRead(path);
        return network.LoadSafetensors(file, strict, prefix);
    }

    /// <summary>
    /// Reads <paramref name="length"/> bytes, a length the header claims: what is allocated is bounded by what the stream
    /// holds, so a header claiming more than the file is refused as truncated, not paid for. A stream that can seek is
    /// measured first; one that cannot is read into a buffer that grows as its bytes arrive.
    /// </summary>
    private static byte[] ReadBytes(Stream stream, long length, string part)
    {
        if (stream.CanSeek && stream.Length - stream.Position < length)
            throw Truncated(Math.Max(0, stream.Length - stream.Position));
        var bytes = new byte[stream.CanSeek ? length : Math.Min(length, 1 << 20)];
        int total = 0;
        while (total < length)
        {
            if (total == bytes.Length)
                Array.Resize(ref bytes, (int)Math.Min(length, 2L * bytes.Length));
            int read = stream.Read(bytes, total, bytes.Length - total);
            if (read == 0)
                throw Truncated(total);
            total += read;
        }
        return bytes;

        InvalidDataException Truncated(long held) =>
            new($"The safetensors file is truncated: it ends inside the {part} ({held} of {length} bytes).");
    }

    private static byte[] Header(IPredictor network)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            json.WriteString("format", "pt");
            json.WriteString("netgen.network", network.GetType().FullName);
            json.WriteEndObject();
            foreach (var tensor in network.ParameterTensors)
            {
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", Float32);
                json.WriteStartArray("shape");
                foreach (int size in tensor.Shape) json.WriteNumberValue(size);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue((long)tensor.Offset * sizeof(float));
                json.WriteNumberValue((long)(tensor.Offset + tensor.Length) * sizeof(float));
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        // The format lets writers pad the header with spaces; 8-byte alignment keeps the data aligned.
        while (buffer.Length % 8 != 0) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    private readonly record struct Entry(string DType, int[] Shape, long Begin, long End);

    private static Dictionary<string, Entry> ParseHeader(byte[] header)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(header);
            Expect(ref reader, JsonTokenType.StartObject, "the header");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                if (name == "__metadata__")
                {
                    reader.Skip();
                    continue;
                }
                if (reader.TokenType != JsonTokenType.StartObject)
                    throw new InvalidDataException($"The safetensors header entry \"{name}\" is not an object.");
                string? dtype = null;
                int[]? shape = null;
                long[]? offsets = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    string field = reader.GetString()!;
                    reader.Read();
                    switch (field)
                    {
                        case "dtype": dtype = reader.GetString(); break;
                        case "shape": shape = Array.ConvertAll(ReadNumbers(ref reader, name, field), n => checked((int)n)); break;
                        case "data_offsets": offsets = ReadNumbers(ref reader, name, field); break;
                        default: reader.Skip(); break;
                    }
                }
                if (dtype is null || shape is null || offsets is null || offsets.Length != 2)
                    throw new InvalidDataException($"The safetensors entry \"{name}\" needs \"dtype\", \"shape\" and two \"data_offsets\".");
                if (!entries.TryAdd(name, new Entry(dtype, shape, offsets[0], offsets[1])))
                    throw new InvalidDataException($"The safetensors header names \"{name}\" twice.");
            }
            if (reader.TokenType != JsonTokenType.EndObject)
                throw new InvalidDataException("Not a safetensors file: the header's object does not close where its entries end.");
            // The format pads the header with spaces only; anything else after the object (a second value, NUL bytes)
            // means the header length is not this header's.
            foreach (byte b in header.AsSpan((int)reader.BytesConsumed))
                if (b != (byte)' ')
                    throw new InvalidDataException($"The safetensors header has something other than space padding after its JSON object (byte 0x{b:X2} at {reader.BytesConsumed}).");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Not a safetensors file: the header is not valid JSON ({e.Message}).", e);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDataException($"The safetensors header has a value the format does not allow there ({e.Message}).", e);
        }
        catch (OverflowException e)
        {
            throw new InvalidDataException("The safetensors header has a shape too large for this network.", e);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"The safetensors header has a number that is not a whole number ({e.Message}).", e);
        }
        return entries;
    }

    private static long[] ReadNumbers(ref Utf8JsonReader reader, string name, string field)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new InvalidDataException($"The safetensors entry \"{name}\" has a \"{field}\" that is not an array.");
        var numbers = new List<long>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            numbers.Add(reader.GetInt64());
        return numbers.ToArray();
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (!reader.Read() || reader.TokenType != type)
            throw new InvalidDataException($"Not a safetensors file: {what} is not a JSON object.");
    }

    /// <summary>
    /// The file's own byte ranges: each entry's holds its dtype and shape, every entry's, loaded or not; and the format's
    /// data section is the tensors back to back, no gaps, no overlaps. Returns the data length.
    /// </summary>
    private static long CheckRanges(Dictionary<string, Entry> entries)
    {
        var ranges = new List<(long Begin, long End, string Name)>();
        foreach (var (name, entry) in entries)
        {
            if (entry.Begin < 0 || entry.End < entry.Begin)
                throw new InvalidDataException($"Tensor \"{name}\" has data_offsets [{entry.Begin}, {entry.End}], which are not a byte range.");
            long bytes = BytesOf(name, entry);
            if (entry.End - entry.Begin != bytes)
                throw new InvalidDataException($"Tensor \"{name}\" is {entry.DType} of shape [{string.Join(", ", entry.Shape)}], {bytes} bytes, but its data_offsets [{entry.Begin}, {entry.End}] hold {entry.End - entry.Begin}.");
            ranges.Add((entry.Begin, entry.End, name));
        }
        ranges.Sort();
        long dataLength = 0;
        foreach (var (begin, end, _) in ranges)
        {
            if (begin != dataLength)
                throw new InvalidDataException($"The safetensors data is not contiguous: a tensor starts at byte {begin}, expected {dataLength}.");
            dataLength = end;
        }
        if (dataLength > Array.MaxLength)
            throw new InvalidDataException($"The safetensors data is {dataLength} bytes, more than NetGen reads at once.");
        return dataLength;
    }

    /// <summary>The bytes an entry's dtype and shape take (the format's dtypes, some narrower than a byte).</summary>
    private static long BytesOf(string name, Entry entry)
    {
        int bits = entry.DType switch
        {
            "F4" => 4,
            "F6_E2M3" or "F6_E3M2" => 6,
            "BOOL" or "U8" or "I8" or "F8_E5M2" or "F8_E4M3" or "F8_E8M0" => 8,
            "I16" or "U16" or "F16" or "BF16" => 16,
            "I32" or "U32" or Float32 => 32,
            "I64" or "U64" or "F64" or "C64" => 64,
            _ => throw new InvalidDataException($"Tensor \"{name}\" has dtype \"{entry.DType}\", which is not a safetensors dtype."),
        };
        long elements = 1;
        foreach (int size in entry.Shape)
        {
            if (size < 0)
                throw new InvalidDataException($"Tensor \"{name}\" has shape [{string.Join(", ", entry.Shape)}], with a negative size.");
            // Capped at 2^32, which no range NetGen reads holds: the product cannot overflow.
            elements = Math.Min(elements * size, 1L << 32);
        }
        if (elements * bits % 8 != 0)
            throw new InvalidDataException($"Tensor \"{name}\" is {elements} values of {entry.DType}, which do not fill whole bytes.");
        return elements * bits / 8;
    }

    private sealed record LoadPlan(List<(ParameterTensor Tensor, Entry Entry)> Reads, SafetensorsLoad Result);

    /// <summary>Pairs the network's tensors with the file's entries; strict, any difference throws.</summary>
    private static LoadPlan Match(IPredictor network, Dictionary<string, Entry> entries, bool strict, string prefix)
    {
        string networkName = network.GetType().Name;
        var reads = new List<(ParameterTensor, Entry)>();
        var loaded = new List<string>();
        var missing = new List<string>();
        var mismatched = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tensor in network.ParameterTensors)
        {
            string key = prefix + tensor.Name;
            if (!entries.TryGetValue(key, out var entry))
            {
                if (strict)
                    throw new InvalidDataException($"The safetensors file has no tensor \"{key}\"; {networkName} needs {Describe(network.ParameterTensors, prefix)}.");
                missing.Add(tensor.Name);
                continue;
            }
            used.Add(key);
            // CheckRanges made every entry's range hold its dtype and shape: an F32 entry of the tensor's shape is its floats.
            string? problem = entry.DType != Float32 ? $"is {entry.DType}; NetGen reads F32 (in PyTorch: model.float() before saving)"
                : !SameShape(entry.Shape, tensor.Shape) ? $"has shape [{string.Join(", ", entry.Shape)}]; {networkName} needs {tensor}"
                : null;
            if (problem is not null)
            {
                if (strict)
                    throw new InvalidDataException($"Tensor \"{key}\" {problem}.");
                mismatched.Add(tensor.Name);
                continue;
            }
            reads.Add((tensor, entry));
            loaded.Add(tensor.Name);
        }
        var unexpected = new List<string>();
        foreach (string name in entries.Keys)
        {
            if (used.Contains(name))
                continue;
            if (strict)
                throw new InvalidDataException($"The safetensors file has a tensor \"{name}\" that {networkName} does not ({Describe(network.ParameterTensors, prefix)}): it was saved from another architecture.");
            unexpected.Add(name);
        }
        unexpected.Sort(StringComparer.Ordinal);
        return new LoadPlan(reads, new SafetensorsLoad(loaded, missing, mismatched, unexpected));
    }

    private static bool SameShape(int[] shape, IReadOnlyList<int> expected)
    {
        if (shape.Length != expected.Count) return false;
        for (int i = 0; i < shape.Length; i++)
            if (shape[i] != expected[i]) return false;
        return true;
    }

    private static string Describe(IReadOnlyList<ParameterTensor> tensors, string prefix) =>
        string.Join(", ", System.Linq.Enumerable.Select(tensors, tensor => prefix + tensor));
}
