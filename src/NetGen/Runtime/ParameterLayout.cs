using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen.Runtime;

/// <summary>
/// Moves parameters between PyTorch's state_dict order and the generated storage a tensor at a time, from the table the
/// generated code prints beside <c>StorageIndexOf</c> (the same blocks): per tensor <see cref="Fields"/> ints, its
/// storage offset, its rows and columns in state_dict order (a vector: one row), and the storage steps of a row and of a
/// column. A weight [out, in] stored transposed has steps 1 and its stride; stored by unit, its stride and 1.
/// Element by element through <c>StorageIndexOf</c> (a search of the tensors and a division for each float), digits'
/// <c>CopyParametersTo</c> took 8.8-10.3 µs and <c>SetParameters</c> 11.5-13.5; a tensor at a time, 3.7-3.9 and 5.8-10.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ParameterLayout
{
    /// <summary>Ints per tensor in a layout table: offset, rows, columns, row step, column step.</summary>
    public const int Fields = 5;

    /// <summary>Writes <paramref name="source"/>, in state_dict order, into the storage. The caller checked its length.</summary>
    public static void Scatter(ReadOnlySpan<float> source, ref float storage, ReadOnlySpan<int> layout) =>
        Move(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(source), source.Length), ref storage, layout, toStorage: true);

    /// <summary>Reads the storage into <paramref name="destination"/>, in state_dict order. The caller checked its length.</summary>
    public static void Gather(ref float storage, Span<float> destination, ReadOnlySpan<int> layout) =>
        Move(destination, ref storage, layout, toStorage: false);

    /// <summary>Every tensor's elements between <paramref name="values"/> (state_dict order) and the storage, the way <paramref name="toStorage"/> says.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // two callers, each with its direction a constant
    private static void Move(Span<float> values, ref float storage, ReadOnlySpan<int> layout, bool toStorage)
    {
        int k = 0;
        for (int t = 0; t + Fields <= layout.Length; t += Fields)
        {
            ref float tensor = ref Unsafe.Add(ref storage, layout[t]);
            int rows = layout[t + 1], columns = layout[t + 2], rowStep = layout[t + 3], columnStep = layout[t + 4];
            for (int r = 0; r < rows; r++)
            {
                ref float row = ref Unsafe.Add(ref tensor, r * rowStep);
                var rowValues = values.Slice(k + r * columns, columns);
                for (int c = 0; c < rowValues.Length; c++)
                {
                    if (toStorage)
                        Unsafe.Add(ref row, c * columnStep) = rowValues[c];
                    else
                        rowValues[c] = Unsafe.Add(ref row, c * columnStep);
                }
            }
            k += rows * columns;
        }
    }
}
