using System;
using System.Runtime.CompilerServices;

namespace NetGen.Runtime;

// A layer stored by unit, backward: the weight and input gradients, alone or in one pass over the rows.
public static partial class UnitRowKernels
{
    /// <summary>
    /// <c>dW[o, i] = Σ_r dz[r, o] · x[r, i]</c>, stored (not added) into rows <paramref name="gwStride"/> apart; the lanes
    /// past the inputs get zeros. Four units at a time: each row's inputs are loaded once for the four sums. Two or more
    /// units take two vectors of inputs a pass over the rows, a chain a unit and vector (each row's dz broadcast once for
    /// both, <see cref="WeightGradientOfTwoVectors{L, V}"/>); a vector left, or one unit, runs each sum in two chains (even
    /// and odd rows), so eight FMAs overlap.
    /// </summary>
    public static void WeightGradient<L, V>(ref float x, int xStride, ref float d, int dStride, ref float gw, int gwStride, int rows, int inputs, int units)
        where L : struct, ILanes<V> where V : struct =>
        WeightGradient<L, V, ArgumentShape>(ref x, xStride, ref d, dStride, ref gw, gwStride, rows, inputs, units);

    /// <summary><see cref="WeightGradient{L, V}"/> compiled for the layer <typeparamref name="S"/>: its sizes and strides are constants.</summary>
    public static void WeightGradient<L, V, S>(ref float x, int xStride, ref float d, int dStride, ref float gw, int gwStride, int rows, int inputs, int units)
        where L : struct, ILanes<V> where V : struct where S : struct, IDenseShape
    {
        xStride = IDenseShape.Or(S.XStride, xStride); dStride = IDenseShape.Or(S.ZStride, dStride);
        gwStride = IDenseShape.Or(S.WStride, gwStride); inputs = IDenseShape.Or(S.Inputs, inputs); units = IDenseShape.Or(S.Units, units);
        for (int o = 0; o < units; o += 4)
        {
            int count = Math.Min(4, units - o), c = 0;
            if (count > 1)
                for (; c + L.Count < inputs; c += 2 * L.Count)
                    WeightGradientOfTwoVectors<L, V>(ref x, xStride, ref Unsafe.Add(ref d, o), dStride, ref Unsafe.Add(ref gw, o * gwStride), gwStride, rows, inputs, count, c);
            for (; c < inputs; c += L.Count)
            {
                V e0 = L.Zero, e1 = L.Zero, e2 = L.Zero, e3 = L.Zero, o0 = L.Zero, o1 = L.Zero, o2 = L.Zero, o3 = L.Zero;
                int r = 0;
                // Both rows' references stepped, not recomputed from r (the JIT does not strength-reduce r · stride).
                ref float de = ref Unsafe.Add(ref d, o), xr = ref x;
                for (; r + 1 < rows; r += 2)
                {
                    ref float dd = ref Unsafe.Add(ref de, dStride);
                    V xe = InputsAt<L, V>(ref xr, c, inputs);
                    V xo = InputsAt<L, V>(ref Unsafe.Add(ref xr, xStride), c, inputs);
                    e0 = L.MultiplyAdd(L.Broadcast(de), xe, e0);
                    o0 = L.MultiplyAdd(L.Broadcast(dd), xo, o0);
                    if (count > 1) { e1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref de, 1)), xe, e1); o1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref dd, 1)), xo, o1); }
                    if (count > 2) { e2 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref de, 2)), xe, e2); o2 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref dd, 2)), xo, o2); }
                    if (count > 3) { e3 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref de, 3)), xe, e3); o3 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref dd, 3)), xo, o3); }
                    de = ref Unsafe.Add(ref de, 2 * dStride);
                    xr = ref Unsafe.Add(ref xr, 2 * xStride);
                }
                if (r < rows)
                {
                    V xe = InputsAt<L, V>(ref xr, c, inputs);
                    e0 = L.MultiplyAdd(L.Broadcast(de), xe, e0);
                    if (count > 1) e1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref de, 1)), xe, e1);
                    if (count > 2) e2 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref de, 2)), xe, e2);
                    if (count > 3) e3 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref de, 3)), xe, e3);
                }
                ref float g = ref Unsafe.Add(ref gw, o * gwStride);
                L.Store(L.Add(e0, o0), ref g, (nuint)c);
                if (count > 1) L.Store(L.Add(e1, o1), ref Unsafe.Add(ref g, gwStride), (nuint)c);
                if (count > 2) L.Store(L.Add(e2, o2), ref Unsafe.Add(ref g, 2 * gwStride), (nuint)c);
                if (count > 3) L.Store(L.Add(e3, o3), ref Unsafe.Add(ref g, 3 * gwStride), (nuint)c);
            }
        }
    }

    /// <summary>
    /// <c>dx[r, i] = Σ_o dz[r, o] · W[o, i]</c>, stored into rows <paramref name="dxStride"/> apart, whole vectors (the
    /// weights' zero padding gives zeros past the inputs). Four units at a time, their weight vectors kept in registers
    /// across the rows; a missing unit's weights are zeros.
    /// </summary>
    public static void InputGradient<L, V>(ref float w, int wStride, ref float d, int dStride, ref float dx, int dxStride, int rows, int inputs, int units)
        where L : struct, ILanes<V> where V : struct =>
        InputGradient<L, V, ZOnly<V>, ArgumentShape>(ref w, wStride, ref d, dStride, ref dx, dxStride, rows, inputs, units, ref Unsafe.NullRef<float>());

    /// <summary>
    /// <see cref="InputGradient{L, V}"/> storing the layer below's dz: <typeparamref name="A"/> (a
    /// <see cref="StoreDerivative{L, V, G}"/>) takes its derivative at <paramref name="belowZ"/>, that layer's z, as the last
    /// four units store. Compiled for the layer <typeparamref name="S"/>: its sizes and strides are constants (the layer
    /// below's rows are its input's).
    /// </summary>
    public static void InputGradient<L, V, A, S>(ref float w, int wStride, ref float d, int dStride, ref float dx, int dxStride, int rows, int inputs, int units, ref float belowZ)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where S : struct, IDenseShape
    {
        wStride = IDenseShape.Or(S.WStride, wStride); dStride = IDenseShape.Or(S.ZStride, dStride);
        dxStride = IDenseShape.Or(S.XStride, dxStride); inputs = IDenseShape.Or(S.Inputs, inputs); units = IDenseShape.Or(S.Units, units);
        for (int o = 0; o < units; o += 4)
            for (int c = 0; c < inputs; c += L.Count)
            {
                V w0 = WeightsAt<L, V>(ref w, wStride, o, c, units), w1 = WeightsAt<L, V>(ref w, wStride, o + 1, c, units);
                V w2 = WeightsAt<L, V>(ref w, wStride, o + 2, c, units), w3 = WeightsAt<L, V>(ref w, wStride, o + 3, c, units);
                bool first = o == 0, last = o + 4 >= units; // the first four units store, the others add
                // The row's references stepped, not recomputed from r (the JIT does not strength-reduce r · stride).
                ref float dr = ref Unsafe.Add(ref d, o), target = ref dx;
                ref float z = ref A.StoresDerivative ? ref belowZ : ref Unsafe.NullRef<float>();
                for (int r = 0; r < rows; r++)
                {
                    V sum = first ? L.Zero : L.Load(ref target, (nuint)c);
                    sum = L.MultiplyAdd(L.Broadcast(dr), w0, sum);
                    // Units past the last add nothing: no multiply-add of zeros on the row's chain (iris's 3 units).
                    if (o + 1 < units)
                        sum = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref dr, 1)), w1, sum);
                    if (o + 2 < units)
                        sum = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref dr, 2)), w2, sum);
                    if (o + 3 < units)
                        sum = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref dr, 3)), w3, sum);
                    if (A.StoresDerivative && last)
                        sum = A.DerivativeAt(sum, ref z, (nuint)c);
                    L.Store(sum, ref target, (nuint)c);
                    dr = ref Unsafe.Add(ref dr, dStride);
                    target = ref Unsafe.Add(ref target, dxStride);
                    if (A.StoresDerivative)
                        z = ref Unsafe.Add(ref z, dxStride);
                }
            }
    }

    /// <summary>
    /// A trainable layer's backward in one pass over the rows, with its input gradient: the bias gradient
    /// (<see cref="DenseKernels.BiasGradient{L, V}"/>, unless <paramref name="gb"/> is a null reference), the weight
    /// gradient into <paramref name="gw"/> (rows <paramref name="wStride"/> apart, as the weights) and the input gradient,
    /// the same sums in the same order as <see cref="WeightGradient{L, V, S}"/> and <see cref="InputGradient{L, V, A, S}"/>
    /// (the same bits). Each row's dz is broadcast once for both; the units' weights and the weight gradients' two chains
    /// stay in registers across the rows (docs/design.md, "A narrow output layer is stored by unit", has the timings).
    /// At most four units, as every layer stored by unit (<see cref="ArgumentOutOfRangeException"/> otherwise).
    /// </summary>
    public static void Backward<L, V, A, S>(ref float x, int xStride, ref float d, int dStride, ref float w, int wStride, ref float gw, ref float gb,
        ref float dx, int dxStride, int rows, int inputs, int units, ref float belowZ)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where S : struct, IDenseShape
    {
        xStride = IDenseShape.Or(S.XStride, xStride); dStride = IDenseShape.Or(S.ZStride, dStride); wStride = IDenseShape.Or(S.WStride, wStride);
        dxStride = IDenseShape.Or(S.XStride, dxStride); inputs = IDenseShape.Or(S.Inputs, inputs); units = IDenseShape.Or(S.Units, units);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(units, 4);
        if (!Unsafe.IsNullRef(ref gb))
            DenseKernels.BiasGradient<L, V>(ref d, dStride, ref gb, rows, (units + L.Count - 1) / L.Count * L.Count);
        int c = 0;
        // Two vectors of inputs a pass where two units or more give four chains or more (as WeightGradient): half the
        // broadcasts of dz (iris's 16 inputs are two Vector256s).
        if (units > 1)
            for (; c + L.Count < inputs; c += 2 * L.Count)
                BackwardOfTwoVectors<L, V, A>(ref x, xStride, ref d, dStride, ref w, wStride, ref gw, ref dx, dxStride, ref belowZ, rows, inputs, units, c);
        for (; c < inputs; c += L.Count)
        {
            V w0 = WeightsAt<L, V>(ref w, wStride, 0, c, units), w1 = WeightsAt<L, V>(ref w, wStride, 1, c, units);
            V w2 = WeightsAt<L, V>(ref w, wStride, 2, c, units), w3 = WeightsAt<L, V>(ref w, wStride, 3, c, units);
            V e0 = L.Zero, e1 = L.Zero, e2 = L.Zero, e3 = L.Zero, o0 = L.Zero, o1 = L.Zero, o2 = L.Zero, o3 = L.Zero;
            ref float de = ref d, xr = ref x, target = ref dx;
            ref float z = ref A.StoresDerivative ? ref belowZ : ref Unsafe.NullRef<float>();
            int r = 0;
            for (; r + 1 < rows; r += 2)
            {
                ref float dd = ref Unsafe.Add(ref de, dStride);
                V xe = InputsAt<L, V>(ref xr, c, inputs), xo = InputsAt<L, V>(ref Unsafe.Add(ref xr, xStride), c, inputs);
                V be0 = L.Broadcast(de), bo0 = L.Broadcast(dd);
                V be1 = units > 1 ? L.Broadcast(Unsafe.Add(ref de, 1)) : L.Zero, bo1 = units > 1 ? L.Broadcast(Unsafe.Add(ref dd, 1)) : L.Zero;
                V be2 = units > 2 ? L.Broadcast(Unsafe.Add(ref de, 2)) : L.Zero, bo2 = units > 2 ? L.Broadcast(Unsafe.Add(ref dd, 2)) : L.Zero;
                V be3 = units > 3 ? L.Broadcast(Unsafe.Add(ref de, 3)) : L.Zero, bo3 = units > 3 ? L.Broadcast(Unsafe.Add(ref dd, 3)) : L.Zero;
                e0 = L.MultiplyAdd(be0, xe, e0); o0 = L.MultiplyAdd(bo0, xo, o0);
                if (units > 1) { e1 = L.MultiplyAdd(be1, xe, e1); o1 = L.MultiplyAdd(bo1, xo, o1); }
                if (units > 2) { e2 = L.MultiplyAdd(be2, xe, e2); o2 = L.MultiplyAdd(bo2, xo, o2); }
                if (units > 3) { e3 = L.MultiplyAdd(be3, xe, e3); o3 = L.MultiplyAdd(bo3, xo, o3); }
                StoreInputGradient<L, V, A>(ref target, ref z, c, units, be0, be1, be2, be3, w0, w1, w2, w3);
                StoreInputGradient<L, V, A>(ref Unsafe.Add(ref target, dxStride), ref A.StoresDerivative ? ref Unsafe.Add(ref z, dxStride) : ref z, c, units,
                    bo0, bo1, bo2, bo3, w0, w1, w2, w3);
                de = ref Unsafe.Add(ref de, 2 * dStride);
                xr = ref Unsafe.Add(ref xr, 2 * xStride);
                target = ref Unsafe.Add(ref target, 2 * dxStride);
                if (A.StoresDerivative)
                    z = ref Unsafe.Add(ref z, 2 * dxStride);
            }
            if (r < rows)
            {
                V xe = InputsAt<L, V>(ref xr, c, inputs);
                V be0 = L.Broadcast(de);
                V be1 = units > 1 ? L.Broadcast(Unsafe.Add(ref de, 1)) : L.Zero, be2 = units > 2 ? L.Broadcast(Unsafe.Add(ref de, 2)) : L.Zero;
                V be3 = units > 3 ? L.Broadcast(Unsafe.Add(ref de, 3)) : L.Zero;
                e0 = L.MultiplyAdd(be0, xe, e0);
                if (units > 1) e1 = L.MultiplyAdd(be1, xe, e1);
                if (units > 2) e2 = L.MultiplyAdd(be2, xe, e2);
                if (units > 3) e3 = L.MultiplyAdd(be3, xe, e3);
                StoreInputGradient<L, V, A>(ref target, ref z, c, units, be0, be1, be2, be3, w0, w1, w2, w3);
            }
            L.Store(L.Add(e0, o0), ref gw, (nuint)c);
            if (units > 1) L.Store(L.Add(e1, o1), ref Unsafe.Add(ref gw, wStride), (nuint)c);
            if (units > 2) L.Store(L.Add(e2, o2), ref Unsafe.Add(ref gw, 2 * wStride), (nuint)c);
            if (units > 3) L.Store(L.Add(e3, o3), ref Unsafe.Add(ref gw, 3 * wStride), (nuint)c);
        }
    }

    /// <summary>
    /// The weight gradients of <paramref name="count"/> (2 to 4) units at inputs <paramref name="c"/> and the vector after it
    /// (the only one that may pass the inputs), one chain each over the rows: each row's dz broadcast once for both vectors.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WeightGradientOfTwoVectors<L, V>(ref float x, int xStride, ref float d, int dStride, ref float gw, int gwStride, int rows, int inputs, int count, int c)
        where L : struct, ILanes<V> where V : struct
    {
        int c1 = c + L.Count;
        V e0 = L.Zero, e1 = L.Zero, e2 = L.Zero, e3 = L.Zero, f0 = L.Zero, f1 = L.Zero, f2 = L.Zero, f3 = L.Zero;
        ref float dr = ref d, xr = ref x;
        for (int r = 0; r < rows; r++)
        {
            V xe = L.Load(ref xr, (nuint)c), xf = InputsAt<L, V>(ref xr, c1, inputs);
            V b0 = L.Broadcast(dr), b1 = L.Broadcast(Unsafe.Add(ref dr, 1));
            e0 = L.MultiplyAdd(b0, xe, e0); f0 = L.MultiplyAdd(b0, xf, f0);
            e1 = L.MultiplyAdd(b1, xe, e1); f1 = L.MultiplyAdd(b1, xf, f1);
            if (count > 2) { V b2 = L.Broadcast(Unsafe.Add(ref dr, 2)); e2 = L.MultiplyAdd(b2, xe, e2); f2 = L.MultiplyAdd(b2, xf, f2); }
            if (count > 3) { V b3 = L.Broadcast(Unsafe.Add(ref dr, 3)); e3 = L.MultiplyAdd(b3, xe, e3); f3 = L.MultiplyAdd(b3, xf, f3); }
            dr = ref Unsafe.Add(ref dr, dStride);
            xr = ref Unsafe.Add(ref xr, xStride);
        }
        StoreTwoVectors<L, V>(e0, e1, e2, e3, f0, f1, f2, f3, ref gw, gwStride, c, count);
    }

    /// <summary>
    /// <see cref="Backward{L, V, A, S}"/> at inputs <paramref name="c"/> and the vector after it, for 2 to 4 units: the
    /// weight gradients as <see cref="WeightGradientOfTwoVectors{L, V}"/> sums them, each row's input gradient as
    /// <see cref="InputGradient{L, V, A, S}"/> does, the row's dz broadcast once for all four. The weights are read
    /// where they are used (16 registers hold the sums, broadcasts and inputs, not the weights too).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BackwardOfTwoVectors<L, V, A>(ref float x, int xStride, ref float d, int dStride, ref float w, int wStride, ref float gw,
        ref float dx, int dxStride, ref float belowZ, int rows, int inputs, int units, int c)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V>
    {
        int c1 = c + L.Count;
        V e0 = L.Zero, e1 = L.Zero, e2 = L.Zero, e3 = L.Zero, f0 = L.Zero, f1 = L.Zero, f2 = L.Zero, f3 = L.Zero;
        ref float dr = ref d, xr = ref x, target = ref dx;
        ref float z = ref A.StoresDerivative ? ref belowZ : ref Unsafe.NullRef<float>();
        for (int r = 0; r < rows; r++)
        {
            V xe = L.Load(ref xr, (nuint)c), xf = InputsAt<L, V>(ref xr, c1, inputs);
            V b0 = L.Broadcast(dr), b1 = L.Broadcast(Unsafe.Add(ref dr, 1));
            V b2 = units > 2 ? L.Broadcast(Unsafe.Add(ref dr, 2)) : L.Zero, b3 = units > 3 ? L.Broadcast(Unsafe.Add(ref dr, 3)) : L.Zero;
            e0 = L.MultiplyAdd(b0, xe, e0); f0 = L.MultiplyAdd(b0, xf, f0);
            e1 = L.MultiplyAdd(b1, xe, e1); f1 = L.MultiplyAdd(b1, xf, f1);
            if (units > 2) { e2 = L.MultiplyAdd(b2, xe, e2); f2 = L.MultiplyAdd(b2, xf, f2); }
            if (units > 3) { e3 = L.MultiplyAdd(b3, xe, e3); f3 = L.MultiplyAdd(b3, xf, f3); }
            StoreInputGradient<L, V, A>(ref target, ref z, c, units, b0, b1, b2, b3,
                WeightsAt<L, V>(ref w, wStride, 0, c, units), WeightsAt<L, V>(ref w, wStride, 1, c, units), WeightsAt<L, V>(ref w, wStride, 2, c, units), WeightsAt<L, V>(ref w, wStride, 3, c, units));
            StoreInputGradient<L, V, A>(ref target, ref z, c1, units, b0, b1, b2, b3,
                WeightsAt<L, V>(ref w, wStride, 0, c1, units), WeightsAt<L, V>(ref w, wStride, 1, c1, units), WeightsAt<L, V>(ref w, wStride, 2, c1, units), WeightsAt<L, V>(ref w, wStride, 3, c1, units));
            dr = ref Unsafe.Add(ref dr, dStride);
            xr = ref Unsafe.Add(ref xr, xStride);
            target = ref Unsafe.Add(ref target, dxStride);
            if (A.StoresDerivative)
                z = ref Unsafe.Add(ref z, dxStride);
        }
        StoreTwoVectors<L, V>(e0, e1, e2, e3, f0, f1, f2, f3, ref gw, wStride, c, units);
    }

    /// <summary>The weight gradients of 2 to 4 units (<paramref name="count"/>) at inputs <paramref name="c"/> (<paramref name="e0"/> to <paramref name="e3"/>) and the vector after (<paramref name="f0"/> to <paramref name="f3"/>), rows <paramref name="stride"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTwoVectors<L, V>(V e0, V e1, V e2, V e3, V f0, V f1, V f2, V f3, ref float gw, int stride, int c, int count)
        where L : struct, ILanes<V> where V : struct
    {
        nuint at = (nuint)c, next = (nuint)(c + L.Count);
        L.Store(e0, ref gw, at); L.Store(f0, ref gw, next);
        ref float g1 = ref Unsafe.Add(ref gw, stride);
        L.Store(e1, ref g1, at); L.Store(f1, ref g1, next);
        if (count > 2) { ref float g2 = ref Unsafe.Add(ref gw, 2 * stride); L.Store(e2, ref g2, at); L.Store(f2, ref g2, next); }
        if (count > 3) { ref float g3 = ref Unsafe.Add(ref gw, 3 * stride); L.Store(e3, ref g3, at); L.Store(f3, ref g3, next); }
    }

    /// <summary>One row's <c>Σ_o dz[r, o] · W[o]</c> at <paramref name="c"/>, the broadcast dz given, as <see cref="InputGradient{L, V, A, S}"/> sums and stores it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreInputGradient<L, V, A>(ref float target, ref float z, int c, int units, V d0, V d1, V d2, V d3, V w0, V w1, V w2, V w3)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V>
    {
        V sum = L.MultiplyAdd(d0, w0, L.Zero);
        if (units > 1) sum = L.MultiplyAdd(d1, w1, sum);
        if (units > 2) sum = L.MultiplyAdd(d2, w2, sum);
        if (units > 3) sum = L.MultiplyAdd(d3, w3, sum);
        if (A.StoresDerivative)
            sum = A.DerivativeAt(sum, ref z, (nuint)c);
        L.Store(sum, ref target, (nuint)c);
    }
}
