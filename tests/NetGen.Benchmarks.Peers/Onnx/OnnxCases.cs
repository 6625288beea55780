using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Peers.OnnxPeer;

/// <summary>An inference session on one intra-op thread (and one inter-op thread, sequential execution), every graph optimization on.</summary>
public static class OnnxSessions
{
    public static InferenceSession Open(string path)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        return new InferenceSession(path, options);
    }
}

/// <summary>
/// The path tutorials show: each call wraps the user's array in a <c>DenseTensor</c>, passes a list of
/// <c>NamedOnnxValue</c> to <c>Run</c>, and reads the output into a new array (<c>AsEnumerable().ToArray()</c>).
/// <c>Dependent</c>: the first input is <c>x0 + 0·y_prev[0]</c>, so calls cannot overlap.
/// </summary>
public struct OnnxNamedValueCase : ICase
{
    private readonly InferenceSession _session;
    private readonly float[][] _inputs;
    private readonly float[] _firsts;
    private readonly int[] _shape;
    private readonly bool _dependent;
    private float[] _output;

    public OnnxNamedValueCase(InferenceSession session, BatchStream stream, bool dependent = false)
    {
        _session = session;
        _inputs = Enumerable.Range(0, stream.Count).Select(k => stream.InputsOf(k).ToArray()).ToArray();
        _firsts = Array.ConvertAll(_inputs, a => a[0]);
        _shape = [stream.BatchSize, stream.Features];
        _dependent = dependent;
        _output = [0f];
    }

    public readonly bool Trains => false;
    public readonly float[] LastOutput => _output;

    public void Invoke(int call)
    {
        int k = call % _inputs.Length;
        if (_dependent)
            _inputs[k][0] = _firsts[k] + 0f * _output[0];
        var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor("x", new DenseTensor<float>(_inputs[k], _shape)) };
        using var results = _session.Run(inputs);
        _output = results.First().AsEnumerable<float>().ToArray();
    }

    public readonly void Reset() { }
}

/// <summary>
/// The fast path: before timing, every batch of the stream and one output array are wrapped in <c>OrtValue</c>s over
/// the (pinned) managed memory and bound once per batch with an <c>OrtIoBinding</c>; a call is one
/// <c>RunWithBinding</c>, which reads the input in place and writes the output array. Nothing is copied or allocated.
/// </summary>
public struct OnnxBoundCase : ICase, IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();
    private readonly OrtIoBinding[] _bindings;
    private readonly List<OrtValue> _values = [];
    private readonly float[] _inputs, _output;
    private readonly int _rowFloats;
    private readonly bool _dependent;
    private readonly float[] _firsts;

    public OnnxBoundCase(InferenceSession session, BatchStream stream, int outputs, bool dependent = false)
    {
        _session = session;
        _inputs = (float[])stream.Inputs.Clone();
        _output = new float[stream.BatchSize * outputs];
        int rowFloats = stream.BatchSize * stream.Features;
        _rowFloats = rowFloats;
        _dependent = dependent;
        _firsts = Enumerable.Range(0, stream.Count).Select(k => stream.Inputs[k * rowFloats]).ToArray();
        var output = OrtValue.CreateTensorValueFromMemory(_output, [stream.BatchSize, outputs]);
        _values.Add(output);
        _bindings = new OrtIoBinding[stream.Count];
        for (int k = 0; k < stream.Count; k++)
        {
            var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(_inputs, k * _rowFloats, _rowFloats),
                [stream.BatchSize, stream.Features]);
            _values.Add(input);
            _bindings[k] = session.CreateIoBinding();
            _bindings[k].BindInput("x", input);
            _bindings[k].BindOutput("y", output);
        }
    }

    public readonly bool Trains => false;
    public readonly float[] Output => _output;

    public readonly void Invoke(int call)
    {
        int k = call % _bindings.Length;
        if (_dependent)
            _inputs[k * _rowFloats] = _firsts[k] + 0f * _output[0];
        _session.RunWithBinding(_run, _bindings[k]);
    }

    public readonly void Reset() { }

    public readonly void Dispose()
    {
        foreach (var binding in _bindings) binding.Dispose();
        foreach (var value in _values) value.Dispose();
        _run.Dispose();
    }
}
