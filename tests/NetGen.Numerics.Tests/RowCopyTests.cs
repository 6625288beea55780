using System;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>RowCopy.Packed copies padded rows into packed ones exactly, on every width, writing nothing outside the destination.</summary>
public class RowCopyTests
{
    [Fact]
    public void Packed_rows_are_the_rows_and_nothing_past_them_is_written()
    {
        foreach (int stride in new[] { 4, 8, 16, 32 })
            for (int width = 1; width <= Math.Min(stride, 17); width++)
                for (int rows = 1; rows <= 5; rows++)
                {
                    var source = new float[rows * stride];
                    for (int k = 0; k < source.Length; k++)
                        source[k] = k % stride < width ? k : -1f; // the padding lanes hold what no row may show
                    const int Guard = 16;
                    var buffer = new float[Guard + rows * width + Guard];
                    Array.Fill(buffer, float.NaN);
                    RowCopy.Packed(ref source[0], stride, buffer.AsSpan(Guard, rows * width), rows, width);
                    for (int r = 0; r < rows; r++)
                        for (int c = 0; c < width; c++)
                            Assert.Equal(source[r * stride + c], buffer[Guard + r * width + c]);
                    Assert.All(buffer.AsSpan(0, Guard).ToArray(), v => Assert.True(float.IsNaN(v), $"stride {stride}, width {width}, rows {rows}: wrote before"));
                    Assert.All(buffer.AsSpan(Guard + rows * width).ToArray(), v => Assert.True(float.IsNaN(v), $"stride {stride}, width {width}, rows {rows}: wrote past"));
                }
    }
}
