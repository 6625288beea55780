using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

// The members of the width types are the operations their names say, documented once on ILanes.
#pragma warning disable CS1591

/// <summary>
/// The operations of one SIMD width on its raw vector type <typeparamref name="V"/>, for kernels written once and
/// specialized per width (<see cref="DenseKernels"/>). An operations type rather than a wrapper around the vector:
/// the JIT keeps raw vectors in registers and folds an FMA into its accumulator, where a wrapper struct cost a move
/// per FMA and a spilled weight (measured in docs/buildtime.md). Each member is what the generated kernels print on
/// that width, so a kernel here computes the same bits.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ILanes<V> where V : struct
{
    /// <summary>Floats per vector.</summary>
    static abstract int Count { get; }
    static abstract V Zero { get; }
    static abstract V Load(ref float source, nuint offset);
    static abstract void Store(V value, ref float destination, nuint offset);
    static abstract V Broadcast(float value);
    /// <summary><c>a·b + c</c>: fused where the CPU has FMA (<c>MultiplyAddEstimate</c>, as the generated kernels).</summary>
    static abstract V MultiplyAdd(V a, V b, V c);
    static abstract V Add(V a, V b);
    /// <summary>The sum of the lanes, as the generated kernels' <c>VectorN.Sum</c>.</summary>
    static abstract float Sum(V value);
    /// <summary>The lane sums <c>Σa, Σb, Σc, Σd</c> stored as four neighbouring floats, as the generated kernels' <c>LaneSums.SumEach</c>.</summary>
    static abstract void StoreSums(V a, V b, V c, V d, ref float destination);
}

/// <summary>Vector512 of floats.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Lanes512 : ILanes<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;
    public static Vector512<float> Zero => Vector512<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(ref float source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Broadcast(float value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.MultiplyAddEstimate(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector512<float> value) => Vector512.Sum(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreSums(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d, ref float destination) => LaneSums.SumEach(a, b, c, d).StoreUnsafe(ref destination);
}

/// <summary>Vector256 of floats.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Lanes256 : ILanes<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;
    public static Vector256<float> Zero => Vector256<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(ref float source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Broadcast(float value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.MultiplyAddEstimate(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector256<float> value) => Vector256.Sum(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreSums(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d, ref float destination) => LaneSums.SumEach(a, b, c, d).StoreUnsafe(ref destination);
}

/// <summary>Vector128 of floats.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Lanes128 : ILanes<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;
    public static Vector128<float> Zero => Vector128<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Load(ref float source, nuint offset) => Vector128.LoadUnsafe(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Broadcast(float value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.MultiplyAddEstimate(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector128<float> value) => Vector128.Sum(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreSums(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d, ref float destination) => LaneSums.SumEach(a, b, c, d).StoreUnsafe(ref destination);
}

/// <summary>One float: the path without hardware intrinsics, computing what the generated scalar loops did.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct LanesScalar : ILanes<float>
{
    public static int Count => 1;
    public static float Zero => 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Load(ref float source, nuint offset) => Unsafe.Add(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float value, ref float destination, nuint offset) => Unsafe.Add(ref destination, offset) = value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Broadcast(float value) => value;
    // A plain multiply and add: MathF.FusedMultiplyAdd is emulated in software where the CPU has no FMA.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MultiplyAdd(float a, float b, float c) => a * b + c;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Add(float a, float b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(float value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreSums(float a, float b, float c, float d, ref float destination)
    {
        destination = a;
        Unsafe.Add(ref destination, 1) = b;
        Unsafe.Add(ref destination, 2) = c;
        Unsafe.Add(ref destination, 3) = d;
    }
}

/// <summary>
/// A layer's elementwise activation on one width, as the generated code defines it (a small struct per layer), so the
/// runtime's <see cref="DenseKernels.Linear{L, V, A}"/> computes y from the accumulators it stores z from: no second pass.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IActivation<V> where V : struct
{
    /// <summary>False: the kernel stores z only (the generated code computes y in a pass of its own).</summary>
    static abstract bool StoresY { get; }
    /// <summary>y from z.</summary>
    static abstract V Apply(V z);
}

/// <summary>The kernel stores z only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct ZOnly<V> : IActivation<V> where V : struct
{
    public static bool StoresY => false;
    public static V Apply(V z) => z;
}

/// <summary>A layer's activation derivative on one width, as the generated code defines it beside <see cref="IActivation{V}"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IActivationGradient<V> where V : struct
{
    /// <summary>dz from the gradient <paramref name="dy"/> of the layer's output, its input <paramref name="z"/> and output <paramref name="y"/>.</summary>
    static abstract V Derivative(V dy, V z, V y);
}
