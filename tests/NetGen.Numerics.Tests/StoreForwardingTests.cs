using System;
using System.Linq;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>The store-forwarding rewrite changes how floats are stored, never what: it keeps every float of the row and touches nothing past it.</summary>
public class StoreForwardingTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Rewrite_keeps_the_row_and_what_follows_it(int lanes)
    {
        var row = Enumerable.Range(0, 32).Select(i => i * 1.25f - 7f).ToArray();
        var before = (float[])row.Clone();
        if (lanes == 4) StoreForwarding.RewriteFour(ref row[0]);
        else if (lanes == 8) StoreForwarding.RewriteEight(ref row[0]);
        else StoreForwarding.RewriteSixteen(ref row[0]);
        Assert.Equal(before, row);
    }
}
