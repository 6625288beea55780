namespace NetGen.Generators.Model;

/// <summary>
/// One code path of the generated kernels: Vector512, Vector256, Vector128, or scalar (width 1).
/// It knows how each operation is spelled on that path, so kernels and activation formulas are
/// written once and printed for every width.
/// </summary>
internal sealed record SimdWidth(string Name, int Width)
{
    public static readonly SimdWidth Vector512 = new("Vector512", 16);
    public static readonly SimdWidth Vector256 = new("Vector256", 8);
    public static readonly SimdWidth Vector128 = new("Vector128", 4);
    public static readonly SimdWidth Scalar = new("Scalar", 1);
    /// <summary>
    /// A layer method's body written once over the type parameters <c>L</c> (the runtime's operations type, ILanes) and
    /// <c>V</c> (its vector), when every width-specific part of it is a type argument of the runtime's kernels; the
    /// dispatcher names each width's types. It spells no operation itself.
    /// </summary>
    public static readonly SimdWidth Generic = new("Generic", 0);

    /// <summary>Widest first: the order of the generated <c>if</c> chain.</summary>
    public static readonly SimdWidth[] All = [Vector512, Vector256, Vector128, Scalar];

    /// <summary>The paths printed below <paramref name="widest"/>: it, the narrower vectors, then scalar.</summary>
    public static System.Collections.Generic.IEnumerable<SimdWidth> UpTo(SimdWidth widest) =>
        System.Linq.Enumerable.Where(All, width => width.Width <= widest.Width);

    public bool IsScalar => Width == 1;
    public bool IsGeneric => Width == 0;
    /// <summary>The runtime's operations type of this width (NetGen.Runtime.ILanes), the type arguments of its shared kernels.</summary>
    public string LaneTypes => IsGeneric ? "L, V" : IsScalar ? "LanesScalar, float" : $"Lanes{Width * 32}, {Type}";
    public string Guard => $"{Name}.IsHardwareAccelerated";
    public string Type => IsGeneric ? "V" : IsScalar ? "float" : $"{Name}<float>";
    public string Zero => IsScalar ? "0f" : $"{Name}<float>.Zero";
    public string One => IsScalar ? "1f" : $"{Name}<float>.One";

    public string Broadcast(string scalar) => IsScalar ? scalar : $"{Name}.Create({scalar})";
    public string Constant(float value) => Broadcast(Literals.Float(value));
    public string Load(string reference, int offset) => IsScalar ? $"Unsafe.Add(ref {reference}, {offset})" : $"{Name}.LoadUnsafe(ref {reference}, {offset})";
    public string Store(string value, string reference, int offset) => IsScalar ? $"Unsafe.Add(ref {reference}, {offset}) = {value};" : $"{value}.StoreUnsafe(ref {reference}, {offset});";

    /// <summary>Load at a <c>nuint</c> index variable.</summary>
    public string LoadAt(string reference, string index) => IsScalar ? $"Unsafe.Add(ref {reference}, {index})" : $"{Name}.LoadUnsafe(ref {reference}, {index})";
    public string StoreAt(string value, string reference, string index, bool wrap = false) =>
        IsScalar ? $"Unsafe.Add(ref {reference}, {index}) = {value};" : $"{(wrap ? "(" + value + ")" : value)}.StoreUnsafe(ref {reference}, {index});";

    /// <summary><c>a·b + c</c>: fused where the CPU has FMA, never emulated where it does not.</summary>
    public string MultiplyAdd(string a, string b, string c) => IsScalar ? $"{a} * {b} + {c}" : $"{Name}.MultiplyAddEstimate({a}, {b}, {c})";
    public string Max(string a, string b) => IsScalar ? $"MathF.Max({a}, {b})" : $"{Name}.Max({a}, {b})";
    /// <summary>
    /// <c>max(z, 0)</c> as one instruction: x86's max returns its second operand when either is NaN, so a NaN z stays NaN
    /// (torch.relu's result) without the fix-up <c>Max</c>'s IEEE semantics cost. A -0 z gives -0 where MathF.Max gives +0.
    /// </summary>
    public string MaxWithZero(string z) => IsScalar ? $"MathF.Max({z}, 0f)" : $"{Name}.MaxNative({Zero}, {z})";
    public string Min(string a, string b) => IsScalar ? $"MathF.Min({a}, {b})" : $"{Name}.Min({a}, {b})";
    public string Exp(string x) => IsScalar ? $"MathF.Exp({x})" : $"VectorMath.Exp({x})";
    /// <summary><paramref name="whenTrue"/> where <c>x ≥ 0</c>.</summary>
    public string WhereNonNegative(string x, string whenTrue, string whenFalse) => IsScalar
        ? $"({x} >= 0f ? {whenTrue} : {whenFalse})"
        : $"{Name}.ConditionalSelect({Name}.GreaterThanOrEqual({x}, {Zero}), {whenTrue}, {whenFalse})";
    /// <summary><paramref name="whenTrue"/> where <c>|x| &lt; limit</c>.</summary>
    public string WhereAbsLess(string x, float limit, string whenTrue, string whenFalse) => IsScalar
        ? $"(MathF.Abs({x}) < {Literals.Float(limit)} ? {whenTrue} : {whenFalse})"
        : $"{Name}.ConditionalSelect({Name}.LessThan({Name}.Abs({x}), {Constant(limit)}), {whenTrue}, {whenFalse})";
    // Scalar conditionals are parenthesized: they are used inside larger expressions (a + (c ? x : y)).
    public string WherePositive(string condition, string whenTrue, string whenFalse) => IsScalar
        ? $"({condition} > 0f ? {whenTrue} : {whenFalse})"
        : $"{Name}.ConditionalSelect({Name}.GreaterThan({condition}, {Zero}), {whenTrue}, {whenFalse})";
    public string Sum(string vector) => IsScalar ? vector : $"{Name}.Sum({vector})";
}
