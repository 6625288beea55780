using System.Collections.Generic;

namespace NetGen.Generators.Model;

/// <summary>One parameter tensor as PyTorch names it in an nn.Sequential state_dict.</summary>
/// <param name="Name">"0.weight", "0.bias", "1.weight" (PReLU), ...</param>
/// <param name="Offset">Where the tensor starts in state_dict order (the order of CopyParametersTo).</param>
/// <param name="Shape">PyTorch's shape: [out, in] for a weight, [out] for a bias.</param>
internal sealed record StateDictTensor(string Name, int Offset, EquatableArray<int> Shape)
{
    public int Count
    {
        get
        {
            int count = 1;
            foreach (int size in Shape) count *= size;
            return count;
        }
    }
}

/// <summary>
/// The nn.Sequential a network corresponds to: every layer is an nn.Linear module, followed by one
/// activation module unless the activation is Identity. Module indices count both, as PyTorch does,
/// so the Linear of <c>[Dense(4, Tanh)] [Dense(1, Sigmoid)]</c> are modules 0 and 2.
/// </summary>
internal static class StateDict
{
    public static IReadOnlyList<StateDictTensor> Tensors(NetworkSpec spec)
    {
        var tensors = new List<StateDictTensor>();
        int module = 0, offset = 0;
        foreach (var layer in spec.Layers)
        {
            Add($"{module}.weight", layer.LinearUnits, layer.Inputs);
            Add($"{module}.bias", layer.LinearUnits);
            module++;
            if (layer.Activation == Activation.Identity)
                continue;
            if (layer.ActivationParameterCount > 0)
                Add($"{module}.{(layer.Activation == Activation.PRelu ? "weight" : "beta")}", layer.ActivationParameterCount);
            module++;
        }
        return tensors;

        void Add(string name, params int[] shape)
        {
            var tensor = new StateDictTensor(name, offset, new EquatableArray<int>(System.Collections.Immutable.ImmutableArray.Create(shape)));
            tensors.Add(tensor);
            offset += tensor.Count;
        }
    }
}
