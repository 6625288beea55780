using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NetGen.Runtime;

namespace NetGen.Benchmarks.Protocol;

/// <summary>Iris's 16 → 16 layer for the shared kernels' shape parameter.</summary>
internal readonly struct Iris16Dense : IDenseShape
{
    public static int XStride => 16;
    public static int WStride => 16;
    public static int ZStride => 16;
    public static int Inputs => 16;
    public static int Units => 16;
}

/// <summary>
/// The kernels of <see cref="CeilingRun"/>: iris's 16 → 16 layer, 16 rows, written as the fast C++ reference writes its
/// tiles (16 accumulators, sizes known when compiled), once by hand with every size a literal and once generic over an
/// <see cref="IDenseShape"/>. Each sums in the order NetGen's shared kernels do, so the results are bit for bit theirs.
/// </summary>
internal static class CeilingKernels
{
    /// <summary>dW[i] = Σ_r x[r, i] · dz[r] and db = Σ_r dz[r], 16 inputs × 16 rows, literals for every size.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void WeightAndBiasGradient(ref float x, ref float d, ref float gw, ref float gb)
    {
        Vector512<float> g0 = default, g1 = default, g2 = default, g3 = default, g4 = default, g5 = default, g6 = default, g7 = default, g8 = default, g9 = default, g10 = default, g11 = default, g12 = default, g13 = default, g14 = default, g15 = default;
        var bias = Vector512<float>.Zero;
        for (nuint r = 0; r < 16; r++)
        {
            var dr = Vector512.LoadUnsafe(ref d, r * 16);
            ref float xr = ref Unsafe.Add(ref x, r * 16);
            bias += dr;
            g0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xr, 0)), dr, g0);
            g1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xr, 1)), dr, g1);
            g2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xr, 2)), dr, g2);
            g3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xr, 3)), dr, g3);
            g4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xr, 4)), dr, g4);
            g5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xr, 5)), dr, g5);
            g6 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xr, 6)), dr, g6);
            g7 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xr, 7)), dr, g7);
            g8 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xr, 8)), dr, g8);
            g9 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xr, 9)), dr, g9);
            g10 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xr, 10)), dr, g10);
            g11 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xr, 11)), dr, g11);
            g12 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xr, 12)), dr, g12);
            g13 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xr, 13)), dr, g13);
            g14 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xr, 14)), dr, g14);
            g15 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xr, 15)), dr, g15);
        }
        g0.StoreUnsafe(ref gw, 0);
        g1.StoreUnsafe(ref gw, 16);
        g2.StoreUnsafe(ref gw, 32);
        g3.StoreUnsafe(ref gw, 48);
        g4.StoreUnsafe(ref gw, 64);
        g5.StoreUnsafe(ref gw, 80);
        g6.StoreUnsafe(ref gw, 96);
        g7.StoreUnsafe(ref gw, 112);
        g8.StoreUnsafe(ref gw, 128);
        g9.StoreUnsafe(ref gw, 144);
        g10.StoreUnsafe(ref gw, 160);
        g11.StoreUnsafe(ref gw, 176);
        g12.StoreUnsafe(ref gw, 192);
        g13.StoreUnsafe(ref gw, 208);
        g14.StoreUnsafe(ref gw, 224);
        g15.StoreUnsafe(ref gw, 240);
        bias.StoreUnsafe(ref gb);
    }

    /// <summary>dz of the layer below = (Σ_o dz[r, o] · Wᵀ[o]) where its y &gt; 0, 16 rows, literals for every size.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void InputGradient(ref float d, ref float transposed, ref float belowY, ref float dx)
    {
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default, a8 = default, a9 = default, a10 = default, a11 = default, a12 = default, a13 = default, a14 = default, a15 = default;
        for (nuint i = 0; i < 16; i++)
        {
            var wi = Vector512.LoadUnsafe(ref transposed, i * 16);
            ref float xi = ref Unsafe.Add(ref d, i);
            a0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 0)), wi, a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 16)), wi, a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 32)), wi, a2);
            a3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 48)), wi, a3);
            a4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 64)), wi, a4);
            a5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 80)), wi, a5);
            a6 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 96)), wi, a6);
            a7 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 112)), wi, a7);
            a8 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 128)), wi, a8);
            a9 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 144)), wi, a9);
            a10 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 160)), wi, a10);
            a11 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 176)), wi, a11);
            a12 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 192)), wi, a12);
            a13 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 208)), wi, a13);
            a14 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 224)), wi, a14);
            a15 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 240)), wi, a15);
        }
        Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.LoadUnsafe(ref belowY, 0), Vector512<float>.Zero), a0, Vector512<float>.Zero).StoreUnsafe(ref dx, 0);
        Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.LoadUnsafe(ref belowY, 16), Vector512<float>.Zero), a1, Vector512<float>.Zero).StoreUnsafe(ref dx, 16);
        Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.LoadUnsafe(ref belowY, 32), Vector512<float>.Zero), a2, Vector512<float>.Zero).StoreUnsafe(ref dx, 32);
        Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.LoadUnsafe(ref belowY, 48), Vector512<float>.Zero), a3, Vector512<float>.Zero).StoreUnsafe(ref dx, 48);
        Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.LoadUnsafe(ref belowY, 64), Vector512<float>.Zero), a4, Vector512<float>.Zero).StoreUnsafe(ref dx, 64);
        Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.LoadUnsafe(ref belowY, 80), Vector512<float>.Zero), a5, Vector512<float>.Zero).StoreUnsafe(ref dx, 80);
        Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.LoadUnsafe(ref belowY, 96), Vector512<float>.Zero), a6, Vector512<float>.Zero).StoreUnsafe(ref dx, 96);
        Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.LoadUnsafe(ref belowY, 112), Vector512<float>.Zero), a7, Vector512<float>.Zero).StoreUnsafe(ref dx, 112);
        Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.LoadUnsafe(ref belowY, 128), Vector512<float>.Zero), a8, Vector512<float>.Zero).StoreUnsafe(ref dx, 128);
        Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.LoadUnsafe(ref belowY, 144), Vector512<float>.Zero), a9, Vector512<float>.Zero).StoreUnsafe(ref dx, 144);
        Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.LoadUnsafe(ref belowY, 160), Vector512<float>.Zero), a10, Vector512<float>.Zero).StoreUnsafe(ref dx, 160);
        Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.LoadUnsafe(ref belowY, 176), Vector512<float>.Zero), a11, Vector512<float>.Zero).StoreUnsafe(ref dx, 176);
        Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.LoadUnsafe(ref belowY, 192), Vector512<float>.Zero), a12, Vector512<float>.Zero).StoreUnsafe(ref dx, 192);
        Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.LoadUnsafe(ref belowY, 208), Vector512<float>.Zero), a13, Vector512<float>.Zero).StoreUnsafe(ref dx, 208);
        Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.LoadUnsafe(ref belowY, 224), Vector512<float>.Zero), a14, Vector512<float>.Zero).StoreUnsafe(ref dx, 224);
        Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.LoadUnsafe(ref belowY, 240), Vector512<float>.Zero), a15, Vector512<float>.Zero).StoreUnsafe(ref dx, 240);
    }

    /// <summary>z = b + x·W, y = max(z, 0), 16 rows, literals for every size.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Forward(ref float x, ref float weights, ref float b, ref float z, ref float y)
    {
        var bias = Vector512.LoadUnsafe(ref b);
        Vector512<float> a0 = bias, a1 = bias, a2 = bias, a3 = bias, a4 = bias, a5 = bias, a6 = bias, a7 = bias, a8 = bias, a9 = bias, a10 = bias, a11 = bias, a12 = bias, a13 = bias, a14 = bias, a15 = bias;
        for (nuint i = 0; i < 16; i++)
        {
            var wi = Vector512.LoadUnsafe(ref weights, i * 16);
            ref float xi = ref Unsafe.Add(ref x, i);
            a0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 0)), wi, a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 16)), wi, a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 32)), wi, a2);
            a3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 48)), wi, a3);
            a4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 64)), wi, a4);
            a5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 80)), wi, a5);
            a6 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 96)), wi, a6);
            a7 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 112)), wi, a7);
            a8 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 128)), wi, a8);
            a9 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 144)), wi, a9);
            a10 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 160)), wi, a10);
            a11 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 176)), wi, a11);
            a12 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 192)), wi, a12);
            a13 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 208)), wi, a13);
            a14 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 224)), wi, a14);
            a15 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 240)), wi, a15);
        }
        a0.StoreUnsafe(ref z, 0);
        Vector512.Max(a0, Vector512<float>.Zero).StoreUnsafe(ref y, 0);
        a1.StoreUnsafe(ref z, 16);
        Vector512.Max(a1, Vector512<float>.Zero).StoreUnsafe(ref y, 16);
        a2.StoreUnsafe(ref z, 32);
        Vector512.Max(a2, Vector512<float>.Zero).StoreUnsafe(ref y, 32);
        a3.StoreUnsafe(ref z, 48);
        Vector512.Max(a3, Vector512<float>.Zero).StoreUnsafe(ref y, 48);
        a4.StoreUnsafe(ref z, 64);
        Vector512.Max(a4, Vector512<float>.Zero).StoreUnsafe(ref y, 64);
        a5.StoreUnsafe(ref z, 80);
        Vector512.Max(a5, Vector512<float>.Zero).StoreUnsafe(ref y, 80);
        a6.StoreUnsafe(ref z, 96);
        Vector512.Max(a6, Vector512<float>.Zero).StoreUnsafe(ref y, 96);
        a7.StoreUnsafe(ref z, 112);
        Vector512.Max(a7, Vector512<float>.Zero).StoreUnsafe(ref y, 112);
        a8.StoreUnsafe(ref z, 128);
        Vector512.Max(a8, Vector512<float>.Zero).StoreUnsafe(ref y, 128);
        a9.StoreUnsafe(ref z, 144);
        Vector512.Max(a9, Vector512<float>.Zero).StoreUnsafe(ref y, 144);
        a10.StoreUnsafe(ref z, 160);
        Vector512.Max(a10, Vector512<float>.Zero).StoreUnsafe(ref y, 160);
        a11.StoreUnsafe(ref z, 176);
        Vector512.Max(a11, Vector512<float>.Zero).StoreUnsafe(ref y, 176);
        a12.StoreUnsafe(ref z, 192);
        Vector512.Max(a12, Vector512<float>.Zero).StoreUnsafe(ref y, 192);
        a13.StoreUnsafe(ref z, 208);
        Vector512.Max(a13, Vector512<float>.Zero).StoreUnsafe(ref y, 208);
        a14.StoreUnsafe(ref z, 224);
        Vector512.Max(a14, Vector512<float>.Zero).StoreUnsafe(ref y, 224);
        a15.StoreUnsafe(ref z, 240);
        Vector512.Max(a15, Vector512<float>.Zero).StoreUnsafe(ref y, 240);
    }

    /// <summary>
    /// 16 rows of a one-vector layer, sizes from <typeparamref name="S"/>: z = b + x·W through <typeparamref name="A"/>'s store
    /// (y, or the layer below's dz when the rows are an input gradient), as DenseKernels.Linear's row blocks.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Rows16<S, A>(ref float x, ref float weights, ref float b, ref float z, ref float y)
        where S : struct, IDenseShape where A : struct, IActivation<Vector512<float>>
    {
        var bias = Unsafe.IsNullRef(ref b) ? Vector512<float>.Zero : Vector512.LoadUnsafe(ref b);
        Vector512<float> a0 = bias, a1 = bias, a2 = bias, a3 = bias, a4 = bias, a5 = bias, a6 = bias, a7 = bias, a8 = bias, a9 = bias, a10 = bias, a11 = bias, a12 = bias, a13 = bias, a14 = bias, a15 = bias;
        nuint s = (nuint)S.XStride;
        for (nuint i = 0; i < (nuint)S.Inputs; i++)
        {
            var wi = Vector512.LoadUnsafe(ref weights, i * (nuint)S.WStride);
            ref float xi = ref Unsafe.Add(ref x, i);
            a0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 0)), wi, a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 1 * s)), wi, a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 2 * s)), wi, a2);
            a3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 3 * s)), wi, a3);
            a4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 4 * s)), wi, a4);
            a5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 5 * s)), wi, a5);
            a6 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 6 * s)), wi, a6);
            a7 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 7 * s)), wi, a7);
            a8 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 8 * s)), wi, a8);
            a9 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 9 * s)), wi, a9);
            a10 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 10 * s)), wi, a10);
            a11 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 11 * s)), wi, a11);
            a12 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 12 * s)), wi, a12);
            a13 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 13 * s)), wi, a13);
            a14 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 14 * s)), wi, a14);
            a15 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref xi, 15 * s)), wi, a15);
        }
        nuint n = (nuint)S.ZStride;
        Store<A>(ref z, ref y, 0 * n, a0);
        Store<A>(ref z, ref y, 1 * n, a1);
        Store<A>(ref z, ref y, 2 * n, a2);
        Store<A>(ref z, ref y, 3 * n, a3);
        Store<A>(ref z, ref y, 4 * n, a4);
        Store<A>(ref z, ref y, 5 * n, a5);
        Store<A>(ref z, ref y, 6 * n, a6);
        Store<A>(ref z, ref y, 7 * n, a7);
        Store<A>(ref z, ref y, 8 * n, a8);
        Store<A>(ref z, ref y, 9 * n, a9);
        Store<A>(ref z, ref y, 10 * n, a10);
        Store<A>(ref z, ref y, 11 * n, a11);
        Store<A>(ref z, ref y, 12 * n, a12);
        Store<A>(ref z, ref y, 13 * n, a13);
        Store<A>(ref z, ref y, 14 * n, a14);
        Store<A>(ref z, ref y, 15 * n, a15);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<A>(ref float z, ref float y, nuint offset, Vector512<float> value) where A : struct, IActivation<Vector512<float>>
    {
        if (A.StoresDerivative)
        {
            A.DerivativeAt(value, ref y, offset).StoreUnsafe(ref z, offset);
            return;
        }
        value.StoreUnsafe(ref z, offset);
        if (A.StoresY)
            A.Apply(value).StoreUnsafe(ref y, offset);
    }
}
