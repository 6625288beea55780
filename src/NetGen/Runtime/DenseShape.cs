using System.Runtime.CompilerServices;

namespace NetGen.Runtime;

/// <summary>
/// A dense layer's sizes as constants of a type: a kernel generic over it is compiled for that shape, as a C++ template
/// is, so the JIT folds the strides and the input count into its addressing and loop bounds instead of keeping them in
/// registers. A size of 0 means "not known here": the kernel reads its argument (<see cref="ArgumentShape"/>).
/// </summary>
public interface IDenseShape
{
    /// <summary>Floats between rows of the layer's input (x).</summary>
    static abstract int XStride { get; }
    /// <summary>Floats between rows of the weights (one row per input).</summary>
    static abstract int WStride { get; }
    /// <summary>Floats between rows of the layer's output (z, y, dz).</summary>
    static abstract int ZStride { get; }
    /// <summary>The layer's inputs (rows of W).</summary>
    static abstract int Inputs { get; }
    /// <summary>The layer's linear units (columns of W that hold weights; dz's width before padding).</summary>
    static abstract int Units { get; }

    /// <summary>
    /// The size <paramref name="known"/> when the shape knows it (a constant the JIT folds), else the argument. The two
    /// must agree (checked in Debug builds, which the tests run: every generated shape against its call's arguments).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Or(int known, int argument)
    {
        System.Diagnostics.Debug.Assert(known <= 0 || known == argument, $"The shape says {known}, the argument {argument}.");
        return known > 0 ? known : argument;
    }
}

/// <summary>No size known by type: every kernel reads its arguments.</summary>
public readonly struct ArgumentShape : IDenseShape
{
    /// <inheritdoc/>
    public static int XStride => 0;
    /// <inheritdoc/>
    public static int WStride => 0;
    /// <inheritdoc/>
    public static int ZStride => 0;
    /// <inheritdoc/>
    public static int Inputs => 0;
    /// <inheritdoc/>
    public static int Units => 0;
}

/// <summary>
/// The product of an input gradient by the transposed weights (<c>dx = dz·Wᵀ</c>) as a forward product of the layer
/// <typeparamref name="S"/>: its rows are dz's (the layer's output stride), its weights Wᵀ (the inputs padded to whole
/// vectors: known when they are whole vectors of every width), its outputs the layer below's rows (the layer's input
/// stride), summed over the layer's units. Its sizes are inlined: they read another shape's, and compiled without a
/// profile (Native AOT), WStride was a call.
/// </summary>
internal readonly struct TransposedShape<S> : IDenseShape where S : struct, IDenseShape
{
    public static int XStride { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => S.ZStride; }
    public static int WStride { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => S.Inputs % 16 == 0 ? S.Inputs : 0; }
    public static int ZStride { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => S.XStride; }
    public static int Inputs { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => S.Units; }
    public static int Units => 0;
}
