using System;
using System.Buffers.Binary;
using System.IO;

namespace NetGen.Runtime;

/// <summary>
/// NetGen's weights file, version 1. All integers and floats little-endian:
/// <code>
/// offset  size  field
///      0     4  magic "NGWF"
///      4     2  format version (1)
///      6     2  reserved, 0
///      8     8  architecture hash (FNV-1a 64 of the layer shapes and activations)
///     16     4  parameter count
///     20   4·n  parameters, float32, PyTorch state_dict order
///  20+4n     4  CRC-32 of every byte before it
/// </code>
/// </summary>
public static class WeightsFile
{
    /// <summary>The format version this runtime writes and reads.</summary>
    public const ushort FormatVersion = 1;
    internal const int HeaderBytes = 20;
    internal static ReadOnlySpan<byte> Magic => "NGWF"u8;

    /// <summary>
    /// Reads and validates a whole weights file, returning its parameters. Throws
    /// <see cref="InvalidDataException"/> naming the problem: not a weights file, another version,
    /// another architecture, truncated, longer than its contents, or corrupted. Nothing is returned unless all checks pass.
    /// </summary>
    public static float[] Read(Stream stream, ulong architectureHash, int parameterCount, string networkName, string architecture)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[HeaderBytes];
        stream.ReadPart(header, "The weights file", "header");
        if (!header[..4].SequenceEqual(Magic))
            throw new InvalidDataException("Not a NetGen weights file: the first 4 bytes are not \"NGWF\".");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        if (version != FormatVersion)
            throw new InvalidDataException($"Unsupported weights format version {version}: this NetGen reads version {FormatVersion}.");
        ulong fileHash = BinaryPrimitives.ReadUInt64LittleEndian(header[8..]);
        int fileCount = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
        if (fileCount != parameterCount)
            throw new InvalidDataException($"The file holds {fileCount} parameters but {networkName} ({architecture}) has {parameterCount}: it was saved by another architecture.");

        var payload = new byte[checked(parameterCount * sizeof(float))];
        stream.ReadPart(payload, "The weights file", "parameters");
        Span<byte> storedCrc = stackalloc byte[4];
        stream.ReadPart(storedCrc, "The weights file", "checksum");
        uint crc = Crc32.Finish(Crc32.Append(Crc32.Append(Crc32.Initial, header), payload));
        if (crc != BinaryPrimitives.ReadUInt32LittleEndian(storedCrc))
            throw new InvalidDataException("The weights file is corrupted: its CRC-32 checksum does not match its contents.");
        // The checksum ends the file: a byte after it means this is not the file Save wrote (another appended to it).
        if (stream.ReadByte() >= 0)
            throw new InvalidDataException("The weights file goes on after its checksum: it is not one weights file as Save writes it.");
        if (fileHash != architectureHash)
            throw new InvalidDataException($"The file was saved by another architecture (hash 0x{fileHash:X16}); {networkName} is {architecture} (hash 0x{architectureHash:X16}).");

        var parameters = new float[parameterCount];
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] = BinaryPrimitives.ReadSingleLittleEndian(payload.AsSpan(i * sizeof(float)));
            // A file that checks out but holds NaN or ±∞ was saved from a network that had diverged: bad data.
            if (!float.IsFinite(parameters[i]))
                throw new InvalidDataException($"The weights file holds parameter {i} = {parameters[i]}: it was saved from a network whose training diverged.");
        }
        return parameters;
    }
}

/// <summary>
/// Streams a weights file out without allocating: the generated <c>Save</c> writes parameters one
/// by one in canonical order, and this buffers them through a caller-provided chunk.
/// </summary>
public ref struct WeightsFileWriter
{
    private readonly Stream _stream;
    private readonly Span<byte> _chunk;
    private int _used;
    private uint _crc;
    private int _remaining;

    /// <summary>Writes the header. <paramref name="chunk"/> must hold at least 32 bytes (stackalloc it).</summary>
    public WeightsFileWriter(Stream stream, ulong architectureHash, int parameterCount, Span<byte> chunk)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (chunk.Length < 32)
            throw new ArgumentException("The chunk must hold at least 32 bytes.", nameof(chunk));
        _stream = stream;
        _chunk = chunk;
        _crc = Crc32.Initial;
        _remaining = parameterCount;
        WeightsFile.Magic.CopyTo(chunk);
        BinaryPrimitives.WriteUInt16LittleEndian(chunk[4..], WeightsFile.FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(chunk[6..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(chunk[8..], architectureHash);
        BinaryPrimitives.WriteInt32LittleEndian(chunk[16..], parameterCount);
        _used = WeightsFile.HeaderBytes;
    }

    /// <summary>Appends the next parameter.</summary>
    public void Write(float value)
    {
        if (_remaining-- <= 0)
            throw new InvalidOperationException("More parameters written than the header announced.");
        if (_used + sizeof(float) > _chunk.Length)
            Flush();
        BinaryPrimitives.WriteSingleLittleEndian(_chunk[_used..], value);
        _used += sizeof(float);
    }

    /// <summary>Writes the checksum and flushes.</summary>
    public void Finish()
    {
        if (_remaining != 0)
            throw new InvalidOperationException($"{_remaining} parameters announced in the header were not written.");
        Flush();
        BinaryPrimitives.WriteUInt32LittleEndian(_chunk, Crc32.Finish(_crc));
        _stream.Write(_chunk[..4]);
        _stream.Flush();
    }

    private void Flush()
    {
        _crc = Crc32.Append(_crc, _chunk[.._used]);
        _stream.Write(_chunk[.._used]);
        _used = 0;
    }
}
