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
    /// Where the tensor's elements lie, the one fact <see cref="StorageIndexOf"/> and <see cref="LayoutEntry"/> print: as
    /// rows × columns in state_dict order (a vector: one row), element (r, c) is stored at its offset + r · RowStep +
    /// c · ColumnStep (C# text). A weight [out, in] stored transposed, [in][stride], has steps 1 and its stride; by unit, its stride and 1.
    /// </summary>
    private (int Rows, int Columns, string RowStep, string ColumnStep) Placement =>
        Role != ParameterRole.Weight ? (1, Count, "0", "1")
        : ByUnit ? (Shape[0], Shape[1], Owner + "Stride", "1")
        : (Shape[0], Shape[1], "1", Owner + "Stride");

    /// <summary>The storage slot of element <paramref name="local"/> (C# text, an index in state_dict order within this tensor).</summary>
    public string StorageIndexOf(string local)
    {
        var (_, columns, rowStep, columnStep) = Placement;
        return rowStep switch
        {
            "0" => $"{Constant} + {local}",
            "1" => $"{Constant} + {local} % {columns} * {columnStep} + {local} / {columns}",
            _ => $"{Constant} + {local} / {columns} * {rowStep} + {local} % {columns}",
        };
    }

    /// <summary>
    /// The tensor's entry in the generated layout table (NetGen.Runtime.ParameterLayout), as C#: storage offset, rows and
    /// columns in state_dict order, the storage steps of a row and of a column.
    /// </summary>
    public string LayoutEntry()
    {
        var (rows, columns, rowStep, columnStep) = Placement;
        return $"{Constant}, {rows}, {columns}, {rowStep}, {columnStep}";
    }

    public static EquatableArray<int> ShapeOf(params int[] sizes) => new(ImmutableArray.Create(sizes));
}
