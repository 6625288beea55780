using System;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>
/// The generated <c>MemoryBytes</c> (and the doc comment that breaks it down) is what the
/// constructor really allocates: its buffers, plus only object headers and alignment slack.
/// </summary>
public class MemoryTests
{
    /// <summary>Headers of the network and its buffer objects, 64 bytes of alignment per buffer, the noise generator.</summary>
    private const long Slack = 2048;

    public static TheoryData<string> Networks() =>
        new([.. GoldenTests.Networks.Keys, .. GoldenTests.PredictOnly.Keys]);

    [Theory]
    [MemberData(nameof(Networks))]
    public void Constructor_allocates_what_MemoryBytes_says(string name) =>
        AssertAllocates(GoldenTests.Networks.TryGetValue(name, out var golden) ? golden : GoldenTests.PredictOnly[name], name);

    [Fact]
    public void A_network_that_is_never_trained_keeps_no_gradients_or_optimizer_state()
    {
        // Padded parameters only: 16 inputs × a 16-float stride and 16 bias floats, then the output unit's row of 16
        // inputs (stored by unit) and a bias padded to 16 floats.
        AssertAllocates(() => new NeverTrainedNet(), nameof(NeverTrainedNet));
        Assert.Equal(4L * (16 * 16 + 16 + 16 + 16) + 4L * (NeverTrainedNet.ActivationFloats + NeverTrainedNet.LanesFloats), NeverTrainedNet.MemoryBytes);
    }

    private static void AssertAllocates(Func<object> create, string name)
    {
        var type = create().GetType(); // warm up: JIT and static initializers
        long stated = (long)type.GetField("MemoryBytes")!.GetValue(null)!;

        // The least of a few constructions: the constructor allocates the same bytes each time, but once in a while
        // the runtime allocates on this thread too (CI once counted 5 KB more for a 2.9 KB network).
        long allocated = long.MaxValue;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            GC.KeepAlive(create());
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(allocated >= stated && allocated <= stated + Slack,
            $"{name}: MemoryBytes says {stated} B, the constructor allocated {allocated} B");
    }
}

/// <summary>Never trained: parameters and activations only (no optimizer state).</summary>
[Network(Trainable = false)]
[Input(16), Dense(16, Activation.Relu), Dense(1)]
public partial class NeverTrainedNet
{
    /// <summary>The activation buffer's size, read from the generated private constant.</summary>
    public const int ActivationFloats = ActivationStorage;
    /// <summary>PredictBatch's buffer for rows in lanes (two layers' [16 units][16 lanes]), read from the generated private constant.</summary>
    public const int LanesFloats = LanesStorage;
}
