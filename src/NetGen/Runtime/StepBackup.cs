using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// What a step changes (the parameters, the optimizer's buffers and its step count), copied before the step by a network
/// that checks its steps (<c>CheckFiniteSteps</c>), and put back when the step left a parameter NaN or infinite. Made when
/// the check is turned on, so a step allocates nothing (but the exception).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class StepBackup
{
    private readonly AlignedBuffer[] _buffers;
    private readonly float[][] _copies;
    private long _step;

    /// <summary>A backup of <paramref name="buffers"/>: the parameters first, then the optimizer's state.</summary>
    public StepBackup(params AlignedBuffer[] buffers)
    {
        _buffers = buffers;
        _copies = Array.ConvertAll(buffers, buffer => new float[buffer.Length]);
    }

    /// <summary>Copies every buffer, and the step count <paramref name="step"/>.</summary>
    public void Save(long step)
    {
        for (int k = 0; k < _buffers.Length; k++)
            _buffers[k].Span.CopyTo(_copies[k]);
        _step = step;
    }

    /// <summary>Puts every buffer back as <see cref="Save"/> found it; returns the step count it saved.</summary>
    private long Restore()
    {
        for (int k = 0; k < _buffers.Length; k++)
            _copies[k].CopyTo(_buffers[k].Span);
        return _step;
    }

    /// <summary>
    /// After the step: returns when every parameter is finite; otherwise puts the parameters, the optimizer's state and
    /// <paramref name="step"/> back as <see cref="Save"/> found them and throws <see cref="ArithmeticException"/> naming the
    /// first tensor the step made not finite.
    /// </summary>
    public void UndoUnlessFinite(INetwork network, ref long step)
    {
        if (SpanScans.AllFinite(_buffers[0].Span))
            return;
        var stateDict = new float[network.ParameterCount]; // only on the way to the exception
        network.CopyParametersTo(stateDict);
        step = Restore();
        ThrowHelper.ThrowNonFiniteStep(stateDict, network.ParameterTensors);
    }
}
