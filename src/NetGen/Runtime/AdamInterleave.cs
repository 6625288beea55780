using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace NetGen.Runtime;

/// <summary>
/// Work a kernel takes a piece at a time between its own instructions (<see cref="DenseKernels.WeightGradient{L, V, W}(ref float, int, ref float, int, ref float, int, int, int, int, ref W)"/>):
/// work bound by other units than the kernel's (Adam's square roots and divisions against the weight gradient's
/// multiply-adds), so the two overlap instead of following each other.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IInterleavedWork
{
    /// <summary>One piece of the work, if one is ready: the kernel calls it once per row of a register block.</summary>
    void Step();

    /// <summary>The kernel's output is final in its first <paramref name="floats"/> floats: work waiting for them may take them.</summary>
    void Ready(int floats);
}

/// <summary>No work between a kernel's instructions: the kernel as it runs alone.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct NoInterleavedWork : IInterleavedWork
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Step() { }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Ready(int floats) { }
}

/// <summary>
/// <c>OptimizerKernels.Adam</c>'s step over the storage <c>[0, length)</c>, taken one Vector512 at a time between
/// the rows of the lowest layer's weight gradient (<see cref="DenseKernels.WeightGradient{L, V, W}(ref float, int, ref float, int, ref float, int, int, int, int, ref W)"/>), then finished
/// (<see cref="Finish"/>). The step is bound by its square roots and divisions, the kernel by its multiply-adds, so
/// each hides part of the other (digits' batch-32 step: 4.17 → 3.77 µs for the kernel and the step together).
/// The floats <c>[pipelined, length)</c> (every other layer's gradients, final before the kernel starts) are stepped
/// first; then <c>[0, pipelined)</c>, that layer's weights, as the kernel reports their gradients final. Each vector is
/// stepped once, with <c>OptimizerKernels.Adam</c>'s own arithmetic (<c>AdamLanes</c>): the same bits.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct AdamInterleave : IInterleavedWork
{
    private readonly ref float _parameters, _gradients, _firstMoment, _secondMoment;
    private readonly OptimizerKernels.AdamLanes<Simd512> _lanes;
    private nuint _next, _pipelinedNext, _pipelinedReady;
    private readonly nuint _end, _pipelinedEnd;
    // Vectors whose first moment is near zero, skipped in the kernel and stepped by Finish (AdamLanes.TryStep), a bit
    // each, in the caller's stack block (a block in this struct made its construction a copy with a write barrier); a
    // storage of more vectors than the bits takes every step in the kernel, near zero or not.
    private readonly Span<ulong> _deferred;
    private bool _anyDeferred;
    private readonly OptimizerKernels.NearZeroCheck _deferring;

    /// <summary>The words of the deferred vectors' bits the caller passes: one bit a Vector512, for a storage of up to 32 768 floats (the generator's limit for stepping in backward).</summary>
    public const int DeferredWords = 32;

    /// <summary>The step <c>OptimizerKernels.Adam</c> would take with these arguments over <c>[0, length)</c> of the buffers.</summary>
    /// <param name="parameters">The parameter storage's first float.</param>
    /// <param name="gradients">The gradient buffer's first float.</param>
    /// <param name="firstMoment">Adam's first moments' first float.</param>
    /// <param name="secondMoment">Adam's second moments' first float.</param>
    /// <param name="pipelined">The lowest layer's weights, <c>[0, pipelined)</c>: stepped as the kernel makes their gradients final.</param>
    /// <param name="length">The whole storage stepped, a multiple of 16 floats, as <paramref name="pipelined"/>.</param>
    /// <param name="learningRate">The step's learning rate.</param>
    /// <param name="beta1">β1, as declared.</param>
    /// <param name="beta2">β2, as declared.</param>
    /// <param name="epsilon">ε.</param>
    /// <param name="step">The step's number, from 1.</param>
    /// <param name="deferred">The caller's block of <see cref="DeferredWords"/> words (a stackalloc; cleared here), for the vectors whose first moment is near zero.</param>
    public AdamInterleave(ref float parameters, ref float gradients, ref float firstMoment, ref float secondMoment, int pipelined, int length,
        float learningRate, double beta1, double beta2, float epsilon, long step, Span<ulong> deferred)
    {
        _parameters = ref parameters;
        _gradients = ref gradients;
        _firstMoment = ref firstMoment;
        _secondMoment = ref secondMoment;
        _lanes = new OptimizerKernels.AdamLanes<Simd512>(new OptimizerKernels.AdamConstants(AdamStep.Of(learningRate, beta1, beta2, step), beta1, beta2, epsilon, 1f));
        _next = (nuint)pipelined;
        _end = (nuint)length;
        _pipelinedEnd = (nuint)pipelined;
        _deferred = deferred;
        _deferred.Clear();
        // Read once here, not in the kernel's loop: compiled before OptimizerKernels is initialized (Native AOT, the JIT
        // without tiering), each read there was a class check whose call spilled the kernel's accumulators.
        _deferring = length / Simd512.Count <= deferred.Length * 64 ? OptimizerKernels.NearZeroChecks : OptimizerKernels.NearZeroCheck.None;
    }

    /// <summary>The next vector ready: of the other layers first, then of the weights the kernel has finished.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step()
    {
        if (_next < _end)
        {
            StepAt(_next);
            _next += (nuint)Simd512.Count;
        }
        else if (_pipelinedNext < _pipelinedReady)
        {
            StepAt(_pipelinedNext);
            _pipelinedNext += (nuint)Simd512.Count;
        }
    }

    /// <summary>The lowest layer's weight gradients are final in their first <paramref name="floats"/> floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Ready(int floats)
    {
        nuint ready = (nuint)floats;
        _pipelinedReady = ready < _pipelinedEnd ? ready : _pipelinedEnd;
    }

    /// <summary>Steps every vector not stepped yet: call it once the kernel is done.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a loop, once a step: not worth its caller's inlining budget
    public void Finish()
    {
        for (; _next < _end; _next += (nuint)Simd512.Count)
            StepAt(_next);
        for (; _pipelinedNext < _pipelinedEnd; _pipelinedNext += (nuint)Simd512.Count)
            StepAt(_pipelinedNext);
        if (!_anyDeferred)
            return;
        _lanes.StepMarked(_deferred, ref _parameters, ref _gradients, ref _firstMoment, ref _secondMoment);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StepAt(nuint i)
    {
        if (_lanes.TryStep(ref _parameters, ref _gradients, ref _firstMoment, ref _secondMoment, i, _deferring))
            return;
        OptimizerKernels.MarkVector(_deferred, i / (nuint)Simd512.Count);
        _anyDeferred = true;
    }
}
