using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Benchmarks.Peers.Workloads;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetGen.Benchmarks.Peers.TorchSharpPeer;

/// <summary>
/// A workload's network written as TorchSharp's documentation writes one: an <c>nn.Sequential</c> of <c>nn.Linear</c>
/// and activation modules, an optimizer from <c>torch.optim</c>, the loss from <c>torch.nn.functional</c>; the caller
/// opens a <c>torch.NewDisposeScope()</c> around each step. Starts from the shared weights (state_dict order).
/// </summary>
public sealed class TorchSharpNetwork : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _start;

    public TorchSharpNetwork(PeerWorkload workload, float[] weights)
    {
        Workload = workload;
        var layers = new List<nn.Module<Tensor, Tensor>>();
        for (int l = 0; l < workload.Activations.Length; l++)
        {
            layers.Add(nn.Linear(workload.Sizes[l], workload.Sizes[l + 1]));
            switch (workload.Activations[l])
            {
                case Activation.Relu: layers.Add(nn.ReLU()); break;
                case Activation.Tanh: layers.Add(nn.Tanh()); break;
                case Activation.Sigmoid: layers.Add(nn.Sigmoid()); break;
            }
        }
        Model = nn.Sequential(layers.ToArray());
        _parameters = Model.parameters().ToArray();

        int offset = 0;
        using (no_grad())
        {
            foreach (var p in _parameters)
            {
                int count = (int)p.numel();
                using var value = torch.tensor(weights.AsSpan(offset, count).ToArray(), p.shape);
                p.copy_(value);
                offset += count;
            }
        }
        if (offset != weights.Length) throw new ArgumentException($"{workload.Name}: {weights.Length} weights for {offset} parameters.");
        _start = _parameters.Select(p => p.detach().clone()).ToArray();
        Optimizer = NewOptimizer();
    }

    public PeerWorkload Workload { get; }
    public Sequential Model { get; }
    public optim.Optimizer Optimizer { get; private set; }

    /// <summary>One training step, as the TorchSharp examples write it; the caller's dispose scope frees its tensors.</summary>
    public Tensor Step(Tensor inputs, Tensor targets)
    {
        Optimizer.zero_grad();
        var output = Model.forward(inputs);
        var loss = Workload.Loss == LossKind.BinaryCrossEntropy
            ? nn.functional.binary_cross_entropy(output, targets)
            : nn.functional.cross_entropy(output, targets);
        loss.backward();
        if (Workload.ClipNorm > 0)
            nn.utils.clip_grad_norm_(_parameters, Workload.ClipNorm);
        Optimizer.step();
        return loss;
    }

    /// <summary>Back to the starting weights with a new optimizer (step count and moments at zero), as the protocol asks.</summary>
    public void Reset()
    {
        using (no_grad())
        {
            for (int i = 0; i < _parameters.Length; i++)
                _parameters[i].copy_(_start[i]);
        }
        Optimizer.Dispose();
        Optimizer = NewOptimizer();
    }

    /// <summary>Targets as TorchSharp's losses take them: class indices (int64), or xor's 0/1 column (float32).</summary>
    public Tensor Targets(ReadOnlySpan<int> labels) => Workload.Loss == LossKind.BinaryCrossEntropy
        ? torch.tensor(Floats(labels), [labels.Length, 1])
        : torch.tensor(Longs(labels), [labels.Length]);

    public static float[] Floats(ReadOnlySpan<int> labels)
    {
        var values = new float[labels.Length];
        for (int i = 0; i < values.Length; i++) values[i] = labels[i];
        return values;
    }

    public static long[] Longs(ReadOnlySpan<int> labels)
    {
        var values = new long[labels.Length];
        for (int i = 0; i < values.Length; i++) values[i] = labels[i];
        return values;
    }

    private optim.Optimizer NewOptimizer() => Workload.Optimizer == OptimizerKind.Adam
        ? optim.Adam(_parameters, Workload.LearningRate)
        : optim.SGD(_parameters, Workload.LearningRate, Workload.Momentum);

    public void Dispose()
    {
        Optimizer.Dispose();
        foreach (var t in _start) t.Dispose();
        Model.Dispose();
    }
}
