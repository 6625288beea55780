using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading;

namespace NetGen.Runtime;

/// <summary>
/// Detects one network instance used from two threads at once (unsupported: its buffers are shared by its members) for
/// a network that opts in (<c>DetectConcurrentUse</c>): a member that uses the buffers takes the instance for its
/// thread, and a member on another thread that finds it taken throws instead of corrupting them. Re-entrant on the
/// owning thread (a member that calls another). A detector, not a lock: it catches calls that overlap, not every race.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ConcurrentUseGuard
{
    /// <summary>
    /// Takes the instance whose owner slot is <paramref name="owner"/> for this thread: true when this call took it (and
    /// must <see cref="Exit"/>), false when this thread already held it.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another thread is using the instance.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Enter(ref int owner, string member)
    {
        int me = Environment.CurrentManagedThreadId;
        int previous = Interlocked.CompareExchange(ref owner, me, 0);
        if (previous == 0)
            return true;
        if (previous != me)
            ThrowInUse(member, previous);
        return false;
    }

    /// <summary>Gives the instance back (after an <see cref="Enter"/> that returned true).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Exit(ref int owner) => Volatile.Write(ref owner, 0);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowInUse(string member, int thread) =>
        throw new InvalidOperationException(
            $"{member} overlapped thread {thread}'s use of this network: an instance is not thread-safe (its members share its buffers). " +
            "Give each thread its own instance (copying the parameters with CopyParametersTo and SetParameters), or synchronize the " +
            "calls. This call changed nothing.");
}
