using System;
using System.Linq;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>
/// The store-forwarding helpers change how floats are stored, never what: the delta rewrite keeps every float of
/// the row and touches nothing past it, and the optimizer kernels give the same floats at every width cap.
/// </summary>
public class StoreForwardingTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void RewriteAsVectors_keeps_the_row_and_what_follows_it(int lanes)
    {
        var row = Enumerable.Range(0, 32).Select(i => i * 1.25f - 7f).ToArray();
        var before = (float[])row.Clone();
        StoreForwarding.RewriteAsVectors(ref row[0], lanes);
        Assert.Equal(before, row);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    public void Optimizer_steps_give_the_same_floats_at_every_width_cap(int widestLanes)
    {
        const int length = 48;
        var random = new Random(widestLanes);
        float[] Random() => Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] parameters = Random(), gradients = Random(), moments = new float[length], squares = new float[length];
        float[] start = (float[])parameters.Clone(), capped = (float[])parameters.Clone(), cappedMoments = new float[length], cappedSquares = new float[length];
        for (int step = 1; step <= 3; step++)
        {
            OptimizerKernels.Adam(ref parameters[0], ref gradients[0], ref moments[0], ref squares[0], length, 0.01f, 0.9, 0.999, 1e-8f, step, gradientScale: 0.5f);
            OptimizerKernels.Adam(ref capped[0], ref gradients[0], ref cappedMoments[0], ref cappedSquares[0], length, 0.01f, 0.9, 0.999, 1e-8f, step, gradientScale: 0.5f, widestLanes: widestLanes);
            OptimizerKernels.Sgd(ref parameters[0], ref gradients[0], length, 0.1f);
            OptimizerKernels.Sgd(ref capped[0], ref gradients[0], length, 0.1f, widestLanes: widestLanes);
        }
        Assert.Equal(parameters, capped);
        Assert.Equal(squares, cappedSquares);
        Assert.NotEqual(start, capped); // the steps moved the parameters
    }
}
