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
    public void Constructor_allocates_what_MemoryBytes_says(string name)
    {
        var create = GoldenTests.Networks.TryGetValue(name, out var golden) ? golden : GoldenTests.PredictOnly[name];
        var type = create().GetType(); // warm up: JIT and static initializers
        long stated = (long)type.GetField("MemoryBytes")!.GetValue(null)!;

        long before = GC.GetAllocatedBytesForCurrentThread();
        GC.KeepAlive(create());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated >= stated && allocated <= stated + Slack,
            $"{name}: MemoryBytes says {stated} B, the constructor allocated {allocated} B");
    }
}
