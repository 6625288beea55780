using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen.Runtime;

/// <summary>
/// Stack blocks that whole vectors are stored to and loaded from, started on a 64-byte boundary. The stack is 16-byte
/// aligned, and where in a cache line a process's stack starts is random (address space layout randomization), so an
/// unaligned block split a Vector512 across two lines in some processes and not in others.
/// </summary>
internal static class StackBlock
{
    /// <summary>Floats a block needs beyond what it holds, for <see cref="Aligned"/> to skip.</summary>
    public const int Slack = 16;

    /// <summary>The first float of <paramref name="block"/> on a 64-byte boundary (at most <see cref="Slack"/> - 1 in).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe ref float Aligned(Span<float> block)
    {
        ref float start = ref MemoryMarshal.GetReference(block);
        nuint misalignment = (nuint)Unsafe.AsPointer(ref start) & 63; // a stack block does not move
        return ref Unsafe.Add(ref start, (nint)((64 - misalignment) & 63) / sizeof(float));
    }
}
