namespace NetGen.Generators.Model;

/// <summary>
/// A node of the network: one declared layer, reading the tensor the node before it wrote (the network's input for
/// the first). What every kind has in common lives here; its own record (<see cref="DenseSpec"/>) says the rest.
/// </summary>
/// <param name="Index">The node's place in the network, from 0.</param>
/// <param name="Input">The shape of one row of the tensor it reads.</param>
internal abstract record NodeSpec(int Index, TensorShape Input)
{
    /// <summary>The shape of one row of the tensor it writes.</summary>
    public abstract TensorShape Output { get; }
    /// <summary>Every parameter of its state_dict tensors, frozen or not.</summary>
    public abstract int ParameterCount { get; }
    /// <summary>Its part of <c>NetworkSpec.Architecture</c>, what a weights file must agree with: "8 Tanh".</summary>
    public abstract string ArchitectureToken { get; }
    /// <summary>False for <c>Trainable = false</c>: a frozen node, never stepped, decayed or clipped.</summary>
    public bool Trainable { get; init; } = true;
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
