using System;
using System.Buffers.Binary;
using System.IO;
using CsCheck;
using Xunit;
using static NetGen.Numerics.Tests.Support.NetworkState;

namespace NetGen.Numerics.Tests;

/// <summary>
/// Random damage to saved files (bit flips, truncations, appended bytes, edited header lengths and header text): every
/// load either refuses the file with an <see cref="InvalidDataException"/> and leaves the network as it was, or loads
/// exactly what was saved. NETGEN_FUZZ_ITERATIONS sets the iterations per property (CI runs the default).
/// </summary>
public class LoaderFuzzTests
{
    private static readonly long Iterations =
        long.TryParse(Environment.GetEnvironmentVariable("NETGEN_FUZZ_ITERATIONS"), out long n) && n > 0 ? n : 3000;

    /// <summary>A mutation of a file: its kind and where and what (each kind reads the numbers it needs).</summary>
    private sealed record Mutation(int Kind, int Position, int Bit, int Length, byte Value)
    {
        public byte[] Apply(byte[] file, int headerEnd)
        {
            var bytes = (byte[])file.Clone();
            switch (Kind)
            {
                case 0: // one bit flipped anywhere in the protected part (the whole .ngw; a safetensors header)
                    bytes[Position % headerEnd] ^= (byte)(1 << Bit);
                    return bytes;
                case 1: // truncated
                    return bytes.AsSpan(0, Position % bytes.Length).ToArray();
                case 2: // bytes appended
                    var longer = new byte[bytes.Length + 1 + Length % 16];
                    bytes.CopyTo(longer, 0);
                    longer.AsSpan(bytes.Length).Fill(Value);
                    return longer;
                case 3: // a byte of the protected part replaced
                    bytes[Position % headerEnd] = Value;
                    return bytes;
                default: // the first 8 bytes (safetensors' header length, .ngw's magic and version) moved by a small amount
                    long value = BinaryPrimitives.ReadInt64LittleEndian(bytes);
                    BinaryPrimitives.WriteInt64LittleEndian(bytes, value + (Length % 33) - 16);
                    return bytes;
            }
        }
    }

    private static readonly Gen<Mutation> Mutations =
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Int[0, 7], Gen.Int[0, 1000], Gen.Byte,
            (kind, position, bit, length, value) => new Mutation(kind, position, bit, length, value));

    [Fact]
    public void A_damaged_weights_file_is_refused_or_loads_exactly_what_was_saved()
    {
        var saved = new TorchIrisNet(seed: 4);
        var stream = new MemoryStream();
        saved.Save(stream);
        byte[] file = stream.ToArray();
        float[] expected = Parameters(saved);

        Mutations.Sample(mutation =>
        {
            byte[] damaged = mutation.Apply(file, file.Length); // the CRC covers everything
            if (damaged.AsSpan().SequenceEqual(file))
                return;
            TorchIrisNet loaded;
            try
            {
                loaded = TorchIrisNet.Load(new MemoryStream(damaged));
            }
            catch (InvalidDataException)
            {
                return; // refused; a static Load builds nothing
            }
            Assert.Equal(expected, Parameters(loaded));
        }, iter: Iterations);
    }

    [Fact]
    public void A_damaged_safetensors_header_is_refused_and_changes_nothing_or_loads_exactly_what_was_saved()
    {
        var saved = new TorchIrisNet(seed: 4);
        var stream = new MemoryStream();
        saved.SaveSafetensors(stream);
        byte[] file = stream.ToArray();
        int headerEnd = 8 + (int)BinaryPrimitives.ReadInt64LittleEndian(file);
        float[] expected = Parameters(saved);

        Mutations.Sample(mutation =>
        {
            // Damage to the header or the file's length; a flipped bit among the values is another value, which
            // only a checksum could catch (safetensors has none; NetGen's own format does).
            byte[] damaged = mutation.Apply(file, headerEnd);
            if (damaged.AsSpan().SequenceEqual(file))
                return;
            var network = new TorchIrisNet(seed: 9);
            float[] before = Parameters(network);
            try
            {
                network.LoadSafetensors(new MemoryStream(damaged));
            }
            catch (InvalidDataException)
            {
                Assert.Equal(before, Parameters(network));
                return;
            }
            Assert.Equal(expected, Parameters(network));
        }, iter: Iterations);
    }
}
