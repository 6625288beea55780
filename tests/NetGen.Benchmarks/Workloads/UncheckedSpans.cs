using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen.Benchmarks.Workloads;

/// <summary>
/// Spans over the harness's own arrays without null or bounds checks, as the C++ reference's
/// pointer arithmetic is: the timed loop measures the network, not the harness. Callers keep
/// <c>start + length</c> within the array.
/// </summary>
internal static class UncheckedSpans
{
    public static Span<T> Of<T>(T[] array) =>
        MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(array), array.Length);

    public static ReadOnlySpan<T> Of<T>(T[] array, int start, int length) =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), start), length);
}
