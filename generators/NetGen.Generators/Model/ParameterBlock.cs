using System.Collections.Immutable;

namespace NetGen.Generators.Model;

/// <summary>What a parameter tensor is to its layer.</summary>
internal enum ParameterRole
{
    /// <summary>A layer's weight matrix, stored transposed, [inputs][stride], or by unit, [units][stride] (<see cref="ParameterBlock.ByUnit"/>).</summary>
    Weight,
    /// <summary>A layer's bias vector.</summary>
    Bias,
    /// <summary>A learnable activation parameter (PReLU's slopes, Swish's β).</summary>
    ActivationParameter,
}

/// <summary>
/// One parameter tensor: the single source of truth for where it lives. Its PyTorch name and shape, its place in
/// <c>state_dict</c> order and in the padded storage, and whether training touches it. The state_dict table,
/// <c>StorageIndexOf</c>, the initialization order, <c>ParameterCount</c>, the penalty and decay ranges and the
/// per-layer clipping ranges are all read from the plan's blocks.
/// </summary>
/// <param name="Layer">The index of the layer that owns it.</param>
/// <param name="Name">The state_dict name of the equivalent nn.Sequential: "0.weight", "0.bias", "1.weight" (PReLU).</param>
/// <param name="Shape">PyTorch's shape: [out, in] for a weight, [out] for a bias.</param>
/// <param name="StateOffset">Where it starts in state_dict order (the order of CopyParametersTo).</param>
/// <param name="StorageOffset">Where it starts in the padded storage.</param>
/// <param name="StorageLength">Floats it takes in the storage, padding included.</param>
/// <param name="Owner">The generated name of the owning layer, "Layer0": its constants are "Layer0Weights", "Layer0Stride".</param>
/// <param name="Trainable">False for a frozen layer's tensors: never stepped, decayed or clipped.</param>
internal sealed record ParameterBlock(
    int Layer,
    ParameterRole Role,
    string Name,
    EquatableArray<int> Shape,
    int StateOffset,
    int StorageOffset,
    int StorageLength,
    string Owner,
    bool Trainable)
{
    /// <summary>The generated constant that names <see cref="StorageOffset"/>: "Layer0Weights", "Layer0Bias", "Layer0Activation".</summary>
    public string Constant => Owner + Role switch
    {
        ParameterRole.Weight => "Weights",
        ParameterRole.Bias => "Bias",
        _ => "Activation",
    };

    public int Count
    {
        get
        {
            int count = 1;
            foreach (int size in Shape) count *= size;
            return count;
        }
    }

    /// <summary>Tensors of two or more dimensions (weight matrices): the ones decayed when <c>RegularizeBias = false</c>.</summary>
    public bool IsMatrix => Shape.Count >= 2;

    /// <summary>A weight stored by unit, <c>[out][stride]</c> (PyTorch's order, rows padded), not transposed.</summary>
    public bool ByUnit { get; init; }

    /// <summary>
    /// The storage slot of element <paramref name="local"/> (C# text, an index in state_dict order within this tensor).
    /// A weight [out, in]'s element (o, i) is stored at [i][o], or at [o][i] by unit.
    /// </summary>
    public string StorageIndexOf(string local) => Role != ParameterRole.Weight ? $"{Constant} + {local}"
        : ByUnit ? $"{Constant} + {local} / {Shape[1]} * {Owner}Stride + {local} % {Shape[1]}"
        : $"{Constant} + {local} % {Shape[1]} * {Owner}Stride + {local} / {Shape[1]}";

    /// <summary>
    /// The tensor's entry in the generated layout table (NetGen.Runtime.ParameterLayout), as C#: storage offset, rows and
    /// columns in state_dict order, the storage steps of a row and of a column. The same placement as <see cref="StorageIndexOf"/>.
    /// </summary>
    public string LayoutEntry()
    {
        string stride = Owner + "Stride";
        if (Role != ParameterRole.Weight)
            return $"{Constant}, 1, {Count}, 0, 1";
        return ByUnit ? $"{Constant}, {Shape[0]}, {Shape[1]}, {stride}, 1" : $"{Constant}, {Shape[0]}, {Shape[1]}, 1, {stride}";
    }

    public static EquatableArray<int> ShapeOf(params int[] sizes) => new(ImmutableArray.Create(sizes));
}
