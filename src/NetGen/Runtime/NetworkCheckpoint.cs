using System;
using System.Buffers.Binary;
using System.ComponentModel;
using System.IO;
using System.Text;

namespace NetGen.Runtime;

/// <summary>
/// Everything a generated network needs to continue training bit for bit: its parameters, its optimizer's state and step
/// count, its learning rate, and the position of its random stream. Tensors are in PyTorch's state_dict order (not the
/// generated storage's), so a checkpoint does not depend on how a NetGen version lays its storage out.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class NetworkCheckpoint
{
    /// <summary>The optimizer's step count (Adam's t, a schedule's position).</summary>
    public required long Step { get; init; }
    /// <summary>The learning rate of the next steps (a schedule's base rate).</summary>
    public required double LearningRate { get; init; }
    /// <summary>The position of the network's random stream (RRelu's slopes); 0 for a network without one.</summary>
    public required ulong RandomState { get; init; }
    /// <summary>The parameters, in state_dict order.</summary>
    public required float[] Parameters { get; init; }
    /// <summary>
    /// The optimizer's buffers (PyTorch's names, e.g. exp_avg and exp_avg_sq), each over the trainable tensors in
    /// state_dict order (a frozen tensor has none).
    /// </summary>
    public required float[][] OptimizerState { get; init; }
}

/// <summary>
/// NetGen's checkpoint file, version 1. All integers and floats little-endian:
/// <code>
/// offset  size  field
///      0     4  magic "NGCP"
///      4     2  format version (1)
///      6     2  reserved, 0
///      8     8  architecture hash (as in the weights file)
///     16     4  parameter count n
///     20     4  optimizer buffers m
///     24     4  floats in each optimizer buffer s
///     28     8  step count
///     36     8  learning rate, float64
///     44     8  random stream position
///     52     2  bytes of the optimizer's description d, then d bytes of UTF-8
///         4·n  parameters, float32, state_dict order
///       4·s·m  optimizer buffers, float32, in the order of the description
///           4  CRC-32 of every byte before it
/// </code>
/// The description names the optimizer and its buffers ("Adam: exp_avg, exp_avg_sq"); a checkpoint loads only into a
/// network of the same architecture and optimizer.
/// </summary>
public static class CheckpointFile
{
    /// <summary>The format version this runtime writes and reads.</summary>
    public const ushort FormatVersion = 1;
    private const int FixedBytes = 54;
    private static ReadOnlySpan<byte> Magic => "NGCP"u8;

    /// <summary>Writes <paramref name="checkpoint"/> of a network whose optimizer is <paramref name="optimizer"/> (its description).</summary>
    public static void Write(Stream stream, ulong architectureHash, string optimizer, NetworkCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(checkpoint);
        byte[] description = Encoding.UTF8.GetBytes(optimizer);
        int stateLength = checkpoint.OptimizerState.Length == 0 ? 0 : checkpoint.OptimizerState[0].Length;
        var bytes = new byte[FixedBytes + description.Length + sizeof(float) * (checkpoint.Parameters.Length + checkpoint.OptimizerState.Length * stateLength) + sizeof(uint)];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], FormatVersion);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], architectureHash);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], checkpoint.Parameters.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], checkpoint.OptimizerState.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], stateLength);
        BinaryPrimitives.WriteInt64LittleEndian(span[28..], checkpoint.Step);
        BinaryPrimitives.WriteDoubleLittleEndian(span[36..], checkpoint.LearningRate);
        BinaryPrimitives.WriteUInt64LittleEndian(span[44..], checkpoint.RandomState);
        BinaryPrimitives.WriteUInt16LittleEndian(span[52..], checked((ushort)description.Length));
        description.CopyTo(span[FixedBytes..]);
        int at = FixedBytes + description.Length;
        at = WriteFloats(span, at, checkpoint.Parameters);
        foreach (var buffer in checkpoint.OptimizerState)
        {
            if (buffer.Length != stateLength)
                throw new ArgumentException("Every optimizer buffer must have the same length.", nameof(checkpoint));
            at = WriteFloats(span, at, buffer);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], Crc32.Finish(Crc32.Append(Crc32.Initial, span[..at])));
        stream.Write(bytes);
        stream.Flush();
    }

    /// <summary>
    /// Reads and validates a whole checkpoint for the network <paramref name="networkName"/>. Throws
    /// <see cref="InvalidDataException"/> naming the problem: not a checkpoint, another version, architecture or optimizer,
    /// truncated, corrupted, longer than its contents, or holding values no training reaches (NaN or infinite, a negative
    /// exp_avg_sq, a negative step count or one the next step would overflow). Nothing is returned unless every check passes.
    /// </summary>
    public static NetworkCheckpoint Read(Stream stream, ulong architectureHash, string networkName, string architecture, string optimizer, int parameterCount, int stateBuffers, int stateLength)
    {
        ArgumentNullException.ThrowIfNull(stream);
        const string File = "The checkpoint";
        var head = new byte[FixedBytes];
        stream.ReadPart(head, File, "header");
        if (!head.AsSpan(0, 4).SequenceEqual(Magic))
            throw new InvalidDataException("Not a NetGen checkpoint: the first 4 bytes are not \"NGCP\" (a weights file, written by Save, starts with \"NGWF\").");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(4));
        if (version != FormatVersion)
            throw new InvalidDataException($"Unsupported checkpoint format version {version}: this NetGen reads version {FormatVersion}.");
        ulong fileHash = BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(8));
        int count = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(16));
        int buffers = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(20));
        int length = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(24));
        if (count != parameterCount)
            throw new InvalidDataException($"The checkpoint holds {count} parameters but {networkName} ({architecture}) has {parameterCount}: it was saved by another architecture.");
        if (buffers != stateBuffers || length != (buffers == 0 ? 0 : stateLength))
            throw new InvalidDataException($"The checkpoint holds {buffers} optimizer buffers of {length} floats; {networkName}'s optimizer ({optimizer}) keeps {stateBuffers} of {stateLength}: it was saved by another optimizer.");
        var description = new byte[BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(52))];
        stream.ReadPart(description, File, "optimizer's description");
        var payload = new byte[checked(sizeof(float) * (count + buffers * length) + sizeof(uint))];
        stream.ReadPart(payload, File, "tensors");
        uint crc = Crc32.Finish(Crc32.Append(Crc32.Append(Crc32.Append(Crc32.Initial, head), description), payload.AsSpan(0, payload.Length - sizeof(uint))));
        if (crc != BinaryPrimitives.ReadUInt32LittleEndian(payload.AsSpan(payload.Length - sizeof(uint))))
            throw new InvalidDataException("The checkpoint is corrupted: its CRC-32 checksum does not match its contents.");
        // As for weights files: the checksum ends the file, so a byte after it means this is not one checkpoint.
        if (stream.ReadByte() >= 0)
            throw new InvalidDataException("The checkpoint goes on after its checksum: it is not one checkpoint as SaveCheckpoint writes it.");
        if (fileHash != architectureHash)
            throw new InvalidDataException($"The checkpoint was saved by another architecture (hash 0x{fileHash:X16}); {networkName} is {architecture} (hash 0x{architectureHash:X16}).");
        string saved = Encoding.UTF8.GetString(description);
        if (saved != optimizer)
            throw new InvalidDataException($"The checkpoint holds the state of another optimizer ({saved}); {networkName} trains with {optimizer}.");
        long step = BinaryPrimitives.ReadInt64LittleEndian(head.AsSpan(28));
        double learningRate = BinaryPrimitives.ReadDoubleLittleEndian(head.AsSpan(36));
        if (step < 0)
            throw new InvalidDataException($"The checkpoint's step count is {step}: it cannot be negative.");
        if (step == long.MaxValue)
            throw new InvalidDataException($"The checkpoint's step count is {step}: the next step would overflow it.");
        if (!(double.IsFinite(learningRate) && learningRate > 0))
            throw new InvalidDataException($"The checkpoint's learning rate is {learningRate}: it must be positive and finite.");
        var parameters = ReadFloats(payload, 0, count, "parameter");
        // The buffers' names, from the description "Adam: exp_avg, exp_avg_sq" (checked equal to the network's above).
        string[] names = saved.Contains(": ") ? saved[(saved.IndexOf(": ", StringComparison.Ordinal) + 2)..].Split(", ") : [];
        var state = new float[buffers][];
        for (int b = 0; b < buffers; b++)
        {
            state[b] = ReadFloats(payload, sizeof(float) * (count + b * length), length, $"optimizer buffer {b}'s value");
            // Averages and sums of squared gradients: a negative one (Adam would take its square root) no training reaches.
            if (b < names.Length && names[b] is "exp_avg_sq" or "square_avg" or "sum")
            {
                int negative = Array.FindIndex(state[b], value => value < 0);
                if (negative >= 0)
                    throw new InvalidDataException($"The checkpoint holds {names[b]} {negative} = {state[b][negative]}: an average or sum of squared gradients cannot be negative.");
            }
        }
        return new NetworkCheckpoint
        {
            Step = step,
            LearningRate = learningRate,
            RandomState = BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(44)),
            Parameters = parameters,
            OptimizerState = state,
        };
    }

    /// <summary>
    /// An optimizer buffer (over the storage from <paramref name="trainableStart"/>) in state_dict order: for each
    /// state_dict index k whose storage slot <paramref name="storageIndexOf"/>(k) is trainable, in order.
    /// </summary>
    public static float[] Gather(ReadOnlySpan<float> buffer, int parameterCount, int trainableStart, int trainableCount, Func<int, int> storageIndexOf)
    {
        var values = new float[trainableCount];
        int n = 0;
        for (int k = 0; k < parameterCount; k++)
        {
            int slot = storageIndexOf(k) - trainableStart;
            if (slot >= 0)
                values[n++] = buffer[slot];
        }
        return values;
    }

    /// <summary>Puts <paramref name="values"/>, in the order of <see cref="Gather"/>, back into an optimizer buffer.</summary>
    public static void Scatter(float[] values, Span<float> buffer, int parameterCount, int trainableStart, Func<int, int> storageIndexOf)
    {
        int n = 0;
        for (int k = 0; k < parameterCount; k++)
        {
            int slot = storageIndexOf(k) - trainableStart;
            if (slot >= 0)
                buffer[slot] = values[n++];
        }
    }

    private static int WriteFloats(Span<byte> span, int at, float[] values)
    {
        foreach (float value in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[at..], value);
            at += sizeof(float);
        }
        return at;
    }

    private static float[] ReadFloats(byte[] payload, int at, int count, string what)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(payload.AsSpan(at + i * sizeof(float)));
            // As for weights files: NaN or ±∞ means the network had diverged when it was saved, which is bad data.
            if (!float.IsFinite(values[i]))
                throw new InvalidDataException($"The checkpoint holds {what} {i} = {values[i]}: it was saved from a network whose training diverged.");
        }
        return values;
    }
}
