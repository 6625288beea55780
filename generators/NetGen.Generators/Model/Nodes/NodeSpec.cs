namespace NetGen.Generators.Model;

/// <summary>
/// A node of the network: one declared layer, reading the tensor the node before it wrote (the network's input for
/// the first). What every kind has in common lives here; its own record (<see cref="DenseSpec"/>) says the rest.
/// </summary>
/// <param name="Index">The node's place in the network, from 0.</param>
/// <param name="Input">The shape of one row of the tensor it reads.</param>
internal abstract record NodeSpec(int Index, TensorShape Input)
{
    /// <summary>The name its generated members and constants start with: "Layer0".</summary>
    public string Name => "Layer" + Index;
    /// <summary>The shape of one row of the tensor it writes.</summary>
    public abstract TensorShape Output { get; }
    /// <summary>Every parameter of its state_dict tensors, frozen or not.</summary>
    public abstract int ParameterCount { get; }
    /// <summary>Its part of <c>NetworkSpec.Architecture</c>, what a weights file must agree with: "8 Tanh".</summary>
    public abstract string ArchitectureToken { get; }
    /// <summary>False for <c>Trainable = false</c>: a frozen node, never stepped, decayed or clipped.</summary>
    public bool Trainable { get; init; } = true;

    /// <summary>How many modules of the equivalent nn.Sequential the node stands for (state_dict names count them).</summary>
    public abstract int Modules { get; }

    /// <summary>
    /// Its parameter tensors in state_dict order, with how each is stored. The network plan places them (frozen nodes
    /// first) and names them; every other fact about parameters is derived from the resulting blocks.
    /// </summary>
    public abstract System.Collections.Generic.IEnumerable<TensorLayout> Tensors();
}

/// <summary>
/// One parameter tensor as its node kind declares it, before the network plan places it.
/// </summary>
/// <param name="Role">What it is to the node.</param>
/// <param name="Module">Which of the node's modules owns it (0 for the first): the state_dict name's prefix counts from there.</param>
/// <param name="Name">Its name within the module: "weight", "bias", "beta".</param>
/// <param name="Shape">PyTorch's shape.</param>
/// <param name="StorageLength">Floats it takes in the padded storage.</param>
internal sealed record TensorLayout(ParameterRole Role, int Module, string Name, EquatableArray<int> Shape, int StorageLength)
{
    /// <summary>A weight stored by unit, <c>[out][stride]</c>, rather than transposed, <c>[in][stride]</c>.</summary>
    public bool ByUnit { get; init; }
}

/// <summary>
/// The shape of one row of a tensor: positions × features. Positions is 1 for a dense chain; time steps for
/// recurrent layers and image positions for convolutions, whose kernels run over rows × positions like a Dense
/// kernel over rows.
/// </summary>
internal sealed record TensorShape(int Positions, int Features)
{
    public static TensorShape Vector(int features) => new(1, features);
    public int Size => Positions * Features;
    public override string ToString() => Positions == 1 ? $"{Features}" : $"{Positions} × {Features}";
}
