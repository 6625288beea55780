using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using NetGen.Runtime;

namespace NetGen;

/// <summary>
/// Reads IDX files, the format MNIST ships in: two zero bytes, a type code, the number of
/// dimensions, each dimension as a big-endian int32, then the values big-endian. Files ending in
/// ".gz" are decompressed on the fly. Anything malformed throws <see cref="InvalidDataException"/>
/// naming the problem.
/// </summary>
public static class IdxLoader
{
    /// <summary>Largest number of values one file may declare (a guard against corrupted headers).</summary>
    public const long MaxValues = 1L << 30;

    /// <summary>
    /// Loads images and labels (MNIST's train-images-idx3-ubyte and train-labels-idx1-ubyte, say) as a
    /// labelled data set: each image flattened to one row, every value multiplied by <paramref name="scale"/>.
    /// </summary>
    public static DataSet Load(string imagesPath, string labelsPath, float scale = 1f / 255f, int classes = 10)
    {
        var (images, imageShape) = Read(imagesPath);
        var (labels, labelShape) = Read(labelsPath);
        string imagesName = Path.GetFileName(imagesPath), labelsName = Path.GetFileName(labelsPath);
        if (imageShape.Length < 2)
            throw new InvalidDataException($"{imagesName} has {imageShape.Length} dimension; images need a count and at least one more.");
        if (labelShape.Length != 1)
            throw new InvalidDataException($"{labelsName} has {labelShape.Length} dimensions; labels are one-dimensional.");
        if (labelShape[0] != imageShape[0])
            throw new InvalidDataException($"{imagesName} holds {imageShape[0]} images but {labelsName} holds {labelShape[0]} labels.");
        var classIndices = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            float label = labels[i];
            if (label < 0 || label >= classes || label != MathF.Floor(label))
                throw new InvalidDataException($"{labelsName}: label {i} is {label}; expected a class index from 0 to {classes - 1}.");
            classIndices[i] = (int)label;
        }
        for (int i = 0; i < images.Length; i++) images[i] *= scale;
        return new DataSet(images, images.Length / Math.Max(1, imageShape[0]), classIndices, classes);
    }

    /// <summary>Reads one IDX file: its values as floats and its dimensions.</summary>
    public static (float[] Values, int[] Shape) Read(string path)
    {
        using var file = File.OpenRead(path);
        Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using (stream)
            return Read(stream, Path.GetFileName(path));
    }

    /// <summary>Reads one IDX stream; <paramref name="source"/> names it in errors.</summary>
    public static (float[] Values, int[] Shape) Read(Stream stream, string source = "IDX")
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> magic = stackalloc byte[4];
        stream.ReadPart(magic, source, "magic number");
        if (magic[0] != 0 || magic[1] != 0)
            throw new InvalidDataException($"{source} is not an IDX file: it does not start with two zero bytes.");
        int size = magic[2] switch { 0x08 or 0x09 => 1, 0x0B => 2, 0x0C or 0x0D => 4, 0x0E => 8, _ => 0 };
        if (size == 0)
            throw new InvalidDataException($"{source} has IDX type code 0x{magic[2]:X2}; known codes are 0x08 (ubyte), 0x09 (sbyte), 0x0B (int16), 0x0C (int32), 0x0D (float32), 0x0E (float64).");
        int dimensions = magic[3];
        if (dimensions == 0)
            throw new InvalidDataException($"{source} declares 0 dimensions.");
        var shape = new int[dimensions];
        Span<byte> four = stackalloc byte[4];
        long count = 1;
        for (int d = 0; d < dimensions; d++)
        {
            stream.ReadPart(four, source, $"size of dimension {d}");
            shape[d] = BinaryPrimitives.ReadInt32BigEndian(four);
            if (shape[d] <= 0)
                throw new InvalidDataException($"{source}: dimension {d} has size {shape[d]}.");
            count *= shape[d];
            if (count > MaxValues)
                throw new InvalidDataException($"{source} declares more than {MaxValues} values: the header is corrupted.");
        }

        // The header's count is allocated only as far as the stream holds it: a stream that can seek is measured first,
        // one that cannot (a .gz) fills an array that grows as its values arrive.
        if (stream.CanSeek && stream.Length - stream.Position < count * size)
            throw new InvalidDataException($"{source} is truncated: it ends inside the values ({Math.Max(0, stream.Length - stream.Position)} of {count * size} bytes).");
        var chunk = new byte[Math.Min(count * size, 1 << 16)];
        var values = new float[stream.CanSeek ? count : Math.Min(count, chunk.Length)];
        long done = 0;
        while (done < count)
        {
            int take = (int)Math.Min(count - done, chunk.Length / size);
            var bytes = chunk.AsSpan(0, take * size);
            stream.ReadPart(bytes, source, $"values ({done} of {count} read)");
            if (done + take > values.Length)
                Array.Resize(ref values, (int)Math.Min(count, Math.Max(2L * values.Length, done + take)));
            for (int i = 0; i < take; i++)
            {
                float value = Decode(magic[2], bytes.Slice(i * size, size));
                if (!float.IsFinite(value))
                    throw NotFinite(source, done + i, shape, value);
                values[done + i] = value;
            }
            done += take;
        }
        if (stream.ReadByte() >= 0)
            throw new InvalidDataException($"{source} has bytes after its {count} declared values.");
        return (values, shape);
    }

    /// <summary>A float32 or float64 value that is NaN or ±∞ (as float32), named by its index and its position in the shape.</summary>
    private static InvalidDataException NotFinite(string source, long index, int[] shape, float value)
    {
        var position = new long[shape.Length];
        long k = index;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            position[d] = k % shape[d];
            k /= shape[d];
        }
        return new InvalidDataException($"{source}: value {index} [{string.Join(", ", position)}] is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}; values must be finite (as float32).");
    }

    private static float Decode(byte type, ReadOnlySpan<byte> value) => type switch
    {
        0x08 => value[0],
        0x09 => (sbyte)value[0],
        0x0B => BinaryPrimitives.ReadInt16BigEndian(value),
        0x0C => BinaryPrimitives.ReadInt32BigEndian(value),
        0x0D => BinaryPrimitives.ReadSingleBigEndian(value),
        _ => (float)BinaryPrimitives.ReadDoubleBigEndian(value),
    };
}
