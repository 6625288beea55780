using System;
using System.Collections.Generic;

namespace NetGen;

/// <summary>
/// One parameter tensor of a generated network, as PyTorch names and shapes it in the state_dict of
/// the equivalent nn.Sequential: "0.weight" [out, in], "0.bias" [out], "1.weight" for a PReLU, ...
/// </summary>
public sealed class ParameterTensor
{
    private readonly int[] _shape;

    /// <summary>Describes a tensor that starts at <paramref name="offset"/> in state_dict order.</summary>
    /// <param name="name">The state_dict key.</param>
    /// <param name="offset">Where it starts in state_dict order.</param>
    /// <param name="shape">PyTorch's shape.</param>
    /// <param name="trainable">False for a frozen layer's tensor (<c>Trainable = false</c>): training never changes it.</param>
    public ParameterTensor(string name, int offset, int[] shape, bool trainable = true)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        Name = name;
        Offset = offset;
        _shape = (int[])shape.Clone();
        int length = 1;
        foreach (int size in _shape) length = checked(length * size);
        Length = length;
        Trainable = trainable;
    }

    /// <summary>The state_dict key: module index, a dot, then "weight", "bias" or the parameter's name.</summary>
    public string Name { get; }
    /// <summary>Where the tensor starts in the order of <c>CopyParametersTo</c>.</summary>
    public int Offset { get; }
    /// <summary>Number of floats.</summary>
    public int Length { get; }
    /// <summary>PyTorch's shape, row-major.</summary>
    public IReadOnlyList<int> Shape => _shape;
    /// <summary>False for a frozen layer's tensor: training never steps, decays or clips it (its gradient is 0).</summary>
    public bool Trainable { get; }

    /// <summary>"0.weight [4, 2]".</summary>
    public override string ToString() => $"{Name} [{string.Join(", ", _shape)}]";
}
