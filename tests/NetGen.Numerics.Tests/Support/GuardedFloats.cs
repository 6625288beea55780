using System;
using System.Runtime.InteropServices;

namespace NetGen.Numerics.Tests.Support;

/// <summary>
/// Floats that end exactly where an unreadable page begins (Linux: mmap, then mprotect PROT_NONE on the next page), so a
/// kernel that reads one float past its span crashes the test instead of reading a neighbour's value.
/// </summary>
internal sealed unsafe class GuardedFloats : IDisposable
{
    private const int PageSize = 4096, ProtRead = 1, ProtWrite = 2, ProtNone = 0, MapPrivate = 2, MapAnonymous = 0x20;
    private readonly nint _mapping;

    /// <summary>Whether the platform can guard a page here (Linux); elsewhere the tests that need it have nothing to check.</summary>
    public static bool Supported => OperatingSystem.IsLinux();

    public GuardedFloats(int count)
    {
        if (count * sizeof(float) > PageSize)
            throw new ArgumentOutOfRangeException(nameof(count), "At most one page of floats.");
        _mapping = mmap(0, 2 * PageSize, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        if (_mapping == -1 || mprotect(_mapping + PageSize, PageSize, ProtNone) != 0)
            throw new InvalidOperationException($"mmap/mprotect failed: {Marshal.GetLastPInvokeError()}");
        Length = count;
    }

    public int Length { get; }

    /// <summary>The floats; the byte after the last one is unreadable.</summary>
    public Span<float> Span => new((void*)(_mapping + PageSize - Length * sizeof(float)), Length);

    public void Dispose() => munmap(_mapping, 2 * PageSize);

    [DllImport("libc", SetLastError = true)] private static extern nint mmap(nint address, nint length, int protection, int flags, int fd, nint offset);
    [DllImport("libc", SetLastError = true)] private static extern int mprotect(nint address, nint length, int protection);
    [DllImport("libc", SetLastError = true)] private static extern int munmap(nint address, nint length);
}
