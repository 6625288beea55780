using System;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace NetGen.Runtime;

/// <summary>The share of a training step a <see cref="TrainingWorker"/> runs (a generated network's second half of the batch).</summary>
public interface IWorkerShare
{
    /// <summary>Runs the share; called on the worker thread.</summary>
    void RunShare();
}

/// <summary>
/// One background thread that runs a share of each training step. Handing work over is a counter
/// write the worker is spinning on, with no wake-up: waking a sleeping thread costs tens of
/// microseconds. The worker spins for <see cref="SpinMilliseconds"/> after each share, so back-to-back
/// steps never sleep; an idle worker then blocks and costs nothing. Nothing is allocated per step.
/// The thread stops when the worker is disposed or collected.
/// </summary>
public sealed class TrainingWorker : IDisposable
{
    /// <summary>How long an idle worker spins before it blocks.</summary>
    public const int SpinMilliseconds = 20;

    private readonly Shared _shared = new();

    /// <summary>Starts the thread.</summary>
    public TrainingWorker()
    {
        var shared = _shared; // the thread holds only this, so the worker itself can be collected
        new Thread(() => shared.Loop()) { IsBackground = true, Name = "NetGen training worker" }.Start();
    }

    /// <summary>Starts <paramref name="share"/> on the worker thread and returns at once.</summary>
    public void Post(IWorkerShare share)
    {
        _shared.Share = share;
        Interlocked.Increment(ref _shared.Posted); // full fence: the share is visible first
        if (Volatile.Read(ref _shared.Sleeping) != 0)
            lock (_shared.Gate) Monitor.Pulse(_shared.Gate);
    }

    /// <summary>Waits for the posted share to finish; rethrows what it threw.</summary>
    public void Wait()
    {
        int posted = _shared.Posted;
        var spin = new SpinWait();
        while (Volatile.Read(ref _shared.Completed) != posted)
            spin.SpinOnce(sleep1Threshold: -1);
        _shared.Share = null;
        if (_shared.Error is { } error)
        {
            _shared.Error = null;
            ExceptionDispatchInfo.Throw(error);
        }
    }

    /// <summary>Stops the thread.</summary>
    public void Dispose()
    {
        _shared.Stop();
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the thread when the network that owned the worker is collected.</summary>
    ~TrainingWorker() => _shared.Stop();

    private sealed class Shared
    {
        public readonly object Gate = new();
        public IWorkerShare? Share;
        public Exception? Error;
        public int Posted, Completed, Sleeping, Stopped;

        public void Stop()
        {
            Volatile.Write(ref Stopped, 1);
            lock (Gate) Monitor.Pulse(Gate);
        }

        public void Loop()
        {
            int seen = 0;
            long spinTicks = Stopwatch.Frequency * SpinMilliseconds / 1000;
            while (true)
            {
                long deadline = Stopwatch.GetTimestamp() + spinTicks;
                while (Volatile.Read(ref Posted) == seen)
                {
                    if (Volatile.Read(ref Stopped) != 0) return;
                    if (Stopwatch.GetTimestamp() < deadline)
                    {
                        Thread.SpinWait(16);
                        continue;
                    }
                    lock (Gate)
                    {
                        Interlocked.Exchange(ref Sleeping, 1); // full fence, then re-check: Post reads Sleeping after its increment
                        while (Volatile.Read(ref Posted) == seen && Volatile.Read(ref Stopped) == 0)
                            Monitor.Wait(Gate);
                        Volatile.Write(ref Sleeping, 0);
                    }
                    deadline = Stopwatch.GetTimestamp() + spinTicks;
                }
                seen = Volatile.Read(ref Posted);
                try
                {
                    Share!.RunShare();
                }
                catch (Exception e)
                {
                    Error = e;
                }
                Volatile.Write(ref Completed, seen);
            }
        }
    }
}
