using System;
using System.IO;
using Xunit;
using static NetGen.Numerics.Tests.Support.NetworkState;

namespace NetGen.Numerics.Tests;

/// <summary>Save/Load: exact round trips, and every kind of bad file refused with a message that names it.</summary>
public class WeightsFileTests
{
    [Fact]
    public void Round_trip_restores_every_parameter_exactly()
    {
        var network = new AdamClipNormSoftTargets(seed: 3);
        var (inputs, targets) = GradientCheckTests.Data(network, 5, seed: 1);
        network.TrainBatch(inputs, targets); // not just the initial weights

        var loaded = AdamClipNormSoftTargets.Load(new MemoryStream(Saved(network)));

        Assert.Equal(Parameters(network), Parameters(loaded));
        Assert.Equal(network.ComputeLoss(inputs, targets), loaded.ComputeLoss(inputs, targets));
    }

    [Fact]
    public void Save_and_Load_by_path_write_and_read_the_same_file_as_the_stream_overloads()
    {
        var network = new AdamClipNormSoftTargets(seed: 4);
        string path = Path.Combine(Path.GetTempPath(), $"netgen-{Guid.NewGuid():N}.ngw");
        try
        {
            network.Save(path);
            Assert.Equal(Saved(network), File.ReadAllBytes(path));
            Assert.Equal(Parameters(network), Parameters(AdamClipNormSoftTargets.Load(path)));
            new AdamClipNormSoftTargets(seed: 5).Save(path); // replaces the file, shorter or not
            Assert.Equal(Parameters(new AdamClipNormSoftTargets(seed: 5)), Parameters(AdamClipNormSoftTargets.Load(path)));
            File.WriteAllBytes(path, Saved(new XorReluNet()));
            Assert.Contains("another architecture", Assert.Throws<InvalidDataException>(() => AdamClipNormSoftTargets.Load(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_file_holding_NaN_is_bad_data_not_a_bad_argument()
    {
        var diverged = new AdamClipNormSoftTargets(seed: 1);
        byte[] bytes = Saved(diverged);
        // Parameter 2 becomes NaN and the checksum is recomputed: the file is whole, its data is not.
        BitConverter.GetBytes(float.NaN).CopyTo(bytes, 20 + 2 * 4);
        uint crc = CrcOf(bytes.AsSpan(0, bytes.Length - 4));
        BitConverter.GetBytes(crc).CopyTo(bytes, bytes.Length - 4);
        var error = Assert.Throws<InvalidDataException>(() => AdamClipNormSoftTargets.Load(new MemoryStream(bytes)));
        Assert.Contains("parameter 2 = NaN", error.Message);
    }

    internal static uint CrcOf(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    [Fact]
    public void The_file_is_header_parameters_and_checksum()
    {
        var bytes = Saved(new XorNet());
        Assert.Equal(20 + 4 * XorNet.ParameterCount + 4, bytes.Length);
        Assert.Equal("NGWF"u8.ToArray(), bytes[..4]);
        Assert.Equal(XorNet.ArchitectureHash, BitConverter.ToUInt64(bytes, 8));
    }

    [Fact]
    public void Another_architecture_with_the_same_size_is_refused()
    {
        Assert.Equal(XorNet.ParameterCount, XorReluNet.ParameterCount);
        var error = Assert.Throws<InvalidDataException>(() => XorNet.Load(new MemoryStream(Saved(new XorReluNet()))));
        Assert.Contains("another architecture", error.Message);
        Assert.Contains(XorNet.Architecture, error.Message);
    }

    [Fact]
    public void Another_parameter_count_is_refused()
    {
        var error = Assert.Throws<InvalidDataException>(() => XorNet.Load(new MemoryStream(Saved(new SgdMomentumDecayMse()))));
        Assert.Contains($"has {XorNet.ParameterCount}", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(19)]
    [InlineData(20)]
    [InlineData(50)]
    [InlineData(91)]
    public void A_truncated_file_is_refused(int length)
    {
        var bytes = Saved(new XorNet())[..length];
        var error = Assert.Throws<InvalidDataException>(() => XorNet.Load(new MemoryStream(bytes)));
        Assert.Contains("truncated", error.Message);
    }

    [Theory]
    [InlineData(25)] // a parameter
    [InlineData(60)]
    [InlineData(89)] // the checksum itself
    public void A_corrupted_byte_is_refused(int offset)
    {
        var bytes = Saved(new XorNet());
        bytes[offset] ^= 0x40;
        var error = Assert.Throws<InvalidDataException>(() => XorNet.Load(new MemoryStream(bytes)));
        Assert.Contains("corrupted", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(92)] // a second copy of the file
    public void A_file_that_goes_on_after_its_checksum_is_refused(int extra)
    {
        byte[] saved = Saved(new XorNet(seed: 2));
        byte[] longer = [.. saved, .. saved.AsSpan(0, extra)];
        var error = Assert.Throws<InvalidDataException>(() => XorNet.Load(new MemoryStream(longer)));
        Assert.Contains("after its checksum", error.Message);
    }

    [Fact]
    public void Not_a_weights_file_is_refused()
    {
        var error = Assert.Throws<InvalidDataException>(() => XorNet.Load(new MemoryStream(new byte[100])));
        Assert.Contains("Not a NetGen weights file", error.Message);
    }

    [Fact]
    public void Another_format_version_is_refused()
    {
        var bytes = Saved(new XorNet());
        bytes[4] = 9;
        var error = Assert.Throws<InvalidDataException>(() => XorNet.Load(new MemoryStream(bytes)));
        Assert.Contains("version 9", error.Message);
    }

    internal static byte[] Saved(INetwork network)
    {
        var stream = new MemoryStream();
        network.Save(stream);
        return stream.ToArray();
    }
}
