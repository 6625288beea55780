using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace NetGen.Benchmarks.Workloads;

/// <summary>The metrics of docs/benchmarks.md §5 for one workload, each as a case ready to run.</summary>
public static class Cases
{
    public static IEnumerable<(string Metric, int Batch, ICase Case)> Of(Workload workload, byte[]? startingWeights = null)
    {
        var pool = workload.Pool();
        yield return ("predict_1", 1, new PredictCase(Fresh(workload, startingWeights), pool.Batches(1)));
        yield return ("predict_1_dep", 1, new DependentPredictCase(Fresh(workload, startingWeights), pool.Batches(1)));
        foreach (int b in workload.TrainBatches)
            yield return ($"train_b{b}", b, new TrainCase(Fresh(workload, startingWeights), pool.Batches(b)));
        if (workload.ForwardBatch > 0)
            yield return ($"forward_b{workload.ForwardBatch}", workload.ForwardBatch, new ForwardBatchCase(Fresh(workload, startingWeights), pool.Batches(workload.ForwardBatch)));
    }

    /// <summary>A new network, at the shared starting weights when given (state_dict order, float32 little-endian).</summary>
    public static INetwork Fresh(Workload workload, byte[]? startingWeights)
    {
        var network = workload.Create();
        if (startingWeights is not null)
            network.SetParameters(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(startingWeights));
        return network;
    }
}

public struct PredictCase(INetwork network, BatchStream stream) : ICase
{
    private readonly float[] _output = new float[network.OutputSize];
    public readonly bool Trains => false;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the timer's loop of each workload (ProtocolTimer.Measure<T, TSite>)
    public readonly void Invoke(int call) => network.Predict(stream.InputsOf(call % stream.Count), UncheckedSpans.Of(_output));
    public readonly void Reset() { }
}

/// <summary>Latency: each call's first input is <c>x0 + 0·y_prev[0]</c>, so calls cannot overlap.</summary>
public struct DependentPredictCase(INetwork network, BatchStream stream) : ICase
{
    private readonly float[] _inputs = (float[])stream.Inputs.Clone();
    private readonly float[] _output = new float[network.OutputSize];
    public readonly bool Trains => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Invoke(int call)
    {
        int k = call % stream.Count, first = k * stream.Features;
        _inputs[first] = stream.Inputs[first] + 0f * _output[0];
        network.Predict(UncheckedSpans.Of(_inputs, first, stream.Features), UncheckedSpans.Of(_output));
    }

    public readonly void Reset() { }
}

public struct ForwardBatchCase(INetwork network, BatchStream stream) : ICase
{
    private readonly float[] _outputs = new float[stream.BatchSize * network.OutputSize];
    public readonly bool Trains => false;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Invoke(int call) => network.PredictBatch(stream.InputsOf(call % stream.Count), UncheckedSpans.Of(_outputs));
    public readonly void Reset() { }
}

/// <summary>One training step per call: class labels for classifiers, 0/1 targets otherwise (xor).</summary>
public struct TrainCase : ICase
{
    private readonly INetwork _network;
    private readonly IClassifier? _classifier;
    private readonly BatchStream _stream;
    private readonly float[] _start;

    public TrainCase(INetwork network, BatchStream stream)
    {
        _network = network;
        _classifier = network as IClassifier;
        _stream = stream;
        _start = new float[network.ParameterCount];
        network.CopyParametersTo(_start);
    }

    public readonly bool Trains => true;
    public float LastLoss;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(int call)
    {
        int k = call % _stream.Count;
        LastLoss = _classifier is not null
            ? _classifier.TrainBatch(_stream.InputsOf(k), _stream.LabelsOf(k))
            : _network.TrainBatch(_stream.InputsOf(k), _stream.TargetsOf(k));
    }

    public readonly void Reset()
    {
        _network.SetParameters(_start);
        _network.ResetOptimizerState();
    }
}
