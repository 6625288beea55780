using System;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using NetGen.Runtime;

namespace NetGen;

/// <summary>
/// A <see cref="Trainer"/>'s state after an epoch, with its network's checkpoint: what <see cref="Trainer.Resume"/> needs to
/// continue the run as if it had not stopped. The file (version 1, little-endian): magic "NGTC", version, the run's
/// fingerprint (its options and a CRC-32 of its data, as text), the epochs done, the shuffle stream's position, the row
/// order, the best epoch and loss, the history, the best parameters, the network's checkpoint, then a CRC-32 of it all.
/// </summary>
internal sealed class TrainerCheckpoint
{
    private const ushort FormatVersion = 1;
    private static ReadOnlySpan<byte> Magic => "NGTC"u8;

    public required string Fingerprint { get; init; }
    public required int Epoch { get; init; }
    public required ulong RandomState { get; init; }
    public required int[] Order { get; init; }
    public required int BestEpoch { get; init; }
    public required float Best { get; init; }
    public required EpochMetrics[] History { get; init; }
    public required float[] BestParameters { get; init; }
    public required byte[] Network { get; init; }

    /// <summary>What a run's checkpoint must match to resume it: the options that decide its steps, and its data.</summary>
    public static string FingerprintOf(TrainerOptions options, int batchSize, DataSet training, DataSet? validation) =>
        $"seed {options.Seed}, batch {batchSize}, shuffle {options.Shuffle}, validation fraction {options.ValidationFraction:R}, " +
        $"patience {options.Patience}, min delta {options.MinDelta:R}, restore best {options.RestoreBestParameters}; " +
        $"training {DataOf(training)}; validation {(validation is null ? "none" : DataOf(validation))}";

    private static string DataOf(DataSet data)
    {
        uint crc = Crc32.Append(Crc32.Initial, MemoryMarshal.AsBytes(data.Inputs));
        crc = Crc32.Append(crc, data.HasLabels ? MemoryMarshal.AsBytes(data.Labels) : MemoryMarshal.AsBytes(data.Targets));
        return $"{data.Rows} rows, CRC-32 0x{Crc32.Finish(crc):X8}";
    }

    public void Write(Stream stream)
    {
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write((ushort)0);
            writer.Write(Fingerprint);
            writer.Write(Epoch);
            writer.Write(RandomState);
            writer.Write(BestEpoch);
            writer.Write(Best);
            writer.Write(History.Length);
            foreach (var m in History)
            {
                writer.Write(m.Epoch);
                writer.Write(m.TrainingLoss);
                writer.Write(m.TrainingAccuracy);
                writer.Write(m.ValidationLoss);
                writer.Write(m.ValidationAccuracy);
                writer.Write(m.TrainingRSquared);
                writer.Write(m.ValidationRSquared);
            }
            writer.Write(Order.Length);
            foreach (int row in Order) writer.Write(row);
            writer.Write(BestParameters.Length);
            foreach (float p in BestParameters) writer.Write(p);
            writer.Write(Network.Length);
            writer.Write(Network);
        }
        var bytes = body.GetBuffer().AsSpan(0, (int)body.Length);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32.Finish(Crc32.Append(Crc32.Initial, bytes)));
        stream.Write(bytes);
        stream.Write(crc);
        stream.Flush();
    }

    /// <summary>Reads a whole trainer checkpoint; <see cref="InvalidDataException"/> naming the problem, before anything is used.</summary>
    public static TrainerCheckpoint Read(Stream stream)
    {
        // The magic first, from the stream: a file of another kind is refused without reading (and buffering) it all.
        Span<byte> magic = stackalloc byte[4];
        if (stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) < magic.Length || !magic.SequenceEqual(Magic))
            throw new InvalidDataException("Not a NetGen trainer checkpoint: the first 4 bytes are not \"NGTC\" (Trainer writes one when TrainerOptions.CheckpointPath is set).");
        byte[] file;
        using (var copy = new MemoryStream())
        {
            copy.Write(magic);
            stream.CopyTo(copy);
            file = copy.ToArray();
        }
        if (file.Length < Magic.Length + 4
            || Crc32.Finish(Crc32.Append(Crc32.Initial, file.AsSpan(0, file.Length - 4))) != BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(file.Length - 4)))
            throw new InvalidDataException("The trainer checkpoint is truncated or corrupted: its CRC-32 checksum does not match its contents.");
        try
        {
            // UTF-8 that throws on invalid bytes: a damaged fingerprint is refused (ReadText), not read as U+FFFD.
            using var reader = new BinaryReader(new MemoryStream(file, 4, file.Length - 8), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
            ushort version = reader.ReadUInt16();
            if (version != FormatVersion)
                throw new InvalidDataException($"Unsupported trainer checkpoint version {version}: this NetGen reads version {FormatVersion}.");
            reader.ReadUInt16();
            string fingerprint = ReadText(reader, "fingerprint");
            int epoch = reader.ReadInt32();
            ulong random = reader.ReadUInt64();
            int bestEpoch = reader.ReadInt32();
            float best = reader.ReadSingle();
            var history = new EpochMetrics[Count(reader, 1 << 24)];
            for (int e = 0; e < history.Length; e++)
                history[e] = new EpochMetrics(reader.ReadInt32(), reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle())
                {
                    TrainingRSquared = reader.ReadSingle(),
                    ValidationRSquared = reader.ReadSingle(),
                };
            var order = new int[Count(reader, file.Length / 4)];
            for (int i = 0; i < order.Length; i++) order[i] = reader.ReadInt32();
            var bestParameters = new float[Count(reader, file.Length / 4)];
            for (int i = 0; i < bestParameters.Length; i++) bestParameters[i] = reader.ReadSingle();
            byte[] network = reader.ReadBytes(Count(reader, file.Length));
            if (epoch < 1 || history.Length != epoch || bestEpoch < 1 || bestEpoch > epoch || reader.BaseStream.Position != reader.BaseStream.Length)
                throw new InvalidDataException("The trainer checkpoint is inconsistent: its epochs, history and best epoch do not agree.");
            return new TrainerCheckpoint
            {
                Fingerprint = fingerprint, Epoch = epoch, RandomState = random, Order = order, BestEpoch = bestEpoch, Best = best,
                History = history, BestParameters = bestParameters, Network = network,
            };
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("The trainer checkpoint is inconsistent: a part is longer than the file.");
        }
    }

    /// <summary>A string field: a length or UTF-8 that is not one is damage, refused as the other parts' are, with the field named.</summary>
    private static string ReadText(BinaryReader reader, string field)
    {
        try
        {
            return reader.ReadString();
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException or IOException)
        {
            throw new InvalidDataException($"The trainer checkpoint is inconsistent: its {field} is not a string ({e.Message}).", e);
        }
    }

    private static int Count(BinaryReader reader, int most)
    {
        int count = reader.ReadInt32();
        if (count < 0 || count > most)
            throw new InvalidDataException($"The trainer checkpoint is inconsistent: a part claims {count} entries.");
        return count;
    }
}
