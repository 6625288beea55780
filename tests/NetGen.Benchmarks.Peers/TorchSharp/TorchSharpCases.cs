using System;
using NetGen.Benchmarks.Peers.Workloads;
using NetGen.Benchmarks.Workloads;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks.Peers.TorchSharpPeer;

/// <summary>
/// The user's data for a stream: one managed array per batch, as an application holds it, and (for the
/// <c>prebuilt</c> variant) the same batches already made into tensors before timing starts.
/// </summary>
public sealed class TorchSharpBatches
{
    public TorchSharpBatches(TorchSharpNetwork network, BatchStream stream)
    {
        Count = stream.Count;
        Shape = [stream.BatchSize, stream.Features];
        Inputs = new float[Count][];
        Labels = new int[Count][];
        InputTensors = new Tensor[Count];
        TargetTensors = new Tensor[Count];
        for (int k = 0; k < Count; k++)
        {
            Inputs[k] = stream.InputsOf(k).ToArray();
            Labels[k] = stream.LabelsOf(k).ToArray();
            InputTensors[k] = torch.tensor(Inputs[k], Shape);
            TargetTensors[k] = network.Targets(Labels[k]);
        }
    }

    public int Count { get; }
    public long[] Shape { get; }
    public float[][] Inputs { get; }
    public int[][] Labels { get; }
    public Tensor[] InputTensors { get; }
    public Tensor[] TargetTensors { get; }
}

/// <summary>
/// Forward pass without gradients on one batch (one sample for predict_1). <c>Io</c>: the call makes its input tensor
/// from the user's array and copies the output back into a managed array, inside <c>torch.no_grad()</c>;
/// otherwise the input tensor is prebuilt, the output stays a tensor, and the caller holds one outer <c>no_grad()</c>.
/// <c>Dependent</c> (with <c>Io</c>): the first input is <c>x0 + 0·y_prev[0]</c>, so calls cannot overlap.
/// </summary>
public struct TorchSharpForwardCase(TorchSharpNetwork network, TorchSharpBatches batches, bool io, bool dependent = false) : ICase
{
    private readonly float[] _output = new float[batches.Shape[0] * network.Workload.Outputs];
    private readonly float[][] _inputs = dependent ? Array.ConvertAll(batches.Inputs, a => (float[])a.Clone()) : batches.Inputs;
    public readonly bool Trains => false;

    public readonly void Invoke(int call)
    {
        int k = call % batches.Count;
        using var scope = torch.NewDisposeScope();
        if (!io)
        {
            network.Model.forward(batches.InputTensors[k]);
            return;
        }
        if (dependent)
            _inputs[k][0] = batches.Inputs[k][0] + 0f * _output[0];
        using (torch.no_grad())
        {
            var output = network.Model.forward(torch.tensor(_inputs[k], batches.Shape));
            output.data<float>().CopyTo(_output, 0, 0);
        }
    }

    public readonly void Reset() { }
}

/// <summary>One training step per call in its own dispose scope; <c>Io</c> makes the input and target tensors from the user's arrays.</summary>
public struct TorchSharpTrainCase(TorchSharpNetwork network, TorchSharpBatches batches, bool io, bool keepLoss = false) : ICase
{
    public readonly bool Trains => true;
    public float LastLoss;

    public void Invoke(int call)
    {
        int k = call % batches.Count;
        using var scope = torch.NewDisposeScope();
        var loss = io
            ? network.Step(torch.tensor(batches.Inputs[k], batches.Shape), network.Targets(batches.Labels[k]))
            : network.Step(batches.InputTensors[k], batches.TargetTensors[k]);
        if (keepLoss)
            LastLoss = loss.item<float>();
    }

    public readonly void Reset() => network.Reset();
}
