using System;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NetGen.Numerics.Tests.Support;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>The runtime's lane operations that the kernels build on (<see cref="ILanes{V}"/>), on every width.</summary>
public class LanesTests
{
    [Fact]
    public void LoadFirst_reads_only_the_floats_it_is_given()
    {
        if (!GuardedFloats.Supported)
            return; // the guard page is what this test checks
        for (int count = 0; count <= 16; count++)
        {
            // The floats end right before an unreadable page: reading one more crashes the test host.
            using var guarded = new GuardedFloats(count);
            var source = guarded.Span;
            for (int k = 0; k < count; k++)
                source[k] = k + 1;
            ref float start = ref MemoryMarshal.GetReference(source);
            var wide = Lanes512.LoadFirst(ref start, count);
            var middle = Lanes256.LoadFirst(ref start, Math.Min(count, 8));
            var narrow = Lanes128.LoadFirst(ref start, Math.Min(count, 4));
            for (int k = 0; k < 16; k++)
            {
                Assert.Equal(k < count ? k + 1 : 0f, wide[k]);
                if (k < 8) Assert.Equal(k < Math.Min(count, 8) ? k + 1 : 0f, middle[k]);
                if (k < 4) Assert.Equal(k < Math.Min(count, 4) ? k + 1 : 0f, narrow[k]);
            }
            Assert.Equal(count > 0 ? 1f : 0f, LanesScalar.LoadFirst(ref start, Math.Min(count, 1)));
        }
    }

    [Fact]
    public void MaxAcross_finds_the_largest_lane_wherever_it_is()
    {
        for (int at = 0; at < 16; at++)
        {
            var lanes = new float[16];
            for (int k = 0; k < 16; k++)
                lanes[k] = -k;
            lanes[at] = 5f;
            Assert.Equal(5f, Lanes512.MaxAcross(Vector512.Create(lanes)));
            if (at < 8) Assert.Equal(5f, Lanes256.MaxAcross(Vector256.Create(lanes)));
            if (at < 4) Assert.Equal(5f, Lanes128.MaxAcross(Vector128.Create(lanes)));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16)]
    public void LoadColumn_takes_one_float_from_each_row(int stride)
    {
        var matrix = new float[16 * stride + 1];
        for (int k = 0; k < matrix.Length; k++)
            matrix[k] = k;
        var wide = Lanes512.LoadColumn(ref matrix[1], stride);
        var middle = Lanes256.LoadColumn(ref matrix[1], stride);
        var narrow = Lanes128.LoadColumn(ref matrix[1], stride);
        for (int k = 0; k < 16; k++)
        {
            Assert.Equal(1 + k * stride, wide[k]);
            if (k < 8) Assert.Equal(1 + k * stride, middle[k]);
            if (k < 4) Assert.Equal(1 + k * stride, narrow[k]);
        }
        Assert.Equal(1f, LanesScalar.LoadColumn(ref matrix[1], stride));
    }

    /// <summary>Each column of a block of rows stored back to back, reading nothing past the block (it ends before an unreadable page).</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void LoadPackedColumn_takes_one_float_from_each_row_and_reads_only_the_block(int stride)
    {
        if (!GuardedFloats.Supported)
            return; // the guard page is what this test checks
        foreach (int rows in new[] { 16, 8, 4, 1 })
        {
            using var guarded = new GuardedFloats(rows * stride);
            var block = guarded.Span;
            for (int k = 0; k < block.Length; k++)
                block[k] = k + 1;
            ref float start = ref MemoryMarshal.GetReference(block);
            for (int column = 0; column < stride; column++)
                for (int k = 0; k < rows; k++)
                {
                    float expected = 1 + k * stride + column;
                    if (rows == 16) Assert.Equal(expected, Lanes512.LoadPackedColumn(ref start, stride, column)[k]);
                    if (rows == 8) Assert.Equal(expected, Lanes256.LoadPackedColumn(ref start, stride, column)[k]);
                    if (rows == 4) Assert.Equal(expected, Lanes128.LoadPackedColumn(ref start, stride, column)[k]);
                    if (rows == 1) Assert.Equal(expected, LanesScalar.LoadPackedColumn(ref start, stride, column));
                }
        }
    }

    [Theory]
    [InlineData(16, 16)]
    [InlineData(20, 33)]
    public void TransposeSquare_moves_every_float_to_its_mirror(int sourceStride, int destinationStride)
    {
        var source = new float[16 * sourceStride];
        for (int k = 0; k < source.Length; k++)
            source[k] = k;
        foreach (int count in new[] { 16, 8, 4, 1 })
        {
            var destination = new float[16 * destinationStride];
            switch (count)
            {
                case 16: Lanes512.TransposeSquare(ref source[0], sourceStride, ref destination[0], destinationStride); break;
                case 8: Lanes256.TransposeSquare(ref source[0], sourceStride, ref destination[0], destinationStride); break;
                case 4: Lanes128.TransposeSquare(ref source[0], sourceStride, ref destination[0], destinationStride); break;
                default: LanesScalar.TransposeSquare(ref source[0], sourceStride, ref destination[0], destinationStride); break;
            }
            for (int i = 0; i < 16; i++)
                for (int j = 0; j < 16; j++)
                    Assert.Equal(i < count && j < count ? source[j * sourceStride + i] : 0f, destination[i * destinationStride + j]);
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(7)]
    public void StoreQuads_writes_lane_k_of_four_columns_as_row_k(int stride)
    {
        var columns = new float[4][];
        for (int j = 0; j < 4; j++)
            columns[j] = Enumerable.Range(0, 16).Select(k => (float)(100 * j + k)).ToArray();
        foreach (int count in new[] { 16, 8, 4, 1 })
        {
            var destination = new float[16 * stride + 4];
            Array.Fill(destination, float.NaN);
            switch (count)
            {
                case 16: Lanes512.StoreQuads(Load512(columns[0]), Load512(columns[1]), Load512(columns[2]), Load512(columns[3]), ref destination[0], stride); break;
                case 8: Lanes256.StoreQuads(Load256(columns[0]), Load256(columns[1]), Load256(columns[2]), Load256(columns[3]), ref destination[0], stride); break;
                case 4: Lanes128.StoreQuads(Load128(columns[0]), Load128(columns[1]), Load128(columns[2]), Load128(columns[3]), ref destination[0], stride); break;
                default: LanesScalar.StoreQuads(columns[0][0], columns[1][0], columns[2][0], columns[3][0], ref destination[0], stride); break;
            }
            for (int k = 0; k < destination.Length; k++)
            {
                int row = k / stride, j = k % stride;
                if (row < count && j < 4)
                    Assert.Equal(100 * j + row, destination[k]);
                else
                    Assert.True(float.IsNaN(destination[k]), $"width {count}: [{k}] written");
            }
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(7)]
    public void LoadQuads_reads_row_k_into_lane_k_of_four_columns(int stride)
    {
        var rows = new float[16 * stride];
        for (int k = 0; k < rows.Length; k++)
            rows[k] = k % stride < 4 ? 100 * (k % stride) + k / stride : float.NaN; // only the quads are read
        Lanes512.LoadQuads(ref rows[0], stride, out var a512, out var b512, out var c512, out var d512);
        Lanes256.LoadQuads(ref rows[0], stride, out var a256, out var b256, out var c256, out var d256);
        Lanes128.LoadQuads(ref rows[0], stride, out var a128, out var b128, out var c128, out var d128);
        LanesScalar.LoadQuads(ref rows[0], stride, out float a1, out float b1, out float c1, out float d1);
        for (int k = 0; k < 16; k++)
        {
            Assert.Equal([k, 100 + k, 200 + k, 300 + k], new[] { a512[k], b512[k], c512[k], d512[k] });
            if (k < 8) Assert.Equal([k, 100 + k, 200 + k, 300 + k], new[] { a256[k], b256[k], c256[k], d256[k] });
            if (k < 4) Assert.Equal([k, 100 + k, 200 + k, 300 + k], new[] { a128[k], b128[k], c128[k], d128[k] });
        }
        Assert.Equal([0f, 100f, 200f, 300f], new[] { a1, b1, c1, d1 });
    }

    private static Vector512<float> Load512(float[] values) => Vector512.Create(values);
    private static Vector256<float> Load256(float[] values) => Vector256.Create(values);
    private static Vector128<float> Load128(float[] values) => Vector128.Create(values);
}
