using System;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>The constant one-hot rows a one-row step of a label trains on.</summary>
public class OneHotRowsTests
{
    [Fact]
    public void Each_row_has_its_one_at_the_label_and_zeros_elsewhere()
    {
        for (int classes = 1; classes <= OneHotRows.MaxClasses; classes++)
            for (int label = 0; label < classes; label++)
            {
                var row = OneHotRows.Of(label, classes);
                Assert.Equal(classes, row.Length);
                for (int c = 0; c < classes; c++)
                    Assert.Equal(c == label ? 1f : 0f, row[c]);
            }
    }

    [Theory]
    [InlineData(-1, 3)]
    [InlineData(3, 3)]
    [InlineData(16, 3)]
    [InlineData(0, 17)]
    [InlineData(1, 17)]
    [InlineData(5, 20)]
    [InlineData(0, 0)]
    public void A_row_outside_the_table_is_refused(int label, int classes) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => OneHotRows.Of(label, classes).Length);
}
