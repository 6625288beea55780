using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>Rows of the activation buffer, padded to whole vectors, copied out as packed rows (PredictBatch's outputs).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RowCopy
{
    /// <summary>
    /// One row of <paramref name="count"/> floats (Predict's outputs). With a constant count, as generated code passes,
    /// the JIT unrolls the copy into a few vector moves; a span's CopyTo was a call to Memmove (digits' prediction: a
    /// tail call for 40 bytes).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void One(ref float source, ref float destination, int count) =>
        Unsafe.CopyBlockUnaligned(ref Unsafe.As<float, byte>(ref destination), ref Unsafe.As<float, byte>(ref source), (uint)count * sizeof(float));

    /// <summary>
    /// <paramref name="rows"/> rows of <paramref name="width"/> floats, <paramref name="sourceStride"/> apart, into
    /// <paramref name="destination"/> back to back (it holds exactly rows × width). Where one vector holds a row and at most
    /// two (width more than half its lanes) and the source rows are padded to it, every row but the last is one vector
    /// load and store, in row order: the lanes past a row land on the next row's start, which that row's store writes
    /// again. The last row is copied exactly. A span copy per row cost iris's 16-row PredictBatch about 10 ns. Inlined: with a
    /// generated caller's constant width, the rest's copies are a few moves (a call to Memmove for iris's last 12 bytes, and
    /// the whole copy a call of its own, took 20 ns of its 16-row PredictBatch).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Packed(ref float source, int sourceStride, Span<float> destination, int rows, int width)
    {
        ref float d = ref MemoryMarshal.GetReference(destination);
        int r = 0;
        if (Vector128.IsHardwareAccelerated && width >= 2 && width <= 4 && sourceStride >= 4)
            for (; r + 1 < rows; r++)
                Vector128.LoadUnsafe(ref source, (nuint)(r * sourceStride)).StoreUnsafe(ref d, (nuint)(r * width));
        else if (Vector256.IsHardwareAccelerated && width >= 4 && width <= 8 && sourceStride >= 8)
            for (; r + 1 < rows; r++)
                Vector256.LoadUnsafe(ref source, (nuint)(r * sourceStride)).StoreUnsafe(ref d, (nuint)(r * width));
        else if (Vector512.IsHardwareAccelerated && width >= 8 && width <= 16 && sourceStride >= 16)
            for (; r + 1 < rows; r++)
                Vector512.LoadUnsafe(ref source, (nuint)(r * sourceStride)).StoreUnsafe(ref d, (nuint)(r * width));
        for (; r < rows; r++)
            One(ref Unsafe.Add(ref source, r * sourceStride), ref Unsafe.Add(ref d, r * width), width);
    }
}
