namespace NetGen.Generators.Model;

/// <summary>
/// Names the generated code writes without qualification, through its using directives: a type or member of the user's
/// with one of these names (the network class itself, a type nested in it, one of its members, or a type in an
/// enclosing namespace) would capture the name inside the generated file, so the parser refuses it (NG0018).
/// ImportedNamesTests reads the generated code's semantic model and keeps this list exact.
/// </summary>
internal static class GeneratedNames
{
    /// <summary>The namespaces the generated file imports (its using directives, printed from this list).</summary>
    public static readonly string[] ImportedNamespaces =
        ["System", "System.IO", "System.Runtime.CompilerServices", "System.Runtime.InteropServices", "System.Runtime.Intrinsics", "NetGen.Runtime"];

    /// <summary>The types of those namespaces the generated code names unqualified, as it spells them.</summary>
    public static readonly string[] ImportedTypes =
    [
        "AlignedBuffer", "ArgumentOutOfRangeException", "AtomicFile", "CheckpointFile", "ConcurrentUseGuard", "DenseKernels", "DeterministicRandom", "File", "IActivation", "IActivationGradient", "ILanes", "LaneKernels", "LaneSums", "Lanes128", "Lanes256", "Lanes512", "LanesScalar", "LossKernels", "Math", "MathF", "MemoryMarshal",
        "MethodImpl", "MethodImplOptions", "NetworkCheckpoint", "NewtonSolver", "NotSupportedException", "OptimizerKernels", "ReadOnlySpan", "Span",
        "AdamStep", "StoreForwarding", "Stream", "ThrowHelper", "UnitRowKernels", "Unsafe", "Vector128", "Vector256", "Vector512", "VectorMath", "WeightsFile",
        "WeightsFileWriter", "ZOnly", "nuint", "IFusedActivationGradient", "StoreDerivative", "RowCopy", "ParameterLayout", "IDenseShape",
    ];
}
