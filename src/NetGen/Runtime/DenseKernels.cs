using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Runtime;

/// <summary>
/// The three matrix products of a dense layer, written once for every vector width (<see cref="ILanes{V}"/>) and
/// called by the generated kernels of every layer and network: forward <c>z = b + x·W</c>, the weight gradient
/// <c>dW = xᵀ·dz</c> and the input gradient <c>dx = dz·Wᵀ</c>. The generated code keeps what is particular to a layer
/// (its activation, its derivative, the fast paths of xor- and iris-sized layers); sizes here are arguments, so a
/// network's source holds a call, not a copy of the kernel (docs/buildtime.md).
/// </summary>
/// <remarks>
/// Matrices are row-major with a row stride in floats: <c>x[r, i]</c>, <c>W[i, c]</c> (a weight row per input, the
/// units in lanes), <c>z[r, c]</c>. <c>columns</c> is a multiple of the width's lane count; rows are padded so the last
/// vector stays inside the buffer. Each output of a block accumulates its terms in order (bias first, then inputs, rows
/// or columns, one FMA each); two paths group them otherwise, within a few ulps: a lone row of a narrow layer splits
/// its sums into chains (<see cref="LinearRowInChains{L, V, A, N}"/>), and a transposed input gradient sums the columns
/// in order where the dot products summed lanes (<see cref="InputGradientByTranspose{L, V}"/>).
/// Blocks are rows × vectors of accumulators held in registers across the whole sum: 4 × 4 where there are 32 vector
/// registers (Vector512), 4 × 2 where AVX2 or Native AOT's x86-64-v2 may have only 16.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[SkipLocalsInit] // the stack block is written before it is read
public static class DenseKernels
{
    /// <summary>
    /// <c>z[r, c] = b[c] + Σ_i x[r, i] · W[i, c]</c> for <paramref name="rows"/> rows and <paramref name="columns"/>
    /// columns, and <c>y = A(z)</c> from the same registers when the activation <typeparamref name="A"/> stores one
    /// (<see cref="IActivation{V}"/>); <paramref name="b"/> may be a null reference (no bias: the sums start at 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Linear<L, V, A>(ref float x, int xStride, ref float w, int wStride, ref float b, ref float z, ref float y, int zStride, int rows, int inputs, int columns)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> =>
        Linear<L, V, A, ArgumentShape>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, rows, inputs, columns);

    /// <summary><see cref="Linear{L, V, A}"/> with the sizes <typeparamref name="S"/> knows as constants of the compiled kernel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // small: with a layer's constant sizes it folds to the calls of the blocks that apply
    public static void Linear<L, V, A, S>(ref float x, int xStride, ref float w, int wStride, ref float b, ref float z, ref float y, int zStride, int rows, int inputs, int columns)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where S : struct, IDenseShape
    {
        int vectors = columns / L.Count, most = L.Count == 16 ? 16 : 8;
        if (rows == 1 && vectors <= 4 && L.Count > 1)
        {
            // A prediction's one row: its kernel first, before the block arithmetic below (a call the less per layer).
            LinearRowInRegisters<L, V, A>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, 0, vectors);
            return;
        }
        if (vectors == 1 && L.Count == 16 && rows >= 16)
        {
            // One vector of Vector512 a row: 16 rows are 16 accumulators, each chain as long as the inputs; 8 rows would
            // take two chains' time (iris's 16 → 16 at batch 16: 64 cycles of FMA latency, not 128). The rest go on below.
            int sixteen = rows / 16 * 16;
            LinearRows16<L, V, A, S>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, sixteen);
            if (sixteen == rows)
                return;
            x = ref Unsafe.Add(ref x, sixteen * IDenseShape.Or(S.XStride, xStride));
            z = ref Unsafe.Add(ref z, sixteen * IDenseShape.Or(S.ZStride, zStride));
            y = ref Unsafe.Add(ref y, sixteen * IDenseShape.Or(S.ZStride, zStride));
            rows -= sixteen;
        }
        int blocked = rows / 4 * 4;
        if ((vectors == 1 || vectors == 2 && L.Count == 16) && blocked >= 8)
        {
            // One vector a row: 4 rows are 4 accumulators, each FMA waiting on the last; 8 rows keep the FMA units busy.
            // Two vectors of Vector512: 8 rows are 16 accumulators of its 32 registers, the 8 that two FMA pipes need and slack.
            int eight = rows / 8 * 8;
            if (vectors == 2)
                LinearRows8<L, V, A, N2, S>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, eight);
            else
                LinearRows8<L, V, A, N1, S>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, eight);
            if (eight < blocked)
                LinearRowBlocks<L, V, A, S>(ref Unsafe.Add(ref x, eight * xStride), xStride, ref w, wStride, ref b, ref Unsafe.Add(ref z, eight * zStride), ref Unsafe.Add(ref y, eight * zStride), zStride, blocked - eight, inputs, vectors);
        }
        else if (blocked > 0)
            LinearRowBlocks<L, V, A, S>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, blocked, inputs, vectors);
        // The rows past the last block of 4: every vector of a row in one pass over the inputs when the registers hold
        // them (16 of Vector512's 32, 8 of 16 otherwise), so the weights stream through once and the chains overlap.
        if (blocked < rows && vectors <= 4 && L.Count > 1)
            for (int r = blocked; r < rows; r++)
                LinearRowInRegisters<L, V, A>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, r, vectors);
        else if (blocked < rows && vectors <= most)
            LinearRow<L, V, A>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, blocked, rows, 0, vectors);
        else if (blocked < rows)
            for (int k = 0; k < vectors; k += most)
                LinearRow<L, V, A>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, blocked, rows, k, System.Math.Min(most, vectors - k));
    }

    /// <summary>Row <paramref name="r"/> of a layer of 1 to 4 vectors: every vector of the row in one pass over the inputs, its sums in chains.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a switch of calls: with the layer's constant width, one call
    private static void LinearRowInRegisters<L, V, A>(ref float x, int xStride, ref float w, int wStride, ref float b, ref float z, ref float y, int zStride, int inputs, int r, int vectors)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V>
    {
        switch (vectors)
        {
            case 1: LinearRowInChains<L, V, A, N1>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, r); break;
            case 2: LinearRowInChains<L, V, A, N2>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, r); break;
            case 3: LinearRowWideInChains<L, V, A, N3>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, r); break;
            default: LinearRowWideInChains<L, V, A, N4>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, r); break;
        }
    }

    /// <summary>
    /// One row of <see cref="Linear{L, V, A}"/> on a vector width (not the scalar path), the kernel's body inlined into
    /// the caller where the layer is 1 to 8 vectors wide (1-4 in chains, 5-8 an accumulator a vector, as Linear's lone
    /// rows): a generated one-sample forward pass (<c>ForwardOneRow</c>) calls it for each layer and becomes one method,
    /// with no calls or row arithmetic between the layers (the call levels were most of what digits' prediction spent
    /// beside its multiply-adds). Wider layers take <see cref="Linear{L, V, A}"/>. <paramref name="vectors"/> is the
    /// layer's width in vectors, a constant at the call:
    /// the JIT then imports one branch (the others would spend its inlining budget before the kernels).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LinearOneRow<L, V, A>(ref float x, ref float w, int wStride, ref float b, ref float z, ref float y, int inputs, int vectors)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V>
    {
        // Zen 4: the permuted kernels, each a root of its own (inlined beside the broadcast paths, or four into one
        // method, they ran the JIT's inlining budget out).
        if (L.Count == 16 && vectors <= 4 && inputs % 16 == 0 && PermutesRowInputs)
        {
            if (vectors == 1) LinearRowInChainsPermuted<L, V, A, N1>(ref x, ref w, wStride, ref b, ref z, ref y, inputs);
            else if (vectors == 2) LinearRowInChainsPermuted<L, V, A, N2>(ref x, ref w, wStride, ref b, ref z, ref y, inputs);
            else if (vectors == 3) LinearRowWidePermuted<L, V, A, N3>(ref x, ref w, wStride, ref b, ref z, ref y, inputs);
            else LinearRowWidePermuted<L, V, A, N4>(ref x, ref w, wStride, ref b, ref z, ref y, inputs);
        }
        else if (vectors == 1) LinearRowInChainsBody<L, V, A, N1>(ref x, 0, ref w, wStride, ref b, ref z, ref y, 0, inputs, 0);
        else if (vectors == 2) LinearRowInChainsBody<L, V, A, N2>(ref x, 0, ref w, wStride, ref b, ref z, ref y, 0, inputs, 0);
        else if (vectors == 3) LinearRowWideInChainsBody<L, V, A, N3>(ref x, 0, ref w, wStride, ref b, ref z, ref y, 0, inputs, 0);
        else if (vectors == 4) LinearRowWideInChainsBody<L, V, A, N4>(ref x, 0, ref w, wStride, ref b, ref z, ref y, 0, inputs, 0);
        else if (vectors == 5) LinearRow<L, V, A, N5>(ref x, 0, ref w, wStride, ref b, ref z, ref y, 0, inputs, 0, 0);
        else if (vectors == 6) LinearRow<L, V, A, N6>(ref x, 0, ref w, wStride, ref b, ref z, ref y, 0, inputs, 0, 0);
        else if (vectors == 7) LinearRow<L, V, A, N7>(ref x, 0, ref w, wStride, ref b, ref z, ref y, 0, inputs, 0, 0);
        else if (vectors == 8) LinearRow<L, V, A, N8>(ref x, 0, ref w, wStride, ref b, ref z, ref y, 0, inputs, 0, 0);
        else Linear<L, V, A, ArgumentShape>(ref x, inputs, ref w, wStride, ref b, ref z, ref y, vectors * L.Count, 1, inputs, vectors * L.Count);
    }

    /// <summary>
    /// <see cref="LinearOneRow{L, V, A}(ref float, ref float, int, ref float, ref float, ref float, int, int)"/> with a layer's
    /// tensors as offsets, a generated <c>ForwardOneRow</c>'s line a layer: the weights <c>[inputs][stride]</c> at
    /// <paramref name="weights"/> and the bias at <paramref name="bias"/> (<see cref="NoBias"/>: none) in the parameters
    /// <paramref name="p"/>, z and y at <paramref name="zAt"/> and <paramref name="yAt"/> in the activations <paramref name="a"/>.
    /// The layer is its stride wide, a whole number of vectors.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LinearOneRow<L, V, A>(ref float x, ref float p, int weights, int stride, int bias, ref float a, int zAt, int yAt, int inputs)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> =>
        LinearOneRow<L, V, A>(ref x, ref Unsafe.Add(ref p, weights), stride, ref bias == NoBias ? ref Unsafe.NullRef<float>() : ref Unsafe.Add(ref p, bias),
            ref Unsafe.Add(ref a, zAt), ref Unsafe.Add(ref a, yAt), inputs, stride / L.Count);

    /// <summary>The bias offset of a layer without one (<see cref="LinearOneRow{L, V, A}(ref float, ref float, int, int, int, ref float, int, int, int)"/>).</summary>
    public const int NoBias = -1;

    /// <summary>The rows below <paramref name="blocked"/>, 4 at a time: each weight vector loaded feeds 4 FMAs. One call per block shape, the loops inside.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // with a layer's constant width, the call of its block shape alone is left (two calls fewer a layer)
    private static void LinearRowBlocks<L, V, A, S>(ref float x, int xStride, ref float w, int wStride, ref float b, ref float z, ref float y, int zStride, int blocked, int inputs, int vectors)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where S : struct, IDenseShape
    {
        // 16 registers (Vector256): 8 accumulators, as 2 rows × 4 vectors where the layer is 4 vectors wide (a broadcast
        // per 4 multiply-adds, not 2: on Zen 1 a 256-bit broadcast from memory takes a slot of the FP pipes), else 4 × 2.
        if (L.Count == 8 && vectors >= 4)
        {
            int k4 = vectors / 4 * 4;
            LinearRows<L, V, A, N2, N4, S>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, blocked, 0, k4);
            if (k4 < vectors)
                LinearRowBlocksFrom<L, V, A, S>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, blocked, inputs, k4, vectors);
            return;
        }
        int wide = L.Count == 16 ? 4 : 2, k = vectors / wide * wide;
        if (k > 0 && wide == 4) LinearRows<L, V, A, N4, N4, S>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, blocked, 0, k);
        else if (k > 0) LinearRows<L, V, A, N4, N2, S>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, blocked, 0, k);
        if (k < vectors)
            LinearRowBlocksFrom<L, V, A, S>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, blocked, inputs, k, vectors);
    }

    /// <summary>The vectors from <paramref name="k"/> to <paramref name="vectors"/> (at most 3) of the rows below <paramref name="blocked"/>, in blocks of 4 rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a switch of calls: with a constant width, one call
    private static void LinearRowBlocksFrom<L, V, A, S>(ref float x, int xStride, ref float w, int wStride, ref float b, ref float z, ref float y, int zStride, int blocked, int inputs, int k, int vectors)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where S : struct, IDenseShape
    {
        switch (vectors - k)
        {
            case 1: LinearRows<L, V, A, N4, N1, S>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, blocked, k, vectors); break;
            case 2: LinearRows<L, V, A, N4, N2, S>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, blocked, k, vectors); break;
            case 3: LinearRows<L, V, A, N4, N3, S>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, blocked, k, vectors); break;
        }
    }

    /// <summary>One row, <paramref name="count"/> (1 to 16) vectors from vector <paramref name="k"/>: the kernel of that many accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a switch of calls: one call less per row (a prediction is a few of them)
    private static void LinearRow<L, V, A>(ref float x, int xStride, ref float w, int wStride, ref float b, ref float z, ref float y, int zStride, int inputs, int rowFrom, int rowTo, int k, int count)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V>
    {
        switch (count)
        {
            case 1: LinearRow<L, V, A, N1>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, rowFrom, rowTo, k); break;
            case 2: LinearRow<L, V, A, N2>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, rowFrom, rowTo, k); break;
            case 3: LinearRow<L, V, A, N3>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, rowFrom, rowTo, k); break;
            case 4: LinearRow<L, V, A, N4>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, rowFrom, rowTo, k); break;
            case 5: LinearRow<L, V, A, N5>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, rowFrom, rowTo, k); break;
            case 6: LinearRow<L, V, A, N6>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, rowFrom, rowTo, k); break;
            case 7: LinearRow<L, V, A, N7>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, rowFrom, rowTo, k); break;
            case 8: LinearRow<L, V, A, N8>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, rowFrom, rowTo, k); break;
            case 9: LinearRow<L, V, A, N9>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, rowFrom, rowTo, k); break;
            case 10: LinearRow<L, V, A, N10>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, rowFrom, rowTo, k); break;
            case 11: LinearRow<L, V, A, N11>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, rowFrom, rowTo, k); break;
            case 12: LinearRow<L, V, A, N12>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, rowFrom, rowTo, k); break;
            case 13: LinearRow<L, V, A, N13>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, rowFrom, rowTo, k); break;
            case 14: LinearRow<L, V, A, N14>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, rowFrom, rowTo, k); break;
            case 15: LinearRow<L, V, A, N15>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, rowFrom, rowTo, k); break;
            default: LinearRow<L, V, A, N16>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, rowFrom, rowTo, k); break;
        }
    }

    /// <summary>
    /// <c>dz = dy ⊙ f'(z)</c> in place, for <paramref name="rows"/> rows of <paramref name="columns"/>: <paramref name="d"/>
    /// holds dy and becomes dz; <paramref name="z"/> and <paramref name="y"/> are the forward pass's rows, all of one stride.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a loop or two: one call less per layer of a one-row step
    public static void ActivationGradient<L, V, A>(ref float d, ref float z, ref float y, int stride, int rows, int columns)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivationGradient<V>
    {
        nuint n = (nuint)columns, step = (nuint)L.Count;
        for (int r = 0; r < rows; r++)
        {
            nuint row = (nuint)(r * stride);
            for (nuint c = row; c < row + n; c += step)
                L.Store(A.Derivative(L.Load(ref d, c), L.Load(ref z, c), L.Load(ref y, c)), ref d, c);
        }
    }

    /// <summary>
    /// <c>db = Σ_r dz[r]</c>, stored. Each column vector is summed in registers down the rows (not through gb: a store
    /// and a reload per row), in 4 chains (row r into chain r mod 4, added as (c0 + c1) + (c2 + c3)) so the adds do
    /// not wait on each other; the rows past the last four go into c0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a loop or two: one call less per layer of a one-row step
    public static void BiasGradient<L, V>(ref float d, int stride, ref float gb, int rows, int columns)
        where L : struct, ILanes<V> where V : struct
    {
        nuint n = (nuint)columns, step = (nuint)L.Count;
        for (nuint c = 0; c < n; c += step)
        {
            V c0 = L.Load(ref d, c), c1 = L.Zero, c2 = L.Zero, c3 = L.Zero;
            int r = 1;
            if (rows >= 8)
            {
                c1 = L.Load(ref Unsafe.Add(ref d, stride), c);
                c2 = L.Load(ref Unsafe.Add(ref d, 2 * stride), c);
                c3 = L.Load(ref Unsafe.Add(ref d, 3 * stride), c);
                for (r = 4; r + 4 <= rows; r += 4)
                {
                    ref float dr = ref Unsafe.Add(ref d, r * stride);
                    c0 = L.Add(c0, L.Load(ref dr, c));
                    c1 = L.Add(c1, L.Load(ref Unsafe.Add(ref dr, stride), c));
                    c2 = L.Add(c2, L.Load(ref Unsafe.Add(ref dr, 2 * stride), c));
                    c3 = L.Add(c3, L.Load(ref Unsafe.Add(ref dr, 3 * stride), c));
                }
            }
            for (; r < rows; r++)
                c0 = L.Add(c0, L.Load(ref Unsafe.Add(ref d, r * stride), c));
            L.Store(rows >= 8 ? L.Add(L.Add(c0, c1), L.Add(c2, c3)) : c0, ref gb, c);
        }
    }

    /// <summary>
    /// <c>dW[i, c] = Σ_r x[r, i] · dz[r, c]</c>, stored (not added). Blocks of 4 inputs; a count that is not a multiple
    /// of 4 moves its last block back over the one before (those rows are computed again, alike).
    /// </summary>
    public static void WeightGradient<L, V>(ref float x, int xStride, ref float d, int dStride, ref float gw, int gwStride, int rows, int inputs, int columns)
        where L : struct, ILanes<V> where V : struct
    {
        var none = default(NoInterleavedWork);
        WeightGradient<L, V, NoInterleavedWork>(ref x, xStride, ref d, dStride, ref gw, gwStride, rows, inputs, columns, ref none);
    }

    /// <summary>
    /// <see cref="WeightGradient{L, V}"/> taking <paramref name="work"/> a piece per row of its 4 × 4 register blocks (Vector512,
    /// 4 vectors of columns or more), and telling it which gradient rows are final after each block of inputs.
    /// </summary>
    public static void WeightGradient<L, V, W>(ref float x, int xStride, ref float d, int dStride, ref float gw, int gwStride, int rows, int inputs, int columns, ref W work)
        where L : struct, ILanes<V> where V : struct where W : IInterleavedWork, allows ref struct =>
        WeightGradient<L, V, W, ArgumentShape>(ref x, xStride, ref d, dStride, ref gw, gwStride, rows, inputs, columns, ref work);

    /// <summary><see cref="WeightGradient{L, V}"/> with the sizes <typeparamref name="S"/> knows as constants of the compiled kernel.</summary>
    public static void WeightGradient<L, V, S>(ref float x, int xStride, ref float d, int dStride, ref float gw, int gwStride, int rows, int inputs, int columns)
        where L : struct, ILanes<V> where V : struct where S : struct, IDenseShape
    {
        var none = default(NoInterleavedWork);
        WeightGradient<L, V, NoInterleavedWork, S>(ref x, xStride, ref d, dStride, ref gw, gwStride, rows, inputs, columns, ref none);
    }

    /// <summary><see cref="WeightGradient{L, V, W}(ref float, int, ref float, int, ref float, int, int, int, int, ref W)"/> with the sizes <typeparamref name="S"/> knows as constants of the compiled kernel.</summary>
    // A root of its own: inlined into a generated layer's method (a small root, a small inlining budget), the interleaved
    // work's vector operations stayed calls (digits' Adam step inside its backward on Vector512: 3.3 -> 33 µs).
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void WeightGradient<L, V, W, S>(ref float x, int xStride, ref float d, int dStride, ref float gw, int gwStride, int rows, int inputs, int columns, ref W work)
        where L : struct, ILanes<V> where V : struct where W : IInterleavedWork, allows ref struct where S : struct, IDenseShape
    {
        xStride = IDenseShape.Or(S.XStride, xStride); dStride = IDenseShape.Or(S.ZStride, dStride);
        gwStride = IDenseShape.Or(S.WStride, gwStride); inputs = IDenseShape.Or(S.Inputs, inputs);
        nuint n = (nuint)columns, step = (nuint)L.Count;
        if (inputs < 4)
        {
            for (int i = 0; i < inputs; i++)
                for (nuint c = 0; c < n; c += step)
                {
                    V g = L.Zero;
                    for (int r = 0; r < rows; r++)
                        g = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref x, r * xStride + i)), L.Load(ref Unsafe.Add(ref d, r * dStride), c), g);
                    L.Store(g, ref Unsafe.Add(ref gw, i * gwStride), c);
                }
            return;
        }
        if (n == step && inputs >= 8)
        {
            // One vector a row: 8 inputs a block, so 8 accumulators keep the FMA units busy (4 would each wait on the last).
            for (int i = 0; i < inputs; i += 8)
            {
                if (i > inputs - 8)
                    i = inputs - 8;
                WeightGradient8x1<L, V>(ref Unsafe.Add(ref x, i), xStride, ref d, dStride, ref Unsafe.Add(ref gw, i * gwStride), gwStride, rows);
            }
            return;
        }
        if (L.Count == 16 && n == 2 * step && inputs >= 8)
        {
            // Two vectors of Vector512: 8 inputs a block are 16 accumulators, the 8 that two FMA pipes need and slack.
            for (int i = 0; i < inputs; i += 8)
            {
                if (i > inputs - 8)
                    i = inputs - 8;
                WeightGradientTwoVectors<L, V, W, N8, S>(ref Unsafe.Add(ref x, i), xStride, ref d, dStride, ref Unsafe.Add(ref gw, i * gwStride), gwStride, rows, 0, ref work);
                work.Ready((i + 8) * gwStride);
            }
            return;
        }
        if (ByUnits<L, V>(S.Units, inputs, columns) && rows > 0)
        {
            WeightGradientByUnits<L, V, W>(ref x, xStride, ref d, dStride, ref gw, gwStride, rows, inputs, columns, S.Units, ref work);
            work.Ready(inputs * gwStride);
            return;
        }
        nuint from = 0;
        if (L.Count < 16 && n >= 2 * step && rows > 0)
        {
            // Narrower vectors (16 registers), 8 sums a block, each kernel's blocks in one call: whole blocks of 4 vectors
            // of columns by 2 inputs × 4 vectors (2 broadcasts and 4 loads a row, not 4 and 2: digits' 64 × 64 weight
            // gradient on AVX2, 81 → 92 % of one FMA a cycle with the stepped rows), then 2 vectors by 4 inputs × 2 (a
            // call a block of iris's 16 × 16 cost 7-12 %). The last vector, if any, goes through the 4-input blocks below.
            nuint four = n / (4 * step) * (4 * step);
            if (four > 0)
                WeightGradientTwoByFour<L, V, W, S>(ref x, xStride, ref d, dStride, ref gw, gwStride, rows, inputs, four, ref work);
            from = four + (n - four) / (2 * step) * (2 * step);
            if (from > four)
                WeightGradientFourByTwo<L, V, W, S>(ref x, xStride, ref d, dStride, ref gw, gwStride, rows, inputs, four, ref work);
            if (from == n)
            {
                work.Ready(inputs * gwStride);
                return;
            }
        }
        for (int i = 0; i < inputs; i += 4)
        {
            if (i > inputs - 4)
                i = inputs - 4;
            ref float xi = ref Unsafe.Add(ref x, i);
            ref float gi = ref Unsafe.Add(ref gw, i * gwStride);
            nuint c = from;
            if (L.Count == 16)
                for (; c + 4 * step <= n; c += 4 * step)
                    WeightGradient4x4<L, V, W>(ref xi, xStride, ref d, dStride, ref gi, gwStride, rows, c, ref work);
            for (; c + 2 * step <= n; c += 2 * step)
                WeightGradientTwoVectors<L, V, W, N4, S>(ref xi, xStride, ref d, dStride, ref gi, gwStride, rows, c, ref work);
            for (; c < n; c += step)
                WeightGradient4x1<L, V>(ref xi, xStride, ref d, dStride, ref gi, gwStride, rows, c);
            work.Ready((i + 4) * gwStride); // the gradient rows below i + 4 are final
        }
    }

    /// <summary>
    /// <see cref="InputGradient{L, V}"/> as a forward product where the layer has fewer than 2 columns per row: W is
    /// transposed into <paramref name="transposed"/> (<paramref name="columns"/> rows of the inputs padded to whole
    /// vectors), then <c>dx = dz·Wᵀ</c> runs through <see cref="Linear{L, V, A}"/>'s register blocks, each dz broadcast
    /// against whole vectors of inputs: no sums across lanes, which cost more than the transposition there. dx's padding
    /// lanes are stored as zeros. With more columns, the dot products.
    /// </summary>
    public static void InputGradientByTranspose<L, V>(ref float w, int wStride, ref float d, int dStride, ref float dx, int dxStride, int rows, int inputs, int columns, int units, ref float transposed)
        where L : struct, ILanes<V> where V : struct =>
        InputGradientByTranspose<L, V, ZOnly<V>>(ref w, wStride, ref d, dStride, ref dx, dxStride, rows, inputs, columns, units, ref transposed, ref Unsafe.NullRef<float>());

    /// <summary>
    /// <see cref="InputGradientByTranspose{L, V}"/> storing the layer below's dz (<typeparamref name="A"/> a
    /// <see cref="StoreDerivative{L, V, G}"/>, <paramref name="belowZ"/> that layer's z, rows <paramref name="dxStride"/> apart)
    /// as the forward product stores; the dot products' branch takes the derivative in a pass of its own.
    /// </summary>
    public static void InputGradientByTranspose<L, V, A>(ref float w, int wStride, ref float d, int dStride, ref float dx, int dxStride, int rows, int inputs, int columns, int units, ref float transposed, ref float belowZ)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> =>
        InputGradientByTranspose<L, V, A, ArgumentShape>(ref w, wStride, ref d, dStride, ref dx, dxStride, rows, inputs, columns, units, ref transposed, ref belowZ);

    /// <summary><see cref="InputGradientByTranspose{L, V, A}"/> with the sizes <typeparamref name="S"/> (the layer's) knows as constants of the compiled kernel.</summary>
    public static void InputGradientByTranspose<L, V, A, S>(ref float w, int wStride, ref float d, int dStride, ref float dx, int dxStride, int rows, int inputs, int columns, int units, ref float transposed, ref float belowZ)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where S : struct, IDenseShape
    {
        TransposeForInputGradient<L, V>(ref w, wStride, ref transposed, rows, inputs, columns);
        InputGradientOfTransposed<L, V, A, S>(ref w, wStride, ref d, dStride, ref dx, dxStride, rows, inputs, columns, units, ref transposed, ref belowZ);
    }

    /// <summary>
    /// The first half of <see cref="InputGradientByTranspose{L, V, A}"/>: W transposed into <paramref name="transposed"/>
    /// when the forward product will run (fewer than 2 columns per row), nothing otherwise. It reads only the weights, so
    /// the generated backward takes it a layer early, where it overlaps the layer above's kernels instead of delaying this
    /// layer's (iris's 16 × 16 square: 19 ns of its input gradient's 116).
    /// </summary>
    public static void TransposeForInputGradient<L, V>(ref float w, int wStride, ref float transposed, int rows, int inputs, int columns)
        where L : struct, ILanes<V> where V : struct
    {
        if (columns >= 2 * rows)
            return; // the dot products read W as it is
        // Whole squares of Count inputs × Count columns transposed in registers; the inputs past them one by one (nothing
        // is read past the last weight row), then zeros to the padded width (the scratch region is reused by other layers).
        int padded = (inputs + L.Count - 1) / L.Count * L.Count, whole = inputs / L.Count * L.Count;
        for (int i = 0; i < whole; i += L.Count)
            for (int c = 0; c < columns; c += L.Count)
                L.TransposeSquare(ref Unsafe.Add(ref w, i * wStride + c), wStride, ref Unsafe.Add(ref transposed, c * padded + i), padded);
        if (whole == padded)
            return; // whole squares only (iris's 16 × 16 on Zen 1: 63 → 44 ns without a pass over its 16 columns that had nothing to do)
        for (int c = 0; c < columns; c++)
        {
            ref float row = ref Unsafe.Add(ref transposed, c * padded);
            for (int i = whole; i < inputs; i++)
                Unsafe.Add(ref row, i) = Unsafe.Add(ref w, i * wStride + c);
            for (int i = inputs; i < padded; i++)
                Unsafe.Add(ref row, i) = 0f;
        }
    }

    /// <summary>
    /// The second half of <see cref="InputGradientByTranspose{L, V, A}"/>, <paramref name="transposed"/> holding what
    /// <see cref="TransposeForInputGradient{L, V}"/> wrote there for the same rows and sizes: the forward product, or with
    /// 2 columns a row or more, the dot products. The forward product sums over the first <paramref name="units"/> of the
    /// columns only: past them W and dz are padding zeros (digits' 10 logits: 10 broadcasts a row where 16 were 6 wasted).
    /// </summary>
    public static void InputGradientOfTransposed<L, V, A>(ref float w, int wStride, ref float d, int dStride, ref float dx, int dxStride, int rows, int inputs, int columns, int units, ref float transposed, ref float belowZ)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> =>
        InputGradientOfTransposed<L, V, A, ArgumentShape>(ref w, wStride, ref d, dStride, ref dx, dxStride, rows, inputs, columns, units, ref transposed, ref belowZ);

    /// <summary><see cref="InputGradientOfTransposed{L, V, A}"/> with the sizes <typeparamref name="S"/> (the layer's) knows as constants of the compiled kernel.</summary>
    public static void InputGradientOfTransposed<L, V, A, S>(ref float w, int wStride, ref float d, int dStride, ref float dx, int dxStride, int rows, int inputs, int columns, int units, ref float transposed, ref float belowZ)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where S : struct, IDenseShape
    {
        if (columns >= 2 * rows)
        {
            InputGradient<L, V>(ref w, wStride, ref d, dStride, ref dx, dxStride, rows, inputs, columns);
            if (A.StoresDerivative)
                DerivativeInPlace<L, V, A>(ref dx, ref belowZ, dxStride, rows, (inputs + L.Count - 1) / L.Count * L.Count);
            return;
        }
        int padded = (inputs + L.Count - 1) / L.Count * L.Count;
        Linear<L, V, A, TransposedShape<S>>(ref d, dStride, ref transposed, padded, ref Unsafe.NullRef<float>(), ref dx, ref belowZ, dxStride, rows, units, padded);
    }

    /// <summary><see cref="InputGradientOfTransposed{L, V, A}"/> storing dx itself.</summary>
    public static void InputGradientOfTransposed<L, V>(ref float w, int wStride, ref float d, int dStride, ref float dx, int dxStride, int rows, int inputs, int columns, int units, ref float transposed)
        where L : struct, ILanes<V> where V : struct =>
        InputGradientOfTransposed<L, V, ZOnly<V>>(ref w, wStride, ref d, dStride, ref dx, dxStride, rows, inputs, columns, units, ref transposed, ref Unsafe.NullRef<float>());

    /// <summary>dx becomes the layer below's dz in place: <typeparamref name="A"/>'s derivative at each vector of the rows.</summary>
    internal static void DerivativeInPlace<L, V, A>(ref float dx, ref float belowZ, int stride, int rows, int columns)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V>
    {
        for (int r = 0; r < rows; r++)
        {
            nuint row = (nuint)(r * stride);
            for (nuint c = row; c < row + (nuint)columns; c += (nuint)L.Count)
                L.Store(A.DerivativeAt(L.Load(ref dx, c), ref belowZ, c), ref dx, c);
        }
    }

    /// <summary>
    /// <c>dx[r, i] = Σ_c W[i, c] · dz[r, c]</c>, stored: dot products of weight rows with dz rows, each summed across its
    /// lanes once (four neighbouring inputs together, <see cref="ILanes{V}.StoreSums"/>). Blocks of rows × 4 inputs, the
    /// last block of inputs moved back over the one before as in <see cref="WeightGradient{L, V}"/>.
    /// </summary>
    public static void InputGradient<L, V>(ref float w, int wStride, ref float d, int dStride, ref float dx, int dxStride, int rows, int inputs, int columns)
        where L : struct, ILanes<V> where V : struct
    {
        nuint n = (nuint)columns, step = (nuint)L.Count;
        if (inputs < 4)
        {
            for (int r = 0; r < rows; r++)
                for (int i = 0; i < inputs; i++)
                {
                    V s = L.Zero;
                    for (nuint c = 0; c < n; c += step)
                        s = L.MultiplyAdd(L.Load(ref Unsafe.Add(ref w, i * wStride), c), L.Load(ref Unsafe.Add(ref d, r * dStride), c), s);
                    Unsafe.Add(ref dx, r * dxStride + i) = L.Sum(s);
                }
            return;
        }
        int row = 0;
        if (L.Count == 16)
            for (; row + 4 <= rows; row += 4)
                for (int i = 0; i < inputs; i += 4)
                {
                    if (i > inputs - 4)
                        i = inputs - 4;
                    InputGradient4x4<L, V>(ref Unsafe.Add(ref w, i * wStride), wStride, ref Unsafe.Add(ref d, row * dStride), dStride, ref Unsafe.Add(ref dx, row * dxStride + i), dxStride, n);
                }
        else
            for (; row + 2 <= rows; row += 2)
                for (int i = 0; i < inputs; i += 4)
                {
                    if (i > inputs - 4)
                        i = inputs - 4;
                    InputGradient2x4<L, V>(ref Unsafe.Add(ref w, i * wStride), wStride, ref Unsafe.Add(ref d, row * dStride), dStride, ref Unsafe.Add(ref dx, row * dxStride + i), dxStride, n);
                }
        for (; row < rows; row++)
            for (int i = 0; i < inputs; i += 4)
            {
                if (i > inputs - 4)
                    i = inputs - 4;
                InputGradient1x4<L, V>(ref Unsafe.Add(ref w, i * wStride), wStride, ref Unsafe.Add(ref d, row * dStride), ref Unsafe.Add(ref dx, row * dxStride + i), n);
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V BiasAt<L, V>(ref float b, nuint c) where L : struct, ILanes<V> where V : struct =>
        Unsafe.IsNullRef(ref b) ? L.Zero : L.Load(ref b, c);

    /// <summary>
    /// The rows below <paramref name="blocked"/> in blocks of <typeparamref name="R"/> (2 or 4), vectors <paramref name="kFrom"/>
    /// to <paramref name="kTo"/> in blocks of <typeparamref name="N"/> (1 to 4): R × N accumulators. Written for 4 × 4; the JIT
    /// drops the statements of the rows past R and the vectors past N (constants of the instantiation). Each sum is the
    /// bias plus the inputs in order, whatever the block.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a root of its own: inlined into a training pass, its row outputs ran that method's inlining budget out (InliningCheck)
    private static void LinearRows<L, V, A, R, N, S>(ref float x, int xStride, ref float w, int wStride, ref float b, ref float z, ref float y, int zStride, int inputs, int blocked, int kFrom, int kTo)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where R : struct, IConstant where N : struct, IConstant where S : struct, IDenseShape
    {
        xStride = IDenseShape.Or(S.XStride, xStride); wStride = IDenseShape.Or(S.WStride, wStride);
        zStride = IDenseShape.Or(S.ZStride, zStride); inputs = IDenseShape.Or(S.Inputs, inputs);
        // The loops are here, not around a call: the JIT did not inline a block this size into them. Rows outer, as
        // the printed kernels did: a block of 4 input rows stays in L1 while the columns pass (columns outer re-read
        // a 64-row batch from L2 per column block: deep's Vector256 training 1.125 against 1.072).
        nuint s = (nuint)L.Count;
        int n = N.Value, rowsInBlock = R.Value;
        for (int r = 0; r < blocked; r += rowsInBlock)
        {
            for (int k = kFrom; k < kTo; k += n)
            {
                nuint c = (nuint)k * s;
                V b0 = BiasAt<L, V>(ref b, c), b1 = n > 1 ? BiasAt<L, V>(ref b, c + s) : default, b2 = n > 2 ? BiasAt<L, V>(ref b, c + 2 * s) : default, b3 = n > 3 ? BiasAt<L, V>(ref b, c + 3 * s) : default;
                V z00 = b0, z01 = b1, z02 = b2, z03 = b3, z10 = b0, z11 = b1, z12 = b2, z13 = b3;
                V z20 = b0, z21 = b1, z22 = b2, z23 = b3, z30 = b0, z31 = b1, z32 = b2, z33 = b3;
                // Inputs 4 at a time, both references stepped: an input's weights and x values at constant displacements
                // (with the layer's constant strides), no index arithmetic a step and one loop branch per 4 inputs. xi
                // ends at row r + 1's start, inside the block; wi past the weights, in the pinned parameter buffer.
                ref float wi = ref Unsafe.Add(ref w, c);
                ref float xi = ref Unsafe.Add(ref x, r * xStride);
                nuint ws = (nuint)wStride;
                int i = 0;
                for (; i + 4 <= inputs; i += 4)
                {
                    InputIntoBlock<L, V, R, N>(ref wi, ref xi, xStride, s, ref z00, ref z01, ref z02, ref z03, ref z10, ref z11, ref z12, ref z13, ref z20, ref z21, ref z22, ref z23, ref z30, ref z31, ref z32, ref z33);
                    InputIntoBlock<L, V, R, N>(ref Unsafe.Add(ref wi, ws), ref Unsafe.Add(ref xi, 1), xStride, s, ref z00, ref z01, ref z02, ref z03, ref z10, ref z11, ref z12, ref z13, ref z20, ref z21, ref z22, ref z23, ref z30, ref z31, ref z32, ref z33);
                    InputIntoBlock<L, V, R, N>(ref Unsafe.Add(ref wi, 2 * ws), ref Unsafe.Add(ref xi, 2), xStride, s, ref z00, ref z01, ref z02, ref z03, ref z10, ref z11, ref z12, ref z13, ref z20, ref z21, ref z22, ref z23, ref z30, ref z31, ref z32, ref z33);
                    InputIntoBlock<L, V, R, N>(ref Unsafe.Add(ref wi, 3 * ws), ref Unsafe.Add(ref xi, 3), xStride, s, ref z00, ref z01, ref z02, ref z03, ref z10, ref z11, ref z12, ref z13, ref z20, ref z21, ref z22, ref z23, ref z30, ref z31, ref z32, ref z33);
                    wi = ref Unsafe.Add(ref wi, 4 * ws);
                    xi = ref Unsafe.Add(ref xi, 4);
                }
                for (; i < inputs; i++)
                {
                    InputIntoBlock<L, V, R, N>(ref wi, ref xi, xStride, s, ref z00, ref z01, ref z02, ref z03, ref z10, ref z11, ref z12, ref z13, ref z20, ref z21, ref z22, ref z23, ref z30, ref z31, ref z32, ref z33);
                    wi = ref Unsafe.Add(ref wi, ws);
                    xi = ref Unsafe.Add(ref xi, 1);
                }
                nuint row = (nuint)(r * zStride) + c, next = (nuint)zStride;
                OutputRow<L, V, A, N>(ref z, ref y, row, z00, z01, z02, z03);
                OutputRow<L, V, A, N>(ref z, ref y, row + next, z10, z11, z12, z13);
                if (rowsInBlock > 2)
                {
                    OutputRow<L, V, A, N>(ref z, ref y, row + 2 * next, z20, z21, z22, z23);
                    OutputRow<L, V, A, N>(ref z, ref y, row + 3 * next, z30, z31, z32, z33);
                }
            }
        }
    }

    /// <summary>
    /// One input into a block of <typeparamref name="R"/> rows (2 or 4) × <typeparamref name="N"/> vectors (1 to 4): its
    /// weight vectors at <paramref name="wi"/> times each row's x, which is at <paramref name="xi"/> and the next rows
    /// <paramref name="xStride"/> apart. The statements past R and N drop out (constants of the instantiation).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InputIntoBlock<L, V, R, N>(ref float wi, ref float xi, int xStride, nuint s,
        ref V z00, ref V z01, ref V z02, ref V z03, ref V z10, ref V z11, ref V z12, ref V z13,
        ref V z20, ref V z21, ref V z22, ref V z23, ref V z30, ref V z31, ref V z32, ref V z33)
        where L : struct, ILanes<V> where V : struct where R : struct, IConstant where N : struct, IConstant
    {
        int n = N.Value;
        V w0 = L.Load(ref wi, 0), w1 = n > 1 ? L.Load(ref wi, s) : default, w2 = n > 2 ? L.Load(ref wi, 2 * s) : default, w3 = n > 3 ? L.Load(ref wi, 3 * s) : default;
        V v = L.Broadcast(xi);
        z00 = L.MultiplyAdd(v, w0, z00); if (n > 1) z01 = L.MultiplyAdd(v, w1, z01); if (n > 2) z02 = L.MultiplyAdd(v, w2, z02); if (n > 3) z03 = L.MultiplyAdd(v, w3, z03);
        v = L.Broadcast(Unsafe.Add(ref xi, xStride));
        z10 = L.MultiplyAdd(v, w0, z10); if (n > 1) z11 = L.MultiplyAdd(v, w1, z11); if (n > 2) z12 = L.MultiplyAdd(v, w2, z12); if (n > 3) z13 = L.MultiplyAdd(v, w3, z13);
        if (R.Value > 2)
        {
            v = L.Broadcast(Unsafe.Add(ref xi, 2 * xStride));
            z20 = L.MultiplyAdd(v, w0, z20); if (n > 1) z21 = L.MultiplyAdd(v, w1, z21); if (n > 2) z22 = L.MultiplyAdd(v, w2, z22); if (n > 3) z23 = L.MultiplyAdd(v, w3, z23);
            v = L.Broadcast(Unsafe.Add(ref xi, 3 * xStride));
            z30 = L.MultiplyAdd(v, w0, z30); if (n > 1) z31 = L.MultiplyAdd(v, w1, z31); if (n > 2) z32 = L.MultiplyAdd(v, w2, z32); if (n > 3) z33 = L.MultiplyAdd(v, w3, z33);
        }
    }

    /// <summary>
    /// One row of a layer one or two vectors wide (<typeparamref name="N"/>): its sums split into chains over the inputs,
    /// added at the end as ((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7)). With 1 or 2 accumulators each FMA would
    /// wait on the one before (4 cycles); more keep the units busy. On Vector512 (32 registers) 8 chains, inputs in
    /// blocks of 8 (input i into chain i mod 8), up to 16 accumulators; narrower paths (16 registers without AVX-512)
    /// 4. A one-sample prediction through digits' 32 → 10 layer is a chain of 4 instead of 32. The sums group
    /// differently from a row block's (within a few ulps).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a call from the batch paths; LinearOneRow inlines the body
    private static void LinearRowInChains<L, V, A, N>(ref float x, int xStride, ref float w, int wStride, ref float b, ref float z, ref float y, int zStride, int inputs, int r)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where N : struct, IConstant
        => LinearRowInChainsBody<L, V, A, N>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, r);

    /// <summary>The body of <see cref="LinearRowInChains{L, V, A, N}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LinearRowInChainsBody<L, V, A, N>(ref float x, int xStride, ref float w, int wStride, ref float b, ref float z, ref float y, int zStride, int inputs, int r)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where N : struct, IConstant
    {
        // At most 32 locals (the JIT inlines no method with more, and LinearOneRow inlines this): no locals for the
        // broadcasts, which the JIT loads once for both vectors, and no named flags.
        nuint s = (nuint)L.Count;
        V a0 = BiasAt<L, V>(ref b, 0), a1 = N.Value > 1 ? BiasAt<L, V>(ref b, s) : default;
        V b0 = L.Zero, b1 = L.Zero, c0 = L.Zero, c1 = L.Zero, d0 = L.Zero, d1 = L.Zero;
        V e0 = L.Zero, e1 = L.Zero, f0 = L.Zero, f1 = L.Zero, g0 = L.Zero, g1 = L.Zero, h0 = L.Zero, h1 = L.Zero;
        // The weight rows' offsets hoisted and both pointers stepped: the JIT does not strength-reduce i · wStride, and
        // indices recomputed per input were as many instructions as the multiply-adds.
        nuint w1 = (nuint)wStride, w2 = 2 * w1, w3 = 3 * w1, w4 = 4 * w1, w5 = 5 * w1, w6 = 6 * w1, w7 = 7 * w1, w8 = 8 * w1;
        ref float xi = ref Unsafe.Add(ref x, r * xStride);
        ref float wi = ref w;
        int i = 0;
        for (; L.Count == 16 && i + 8 <= inputs; i += 8)
        {
            a0 = L.MultiplyAdd(L.Broadcast(xi), L.Load(ref wi, 0), a0);
            b0 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, 1)), L.Load(ref wi, w1), b0);
            c0 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, 2)), L.Load(ref wi, w2), c0);
            d0 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, 3)), L.Load(ref wi, w3), d0);
            e0 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, 4)), L.Load(ref wi, w4), e0);
            f0 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, 5)), L.Load(ref wi, w5), f0);
            g0 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, 6)), L.Load(ref wi, w6), g0);
            h0 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, 7)), L.Load(ref wi, w7), h0);
            if (N.Value > 1)
            {
                a1 = L.MultiplyAdd(L.Broadcast(xi), L.Load(ref wi, s), a1);
                b1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, 1)), L.Load(ref wi, w1 + s), b1);
                c1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, 2)), L.Load(ref wi, w2 + s), c1);
                d1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, 3)), L.Load(ref wi, w3 + s), d1);
                e1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, 4)), L.Load(ref wi, w4 + s), e1);
                f1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, 5)), L.Load(ref wi, w5 + s), f1);
                g1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, 6)), L.Load(ref wi, w6 + s), g1);
                h1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, 7)), L.Load(ref wi, w7 + s), h1);
            }
            xi = ref Unsafe.Add(ref xi, 8);
            wi = ref Unsafe.Add(ref wi, w8);
        }
        for (; i + 4 <= inputs; i += 4)
        {
            a0 = L.MultiplyAdd(L.Broadcast(xi), L.Load(ref wi, 0), a0);
            b0 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, 1)), L.Load(ref wi, w1), b0);
            c0 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, 2)), L.Load(ref wi, w2), c0);
            d0 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, 3)), L.Load(ref wi, w3), d0);
            if (N.Value > 1)
            {
                a1 = L.MultiplyAdd(L.Broadcast(xi), L.Load(ref wi, s), a1);
                b1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, 1)), L.Load(ref wi, w1 + s), b1);
                c1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, 2)), L.Load(ref wi, w2 + s), c1);
                d1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, 3)), L.Load(ref wi, w3 + s), d1);
            }
            xi = ref Unsafe.Add(ref xi, 4);
            wi = ref Unsafe.Add(ref wi, w4);
        }
        for (; i < inputs; i++)
        {
            a0 = L.MultiplyAdd(L.Broadcast(xi), L.Load(ref wi, 0), a0);
            if (N.Value > 1) a1 = L.MultiplyAdd(L.Broadcast(xi), L.Load(ref wi, s), a1);
            xi = ref Unsafe.Add(ref xi, 1);
            wi = ref Unsafe.Add(ref wi, w1);
        }
        a0 = L.Add(L.Add(a0, b0), L.Add(c0, d0));
        if (N.Value > 1) a1 = L.Add(L.Add(a1, b1), L.Add(c1, d1));
        if (L.Count == 16)
        {
            a0 = L.Add(a0, L.Add(L.Add(e0, f0), L.Add(g0, h0)));
            if (N.Value > 1) a1 = L.Add(a1, L.Add(L.Add(e1, f1), L.Add(g1, h1)));
        }
        Output<L, V, A>(ref z, ref y, (nuint)(r * zStride), a0);
        if (N.Value > 1) Output<L, V, A>(ref z, ref y, (nuint)(r * zStride) + s, a1);
    }

    /// <summary>
    /// One row of a layer three or four vectors wide (<typeparamref name="N"/>), its sums split into chains added at the end:
    /// 4 on Vector512 (input i into chain i mod 4, up to 16 accumulators of its 32 registers), else 2 (even and odd inputs;
    /// 16 registers without AVX-512). Digits' 64 → 64 layer is a chain of 16, not 64.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a call from the batch paths; LinearOneRow inlines the body
    private static void LinearRowWideInChains<L, V, A, N>(ref float x, int xStride, ref float w, int wStride, ref float b, ref float z, ref float y, int zStride, int inputs, int r)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where N : struct, IConstant
        => LinearRowWideInChainsBody<L, V, A, N>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, r);

    /// <summary>The body of <see cref="LinearRowWideInChains{L, V, A, N}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LinearRowWideInChainsBody<L, V, A, N>(ref float x, int xStride, ref float w, int wStride, ref float b, ref float z, ref float y, int zStride, int inputs, int r)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where N : struct, IConstant
    {
        // At most 32 locals, as LinearRowInChainsBody: offsets of the second to fourth vectors from s, no named flags.
        nuint s = (nuint)L.Count;
        V a0 = BiasAt<L, V>(ref b, 0), a1 = BiasAt<L, V>(ref b, s), a2 = BiasAt<L, V>(ref b, 2 * s), a3 = N.Value > 3 ? BiasAt<L, V>(ref b, 3 * s) : default;
        V b0 = L.Zero, b1 = L.Zero, b2 = L.Zero, b3 = L.Zero;
        V c0 = L.Zero, c1 = L.Zero, c2 = L.Zero, c3 = L.Zero, d0 = L.Zero, d1 = L.Zero, d2 = L.Zero, d3 = L.Zero;
        // Offsets hoisted and pointers stepped, as in LinearRowInChains.
        nuint w1 = (nuint)wStride, w2 = 2 * w1, w3 = 3 * w1, w4 = 4 * w1;
        ref float xi = ref Unsafe.Add(ref x, r * xStride);
        ref float wi = ref w;
        int i = 0;
        // Each input broadcast from memory: a load-port µop, where permutes share Intel's port 5 with its 512-bit FMAs
        // (digits' predict_1 1.16x → 1.01x the fast reference's on Emerald Rapids); Zen 4 takes LinearRowWidePermuted.
        for (; L.Count == 16 && i + 4 <= inputs; i += 4)
        {
            InputIntoChain<L, V, N>(L.Broadcast(xi), ref wi, s, ref a0, ref a1, ref a2, ref a3);
            InputIntoChain<L, V, N>(L.Broadcast(Unsafe.Add(ref xi, 1)), ref Unsafe.Add(ref wi, w1), s, ref b0, ref b1, ref b2, ref b3);
            InputIntoChain<L, V, N>(L.Broadcast(Unsafe.Add(ref xi, 2)), ref Unsafe.Add(ref wi, w2), s, ref c0, ref c1, ref c2, ref c3);
            InputIntoChain<L, V, N>(L.Broadcast(Unsafe.Add(ref xi, 3)), ref Unsafe.Add(ref wi, w3), s, ref d0, ref d1, ref d2, ref d3);
            wi = ref Unsafe.Add(ref wi, w4);
            xi = ref Unsafe.Add(ref xi, 4);
        }
        for (; i + 2 <= inputs; i += 2)
        {
            InputIntoChain<L, V, N>(L.Broadcast(xi), ref wi, s, ref a0, ref a1, ref a2, ref a3);
            InputIntoChain<L, V, N>(L.Broadcast(Unsafe.Add(ref xi, 1)), ref Unsafe.Add(ref wi, w1), s, ref b0, ref b1, ref b2, ref b3);
            wi = ref Unsafe.Add(ref wi, w2);
            xi = ref Unsafe.Add(ref xi, 2);
        }
        if (i < inputs)
            InputIntoChain<L, V, N>(L.Broadcast(xi), ref wi, s, ref a0, ref a1, ref a2, ref a3);
        if (L.Count == 16)
        {
            a0 = L.Add(L.Add(a0, b0), L.Add(c0, d0));
            a1 = L.Add(L.Add(a1, b1), L.Add(c1, d1));
            a2 = L.Add(L.Add(a2, b2), L.Add(c2, d2));
            if (N.Value > 3) a3 = L.Add(L.Add(a3, b3), L.Add(c3, d3));
        }
        else
        {
            a0 = L.Add(a0, b0);
            a1 = L.Add(a1, b1);
            a2 = L.Add(a2, b2);
            if (N.Value > 3) a3 = L.Add(a3, b3);
        }
        Output<L, V, A>(ref z, ref y, (nuint)(r * zStride), a0);
        Output<L, V, A>(ref z, ref y, (nuint)(r * zStride) + s, a1);
        Output<L, V, A>(ref z, ref y, (nuint)(r * zStride) + 2 * s, a2);
        if (N.Value > 3) Output<L, V, A>(ref z, ref y, (nuint)(r * zStride) + 3 * s, a3);
    }

    /// <summary>
    /// One row of a layer one or two Vector512 wide over a whole number of sixteen inputs, on Zen 4 (<see cref="PermutesRowInputs"/>):
    /// the inputs sixteen to a load, each quarter copied to every quarter (vshuff32x4) and each of its inputs to every
    /// lane (vpermilps, in-lane), where a broadcast load each, beside one or two weight vectors of two load slots each,
    /// left the FMAs waiting on loads. Input i into chain i mod 8 in the same order as
    /// <see cref="LinearRowInChainsBody{L, V, A, N}"/>, so the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LinearRowInChainsPermuted<L, V, A, N>(ref float x, ref float w, int wStride, ref float b, ref float z, ref float y, int inputs)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where N : struct, IConstant
    {
        nuint s = (nuint)L.Count;
        V a0 = BiasAt<L, V>(ref b, 0), a1 = N.Value > 1 ? BiasAt<L, V>(ref b, s) : default;
        V b0 = L.Zero, b1 = L.Zero, c0 = L.Zero, c1 = L.Zero, d0 = L.Zero, d1 = L.Zero;
        V e0 = L.Zero, e1 = L.Zero, f0 = L.Zero, f1 = L.Zero, g0 = L.Zero, g1 = L.Zero, h0 = L.Zero, h1 = L.Zero;
        nuint w1 = (nuint)wStride, w2 = 2 * w1, w3 = 3 * w1, w4 = 4 * w1, w5 = 5 * w1, w6 = 6 * w1, w7 = 7 * w1, w8 = 8 * w1;
        ref float xi = ref x;
        ref float wi = ref w;
        for (int i = 0; i < inputs; i += 16)
        {
            Vector512<float> sixteen = AsVector512(L.Load(ref xi, 0)), quarter = Avx512F.Shuffle4x128(sixteen, sixteen, 0x00);
            InputIntoPair<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0x00)), ref wi, s, ref a0, ref a1);
            InputIntoPair<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0x55)), ref Unsafe.Add(ref wi, w1), s, ref b0, ref b1);
            InputIntoPair<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0xAA)), ref Unsafe.Add(ref wi, w2), s, ref c0, ref c1);
            InputIntoPair<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0xFF)), ref Unsafe.Add(ref wi, w3), s, ref d0, ref d1);
            quarter = Avx512F.Shuffle4x128(sixteen, sixteen, 0x55);
            InputIntoPair<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0x00)), ref Unsafe.Add(ref wi, w4), s, ref e0, ref e1);
            InputIntoPair<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0x55)), ref Unsafe.Add(ref wi, w5), s, ref f0, ref f1);
            InputIntoPair<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0xAA)), ref Unsafe.Add(ref wi, w6), s, ref g0, ref g1);
            InputIntoPair<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0xFF)), ref Unsafe.Add(ref wi, w7), s, ref h0, ref h1);
            wi = ref Unsafe.Add(ref wi, w8);
            quarter = Avx512F.Shuffle4x128(sixteen, sixteen, 0xAA);
            InputIntoPair<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0x00)), ref wi, s, ref a0, ref a1);
            InputIntoPair<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0x55)), ref Unsafe.Add(ref wi, w1), s, ref b0, ref b1);
            InputIntoPair<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0xAA)), ref Unsafe.Add(ref wi, w2), s, ref c0, ref c1);
            InputIntoPair<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0xFF)), ref Unsafe.Add(ref wi, w3), s, ref d0, ref d1);
            quarter = Avx512F.Shuffle4x128(sixteen, sixteen, 0xFF);
            InputIntoPair<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0x00)), ref Unsafe.Add(ref wi, w4), s, ref e0, ref e1);
            InputIntoPair<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0x55)), ref Unsafe.Add(ref wi, w5), s, ref f0, ref f1);
            InputIntoPair<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0xAA)), ref Unsafe.Add(ref wi, w6), s, ref g0, ref g1);
            InputIntoPair<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0xFF)), ref Unsafe.Add(ref wi, w7), s, ref h0, ref h1);
            wi = ref Unsafe.Add(ref wi, w8);
            xi = ref Unsafe.Add(ref xi, 16);
        }
        // LinearRowInChainsBody's sums, in its order.
        a0 = L.Add(L.Add(L.Add(a0, b0), L.Add(c0, d0)), L.Add(L.Add(e0, f0), L.Add(g0, h0)));
        Output<L, V, A>(ref z, ref y, 0, a0);
        if (N.Value > 1)
        {
            a1 = L.Add(L.Add(L.Add(a1, b1), L.Add(c1, d1)), L.Add(L.Add(e1, f1), L.Add(g1, h1)));
            Output<L, V, A>(ref z, ref y, s, a1);
        }
    }

    /// <summary>
    /// <see cref="LinearRowInChainsPermuted{L, V, A, N}"/> for a layer three or four vectors wide: input i into chain i mod 4
    /// in the same order as <see cref="LinearRowWideInChainsBody{L, V, A, N}"/>, so the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LinearRowWidePermuted<L, V, A, N>(ref float x, ref float w, int wStride, ref float b, ref float z, ref float y, int inputs)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where N : struct, IConstant
    {
        nuint s = (nuint)L.Count;
        V a0 = BiasAt<L, V>(ref b, 0), a1 = BiasAt<L, V>(ref b, s), a2 = BiasAt<L, V>(ref b, 2 * s), a3 = N.Value > 3 ? BiasAt<L, V>(ref b, 3 * s) : default;
        V b0 = L.Zero, b1 = L.Zero, b2 = L.Zero, b3 = L.Zero;
        V c0 = L.Zero, c1 = L.Zero, c2 = L.Zero, c3 = L.Zero, d0 = L.Zero, d1 = L.Zero, d2 = L.Zero, d3 = L.Zero;
        nuint w1 = (nuint)wStride, w2 = 2 * w1, w3 = 3 * w1, w4 = 4 * w1;
        ref float xi = ref x;
        ref float wi = ref w;
        for (int i = 0; i < inputs; i += 16)
        {
            Vector512<float> sixteen = AsVector512(L.Load(ref xi, 0));
            Vector512<float> quarter = Avx512F.Shuffle4x128(sixteen, sixteen, 0x00);
            InputIntoChain<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0x00)), ref wi, s, ref a0, ref a1, ref a2, ref a3);
            InputIntoChain<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0x55)), ref Unsafe.Add(ref wi, w1), s, ref b0, ref b1, ref b2, ref b3);
            InputIntoChain<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0xAA)), ref Unsafe.Add(ref wi, w2), s, ref c0, ref c1, ref c2, ref c3);
            InputIntoChain<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0xFF)), ref Unsafe.Add(ref wi, w3), s, ref d0, ref d1, ref d2, ref d3);
            wi = ref Unsafe.Add(ref wi, w4);
            quarter = Avx512F.Shuffle4x128(sixteen, sixteen, 0x55);
            InputIntoChain<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0x00)), ref wi, s, ref a0, ref a1, ref a2, ref a3);
            InputIntoChain<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0x55)), ref Unsafe.Add(ref wi, w1), s, ref b0, ref b1, ref b2, ref b3);
            InputIntoChain<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0xAA)), ref Unsafe.Add(ref wi, w2), s, ref c0, ref c1, ref c2, ref c3);
            InputIntoChain<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0xFF)), ref Unsafe.Add(ref wi, w3), s, ref d0, ref d1, ref d2, ref d3);
            wi = ref Unsafe.Add(ref wi, w4);
            quarter = Avx512F.Shuffle4x128(sixteen, sixteen, 0xAA);
            InputIntoChain<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0x00)), ref wi, s, ref a0, ref a1, ref a2, ref a3);
            InputIntoChain<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0x55)), ref Unsafe.Add(ref wi, w1), s, ref b0, ref b1, ref b2, ref b3);
            InputIntoChain<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0xAA)), ref Unsafe.Add(ref wi, w2), s, ref c0, ref c1, ref c2, ref c3);
            InputIntoChain<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0xFF)), ref Unsafe.Add(ref wi, w3), s, ref d0, ref d1, ref d2, ref d3);
            wi = ref Unsafe.Add(ref wi, w4);
            quarter = Avx512F.Shuffle4x128(sixteen, sixteen, 0xFF);
            InputIntoChain<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0x00)), ref wi, s, ref a0, ref a1, ref a2, ref a3);
            InputIntoChain<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0x55)), ref Unsafe.Add(ref wi, w1), s, ref b0, ref b1, ref b2, ref b3);
            InputIntoChain<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0xAA)), ref Unsafe.Add(ref wi, w2), s, ref c0, ref c1, ref c2, ref c3);
            InputIntoChain<L, V, N>(FromVector512<V>(Avx512F.Permute4x32(quarter, 0xFF)), ref Unsafe.Add(ref wi, w3), s, ref d0, ref d1, ref d2, ref d3);
            wi = ref Unsafe.Add(ref wi, w4);
            xi = ref Unsafe.Add(ref xi, 16);
        }
        // LinearRowWideInChainsBody's sums, in its order.
        Output<L, V, A>(ref z, ref y, 0, L.Add(L.Add(a0, b0), L.Add(c0, d0)));
        Output<L, V, A>(ref z, ref y, s, L.Add(L.Add(a1, b1), L.Add(c1, d1)));
        Output<L, V, A>(ref z, ref y, 2 * s, L.Add(L.Add(a2, b2), L.Add(c2, d2)));
        if (N.Value > 3) Output<L, V, A>(ref z, ref y, 3 * s, L.Add(L.Add(a3, b3), L.Add(c3, d3)));
    }

    /// <summary>One input of a row one or two vectors wide into one chain: its broadcast times the weights' vectors at <paramref name="weights"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InputIntoPair<L, V, N>(V input, ref float weights, nuint s, ref V c0, ref V c1)
        where L : struct, ILanes<V> where V : struct where N : struct, IConstant
    {
        c0 = L.MultiplyAdd(input, L.Load(ref weights, 0), c0);
        if (N.Value > 1) c1 = L.MultiplyAdd(input, L.Load(ref weights, s), c1);
    }

    /// <summary>
    /// Whether the one-row kernel of layers three or four Vector512 wide takes its inputs sixteen to a load and permutes
    /// them into every lane (Zen 4: <see cref="Cpu.IsZen4"/>), instead of a broadcast load each: the same multiply-adds in
    /// the same order, the same bits. The AppContext switch <c>NetGen.Runtime.PermutedRowInputs</c> decides instead where it
    /// is set (the numerics tests set it, so the path runs on every CPU with AVX-512).
    /// </summary>
    internal static readonly bool PermutesRowInputs = Avx512F.IsSupported &&
        (AppContext.TryGetSwitch("NetGen.Runtime.PermutedRowInputs", out bool set) ? set : Cpu.IsZen4());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> AsVector512<V>(V vector) where V : struct => Unsafe.As<V, Vector512<float>>(ref vector);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V FromVector512<V>(Vector512<float> vector) where V : struct => Unsafe.As<Vector512<float>, V>(ref vector);

    /// <summary>One input of a row three or four vectors wide into one chain: its broadcast times the weights' vectors at <paramref name="weights"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InputIntoChain<L, V, N>(V input, ref float weights, nuint s, ref V c0, ref V c1, ref V c2, ref V c3)
        where L : struct, ILanes<V> where V : struct where N : struct, IConstant
    {
        c0 = L.MultiplyAdd(input, L.Load(ref weights, 0), c0);
        c1 = L.MultiplyAdd(input, L.Load(ref weights, s), c1);
        c2 = L.MultiplyAdd(input, L.Load(ref weights, 2 * s), c2);
        if (N.Value > 3) c3 = L.MultiplyAdd(input, L.Load(ref weights, 3 * s), c3);
    }

    /// <summary>
    /// The rows below <paramref name="blocked"/> (a multiple of 8) in blocks of 8, a layer <typeparamref name="N"/> (1 or 2)
    /// vectors wide: 8 or 16 accumulators. Two 512-bit FMA pipes of 4 cycles' latency (Zen 5) need 8 sums in flight; 4 rows ×
    /// 2 vectors had exactly those, and every late broadcast stalled them.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a root of its own: inlined into a training pass, its row outputs ran that method's inlining budget out (InliningCheck)
    private static void LinearRows8<L, V, A, N, S>(ref float x, int xStride, ref float w, int wStride, ref float b, ref float z, ref float y, int zStride, int inputs, int blocked)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where N : struct, IConstant where S : struct, IDenseShape
    {
        xStride = IDenseShape.Or(S.XStride, xStride); wStride = IDenseShape.Or(S.WStride, wStride);
        zStride = IDenseShape.Or(S.ZStride, zStride); inputs = IDenseShape.Or(S.Inputs, inputs);
        nuint s = (nuint)L.Count;
        bool two = N.Value > 1;
        V bias0 = BiasAt<L, V>(ref b, 0), bias1 = two ? BiasAt<L, V>(ref b, s) : default;
        for (int r = 0; r < blocked; r += 8)
        {
            ref float x0 = ref Unsafe.Add(ref x, r * xStride);
            nuint s1 = (nuint)xStride, s2 = 2 * s1, s3 = 3 * s1, s4 = 4 * s1, s5 = 5 * s1, s6 = 6 * s1, s7 = 7 * s1;
            V z0 = bias0, z1 = bias0, z2 = bias0, z3 = bias0, z4 = bias0, z5 = bias0, z6 = bias0, z7 = bias0;
            V u0 = bias1, u1 = bias1, u2 = bias1, u3 = bias1, u4 = bias1, u5 = bias1, u6 = bias1, u7 = bias1;
            for (int i = 0; i < inputs; i++)
            {
                ref float wr = ref Unsafe.Add(ref w, i * wStride);
                V wi = L.Load(ref wr, 0), wj = two ? L.Load(ref wr, s) : default;
                ref float xi = ref Unsafe.Add(ref x0, i);
                V v = L.Broadcast(xi);
                z0 = L.MultiplyAdd(v, wi, z0); if (two) u0 = L.MultiplyAdd(v, wj, u0);
                v = L.Broadcast(Unsafe.Add(ref xi, s1));
                z1 = L.MultiplyAdd(v, wi, z1); if (two) u1 = L.MultiplyAdd(v, wj, u1);
                v = L.Broadcast(Unsafe.Add(ref xi, s2));
                z2 = L.MultiplyAdd(v, wi, z2); if (two) u2 = L.MultiplyAdd(v, wj, u2);
                v = L.Broadcast(Unsafe.Add(ref xi, s3));
                z3 = L.MultiplyAdd(v, wi, z3); if (two) u3 = L.MultiplyAdd(v, wj, u3);
                v = L.Broadcast(Unsafe.Add(ref xi, s4));
                z4 = L.MultiplyAdd(v, wi, z4); if (two) u4 = L.MultiplyAdd(v, wj, u4);
                v = L.Broadcast(Unsafe.Add(ref xi, s5));
                z5 = L.MultiplyAdd(v, wi, z5); if (two) u5 = L.MultiplyAdd(v, wj, u5);
                v = L.Broadcast(Unsafe.Add(ref xi, s6));
                z6 = L.MultiplyAdd(v, wi, z6); if (two) u6 = L.MultiplyAdd(v, wj, u6);
                v = L.Broadcast(Unsafe.Add(ref xi, s7));
                z7 = L.MultiplyAdd(v, wi, z7); if (two) u7 = L.MultiplyAdd(v, wj, u7);
            }
            nuint row = (nuint)(r * zStride), next = (nuint)zStride;
            OutputRow<L, V, A, N>(ref z, ref y, row, z0, u0, default, default);
            OutputRow<L, V, A, N>(ref z, ref y, row + next, z1, u1, default, default);
            OutputRow<L, V, A, N>(ref z, ref y, row + 2 * next, z2, u2, default, default);
            OutputRow<L, V, A, N>(ref z, ref y, row + 3 * next, z3, u3, default, default);
            OutputRow<L, V, A, N>(ref z, ref y, row + 4 * next, z4, u4, default, default);
            OutputRow<L, V, A, N>(ref z, ref y, row + 5 * next, z5, u5, default, default);
            OutputRow<L, V, A, N>(ref z, ref y, row + 6 * next, z6, u6, default, default);
            OutputRow<L, V, A, N>(ref z, ref y, row + 7 * next, z7, u7, default, default);
        }
    }

    /// <summary>
    /// The rows below <paramref name="blocked"/> (a multiple of 16) in blocks of 16, a layer one Vector512 wide: 16 accumulators
    /// of its 32 registers, each weight vector loaded once for the block. Each sum in order, as <see cref="LinearRows8{L, V, A, N, S}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a root of its own: inlined into a training pass, its row outputs ran that method's inlining budget out (InliningCheck)
    private static void LinearRows16<L, V, A, S>(ref float x, int xStride, ref float w, int wStride, ref float b, ref float z, ref float y, int zStride, int inputs, int blocked)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where S : struct, IDenseShape
    {
        xStride = IDenseShape.Or(S.XStride, xStride); wStride = IDenseShape.Or(S.WStride, wStride);
        zStride = IDenseShape.Or(S.ZStride, zStride); inputs = IDenseShape.Or(S.Inputs, inputs);
        V bias = BiasAt<L, V>(ref b, 0);
        for (int r = 0; r < blocked; r += 16)
        {
            ref float x0 = ref Unsafe.Add(ref x, r * xStride);
            ref float x8 = ref Unsafe.Add(ref x0, 8 * xStride);
            nuint s1 = (nuint)xStride, s2 = 2 * s1, s3 = 3 * s1, s4 = 4 * s1, s5 = 5 * s1, s6 = 6 * s1, s7 = 7 * s1;
            V z0 = bias, z1 = bias, z2 = bias, z3 = bias, z4 = bias, z5 = bias, z6 = bias, z7 = bias;
            V u0 = bias, u1 = bias, u2 = bias, u3 = bias, u4 = bias, u5 = bias, u6 = bias, u7 = bias;
            for (int i = 0; i < inputs; i++)
            {
                V wi = L.Load(ref Unsafe.Add(ref w, i * wStride), 0);
                ref float xi = ref Unsafe.Add(ref x0, i);
                ref float xj = ref Unsafe.Add(ref x8, i);
                z0 = L.MultiplyAdd(L.Broadcast(xi), wi, z0);
                z1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, s1)), wi, z1);
                z2 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, s2)), wi, z2);
                z3 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, s3)), wi, z3);
                z4 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, s4)), wi, z4);
                z5 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, s5)), wi, z5);
                z6 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, s6)), wi, z6);
                z7 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xi, s7)), wi, z7);
                u0 = L.MultiplyAdd(L.Broadcast(xj), wi, u0);
                u1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xj, s1)), wi, u1);
                u2 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xj, s2)), wi, u2);
                u3 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xj, s3)), wi, u3);
                u4 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xj, s4)), wi, u4);
                u5 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xj, s5)), wi, u5);
                u6 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xj, s6)), wi, u6);
                u7 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xj, s7)), wi, u7);
            }
            nuint row = (nuint)(r * zStride), next = (nuint)zStride;
            OutputEightRows<L, V, A>(ref z, ref y, row, next, z0, z1, z2, z3, z4, z5, z6, z7);
            OutputEightRows<L, V, A>(ref z, ref y, row + 8 * next, next, u0, u1, u2, u3, u4, u5, u6, u7);
        }
    }

    /// <summary>One vector of each of eight rows <paramref name="next"/> apart, from <paramref name="row"/> on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OutputEightRows<L, V, A>(ref float z, ref float y, nuint row, nuint next, V a0, V a1, V a2, V a3, V a4, V a5, V a6, V a7)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V>
    {
        Output<L, V, A>(ref z, ref y, row, a0);
        Output<L, V, A>(ref z, ref y, row + next, a1);
        Output<L, V, A>(ref z, ref y, row + 2 * next, a2);
        Output<L, V, A>(ref z, ref y, row + 3 * next, a3);
        Output<L, V, A>(ref z, ref y, row + 4 * next, a4);
        Output<L, V, A>(ref z, ref y, row + 5 * next, a5);
        Output<L, V, A>(ref z, ref y, row + 6 * next, a6);
        Output<L, V, A>(ref z, ref y, row + 7 * next, a7);
    }

    /// <summary>The first N of four accumulators of a row, at <paramref name="offset"/> and the vectors after it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OutputRow<L, V, A, N>(ref float z, ref float y, nuint offset, V a0, V a1, V a2, V a3)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where N : struct, IConstant
    {
        nuint s = (nuint)L.Count;
        Output<L, V, A>(ref z, ref y, offset, a0);
        if (N.Value > 1) Output<L, V, A>(ref z, ref y, offset + s, a1);
        if (N.Value > 2) Output<L, V, A>(ref z, ref y, offset + 2 * s, a2);
        if (N.Value > 3) Output<L, V, A>(ref z, ref y, offset + 3 * s, a3);
    }

    /// <summary>
    /// Rows <paramref name="rowFrom"/> to <paramref name="rowTo"/> one at a time, <typeparamref name="N"/> (1 to 16) vectors
    /// from vector <paramref name="k"/>: N accumulators, written for 16
    /// (Vector512 holds them with 16 registers to spare); the JIT drops the statements past N.
    /// </summary>
    // Never inlined: a root of its own, so its row's inputs (InputIntoRow) inline. Inlined into mnist's one-row forward pass
    // they stayed calls of 17 arguments, one an input: its prediction 11.1 → 20-27 µs on Zen 1.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LinearRow<L, V, A, N>(ref float x, int xStride, ref float w, int wStride, ref float b, ref float z, ref float y, int zStride, int inputs, int rowFrom, int rowTo, int k)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where N : struct, IConstant
    {
        for (int r = rowFrom; r < rowTo; r++)
            LinearRow<L, V, A, N>(ref x, xStride, ref w, wStride, ref b, ref z, ref y, zStride, inputs, r, k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LinearRow<L, V, A, N>(ref float x, int xStride, ref float w, int wStride, ref float b, ref float z, ref float y, int zStride, int inputs, int r, int k)
        where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V> where N : struct, IConstant
    {
        nuint s = (nuint)L.Count, c = (nuint)k * s;
        int n = N.Value;
        ref float xr = ref Unsafe.Add(ref x, r * xStride);
        V a0 = BiasAt<L, V>(ref b, c), a1 = n > 1 ? BiasAt<L, V>(ref b, c + s) : default, a2 = n > 2 ? BiasAt<L, V>(ref b, c + 2 * s) : default, a3 = n > 3 ? BiasAt<L, V>(ref b, c + 3 * s) : default;
        V a4 = n > 4 ? BiasAt<L, V>(ref b, c + 4 * s) : default, a5 = n > 5 ? BiasAt<L, V>(ref b, c + 5 * s) : default, a6 = n > 6 ? BiasAt<L, V>(ref b, c + 6 * s) : default, a7 = n > 7 ? BiasAt<L, V>(ref b, c + 7 * s) : default;
        V a8 = n > 8 ? BiasAt<L, V>(ref b, c + 8 * s) : default, a9 = n > 9 ? BiasAt<L, V>(ref b, c + 9 * s) : default, a10 = n > 10 ? BiasAt<L, V>(ref b, c + 10 * s) : default, a11 = n > 11 ? BiasAt<L, V>(ref b, c + 11 * s) : default;
        V a12 = n > 12 ? BiasAt<L, V>(ref b, c + 12 * s) : default, a13 = n > 13 ? BiasAt<L, V>(ref b, c + 13 * s) : default, a14 = n > 14 ? BiasAt<L, V>(ref b, c + 14 * s) : default, a15 = n > 15 ? BiasAt<L, V>(ref b, c + 15 * s) : default;
        // Inputs 4 at a time, both references stepped: a loop step per input (its index arithmetic and branch) took digits'
        // 64 → 64 row 277 ns where this takes 242 on Zen 1 (gcc's unrolled loop: 235). The sums in the same order.
        ref float wi = ref Unsafe.Add(ref w, c);
        ref float xi = ref xr;
        nuint ws = (nuint)wStride;
        int i = 0;
        for (; i + 4 <= inputs; i += 4)
        {
            InputIntoRow<L, V, N>(L.Broadcast(xi), ref wi, s, ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7, ref a8, ref a9, ref a10, ref a11, ref a12, ref a13, ref a14, ref a15);
            InputIntoRow<L, V, N>(L.Broadcast(Unsafe.Add(ref xi, 1)), ref Unsafe.Add(ref wi, ws), s, ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7, ref a8, ref a9, ref a10, ref a11, ref a12, ref a13, ref a14, ref a15);
            InputIntoRow<L, V, N>(L.Broadcast(Unsafe.Add(ref xi, 2)), ref Unsafe.Add(ref wi, 2 * ws), s, ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7, ref a8, ref a9, ref a10, ref a11, ref a12, ref a13, ref a14, ref a15);
            InputIntoRow<L, V, N>(L.Broadcast(Unsafe.Add(ref xi, 3)), ref Unsafe.Add(ref wi, 3 * ws), s, ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7, ref a8, ref a9, ref a10, ref a11, ref a12, ref a13, ref a14, ref a15);
            wi = ref Unsafe.Add(ref wi, 4 * ws);
            xi = ref Unsafe.Add(ref xi, 4);
        }
        for (; i < inputs; i++)
        {
            InputIntoRow<L, V, N>(L.Broadcast(xi), ref wi, s, ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7, ref a8, ref a9, ref a10, ref a11, ref a12, ref a13, ref a14, ref a15);
            wi = ref Unsafe.Add(ref wi, ws);
            xi = ref Unsafe.Add(ref xi, 1);
        }
        nuint row = (nuint)(r * zStride) + c;
        Output<L, V, A>(ref z, ref y, row, a0);
        if (n > 1) Output<L, V, A>(ref z, ref y, row + s, a1);
        if (n > 2) Output<L, V, A>(ref z, ref y, row + 2 * s, a2);
        if (n > 3) Output<L, V, A>(ref z, ref y, row + 3 * s, a3);
        if (n > 4) Output<L, V, A>(ref z, ref y, row + 4 * s, a4);
        if (n > 5) Output<L, V, A>(ref z, ref y, row + 5 * s, a5);
        if (n > 6) Output<L, V, A>(ref z, ref y, row + 6 * s, a6);
        if (n > 7) Output<L, V, A>(ref z, ref y, row + 7 * s, a7);
        if (n > 8) Output<L, V, A>(ref z, ref y, row + 8 * s, a8);
        if (n > 9) Output<L, V, A>(ref z, ref y, row + 9 * s, a9);
        if (n > 10) Output<L, V, A>(ref z, ref y, row + 10 * s, a10);
        if (n > 11) Output<L, V, A>(ref z, ref y, row + 11 * s, a11);
        if (n > 12) Output<L, V, A>(ref z, ref y, row + 12 * s, a12);
        if (n > 13) Output<L, V, A>(ref z, ref y, row + 13 * s, a13);
        if (n > 14) Output<L, V, A>(ref z, ref y, row + 14 * s, a14);
        if (n > 15) Output<L, V, A>(ref z, ref y, row + 15 * s, a15);
    }

    /// <summary>One input <paramref name="v"/> (broadcast) into a row's first <typeparamref name="N"/> accumulators, its weight vectors from <paramref name="wi"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InputIntoRow<L, V, N>(V v, ref float wi, nuint s, ref V a0, ref V a1, ref V a2, ref V a3, ref V a4, ref V a5, ref V a6, ref V a7,
        ref V a8, ref V a9, ref V a10, ref V a11, ref V a12, ref V a13, ref V a14, ref V a15)
        where L : struct, ILanes<V> where V : struct where N : struct, IConstant
    {
        int n = N.Value;
        a0 = L.MultiplyAdd(v, L.Load(ref wi, 0), a0);
        if (n > 1) a1 = L.MultiplyAdd(v, L.Load(ref wi, s), a1);
        if (n > 2) a2 = L.MultiplyAdd(v, L.Load(ref wi, 2 * s), a2);
        if (n > 3) a3 = L.MultiplyAdd(v, L.Load(ref wi, 3 * s), a3);
        if (n > 4) a4 = L.MultiplyAdd(v, L.Load(ref wi, 4 * s), a4);
        if (n > 5) a5 = L.MultiplyAdd(v, L.Load(ref wi, 5 * s), a5);
        if (n > 6) a6 = L.MultiplyAdd(v, L.Load(ref wi, 6 * s), a6);
        if (n > 7) a7 = L.MultiplyAdd(v, L.Load(ref wi, 7 * s), a7);
        if (n > 8) a8 = L.MultiplyAdd(v, L.Load(ref wi, 8 * s), a8);
        if (n > 9) a9 = L.MultiplyAdd(v, L.Load(ref wi, 9 * s), a9);
        if (n > 10) a10 = L.MultiplyAdd(v, L.Load(ref wi, 10 * s), a10);
        if (n > 11) a11 = L.MultiplyAdd(v, L.Load(ref wi, 11 * s), a11);
        if (n > 12) a12 = L.MultiplyAdd(v, L.Load(ref wi, 12 * s), a12);
        if (n > 13) a13 = L.MultiplyAdd(v, L.Load(ref wi, 13 * s), a13);
        if (n > 14) a14 = L.MultiplyAdd(v, L.Load(ref wi, 14 * s), a14);
        if (n > 15) a15 = L.MultiplyAdd(v, L.Load(ref wi, 15 * s), a15);
    }

    /// <summary>
    /// Stores z at <paramref name="offset"/> and, when the activation has outputs of its own, y = A(z) beside it. A layer that
    /// keeps no z (its derivative is a function of y) gives z y's place: then y alone is stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Output<L, V, A>(ref float z, ref float y, nuint offset, V value) where L : struct, ILanes<V> where V : struct where A : struct, IActivation<V>
    {
        if (A.StoresDerivative)
        {
            L.Store(A.DerivativeAt(value, ref y, offset), ref z, offset); // an input gradient: the layer below's dz, its z at y
            return;
        }
        if (!A.StoresY || !Unsafe.AreSame(ref z, ref y))
            L.Store(value, ref z, offset);
        if (A.StoresY)
            L.Store(A.Apply(value), ref y, offset);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<L, V>(ref float destination, nuint c, V v0, V v1, V v2, V v3) where L : struct, ILanes<V> where V : struct
    {
        nuint s = (nuint)L.Count;
        L.Store(v0, ref destination, c);
        L.Store(v1, ref destination, c + s);
        L.Store(v2, ref destination, c + 2 * s);
        L.Store(v3, ref destination, c + 3 * s);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WeightGradient4x4<L, V, W>(ref float x, int xStride, ref float d, int dStride, ref float g, int gStride, int rows, nuint c, ref W work)
        where L : struct, ILanes<V> where V : struct where W : IInterleavedWork, allows ref struct
    {
        nuint s = (nuint)L.Count;
        V g00 = L.Zero, g01 = L.Zero, g02 = L.Zero, g03 = L.Zero, g10 = L.Zero, g11 = L.Zero, g12 = L.Zero, g13 = L.Zero;
        V g20 = L.Zero, g21 = L.Zero, g22 = L.Zero, g23 = L.Zero, g30 = L.Zero, g31 = L.Zero, g32 = L.Zero, g33 = L.Zero;
        for (int r = 0; r < rows; r++)
        {
            ref float dr = ref Unsafe.Add(ref d, r * dStride);
            ref float xr = ref Unsafe.Add(ref x, r * xStride);
            V d0 = L.Load(ref dr, c), d1 = L.Load(ref dr, c + s), d2 = L.Load(ref dr, c + 2 * s), d3 = L.Load(ref dr, c + 3 * s);
            V v = L.Broadcast(xr);
            g00 = L.MultiplyAdd(v, d0, g00); g01 = L.MultiplyAdd(v, d1, g01); g02 = L.MultiplyAdd(v, d2, g02); g03 = L.MultiplyAdd(v, d3, g03);
            v = L.Broadcast(Unsafe.Add(ref xr, 1));
            g10 = L.MultiplyAdd(v, d0, g10); g11 = L.MultiplyAdd(v, d1, g11); g12 = L.MultiplyAdd(v, d2, g12); g13 = L.MultiplyAdd(v, d3, g13);
            v = L.Broadcast(Unsafe.Add(ref xr, 2));
            g20 = L.MultiplyAdd(v, d0, g20); g21 = L.MultiplyAdd(v, d1, g21); g22 = L.MultiplyAdd(v, d2, g22); g23 = L.MultiplyAdd(v, d3, g23);
            v = L.Broadcast(Unsafe.Add(ref xr, 3));
            g30 = L.MultiplyAdd(v, d0, g30); g31 = L.MultiplyAdd(v, d1, g31); g32 = L.MultiplyAdd(v, d2, g32); g33 = L.MultiplyAdd(v, d3, g33);
            work.Step(); // one vector of the work between this row's 16 multiply-adds and the next's
        }
        StoreRow<L, V>(ref g, c, g00, g01, g02, g03);
        StoreRow<L, V>(ref Unsafe.Add(ref g, gStride), c, g10, g11, g12, g13);
        StoreRow<L, V>(ref Unsafe.Add(ref g, 2 * gStride), c, g20, g21, g22, g23);
        StoreRow<L, V>(ref Unsafe.Add(ref g, 3 * gStride), c, g30, g31, g32, g33);
    }

    /// <summary>
    /// <typeparamref name="R"/> (4 or 8) inputs × 2 vectors of columns from <paramref name="c"/>: 8 or 16 accumulators, the
    /// work's piece between rows. 8 inputs on Vector512, whose 32 registers hold 16: two FMA pipes of 4 cycles need 8 sums in
    /// flight, and 4 × 2 had no slack; 4 on the narrower widths.
    /// </summary>
    // A root of its own: inlined, its 16 accumulators' statements spent the caller's inlining budget, and the 4 × 4 kernel
    // beside it then called its vector operations (digits' backward 6× slower).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WeightGradientTwoVectors<L, V, W, R, S>(ref float x, int xStride, ref float d, int dStride, ref float g, int gStride, int rows, nuint c, ref W work)
        where L : struct, ILanes<V> where V : struct where W : IInterleavedWork, allows ref struct where R : struct, IConstant where S : struct, IDenseShape =>
        TwoVectorBlock<L, V, W, R>(ref x, IDenseShape.Or(S.XStride, xStride), ref d, IDenseShape.Or(S.ZStride, dStride), ref g, IDenseShape.Or(S.WStride, gStride), rows, c, ref work);

    /// <summary>The block of <see cref="WeightGradientTwoVectors{L, V, W, R, S}"/>, inlined where a root calls it (once, or in a loop).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TwoVectorBlock<L, V, W, R>(ref float x, int xStride, ref float d, int dStride, ref float g, int gStride, int rows, nuint c, ref W work)
        where L : struct, ILanes<V> where V : struct where W : IInterleavedWork, allows ref struct where R : struct, IConstant
    {
        nuint s = (nuint)L.Count;
        bool eight = R.Value > 4;
        V g00 = L.Zero, g01 = L.Zero, g10 = L.Zero, g11 = L.Zero, g20 = L.Zero, g21 = L.Zero, g30 = L.Zero, g31 = L.Zero;
        V g40 = L.Zero, g41 = L.Zero, g50 = L.Zero, g51 = L.Zero, g60 = L.Zero, g61 = L.Zero, g70 = L.Zero, g71 = L.Zero;
        // Both rows' references stepped (the JIT does not strength-reduce r · stride), never past the last row. Four inputs
        // (8 multiply-adds a row) take two rows a loop step: iris's 16 × 16 on Zen 1, 243-258 → 228-246 ns (a row a step
        // spent its loop's branch and stepping on 8 multiply-adds). The sums in the same order.
        ref float dr = ref d, xr = ref x;
        nuint dStep = (nuint)dStride, xStep = (nuint)xStride;
        int left = rows;
        for (; !eight && left >= 2; )
        {
            RowIntoTwoVectorBlock<L, V, R>(ref dr, ref xr, c, ref g00, ref g01, ref g10, ref g11, ref g20, ref g21, ref g30, ref g31, ref g40, ref g41, ref g50, ref g51, ref g60, ref g61, ref g70, ref g71);
            work.Step();
            RowIntoTwoVectorBlock<L, V, R>(ref Unsafe.Add(ref dr, dStep), ref Unsafe.Add(ref xr, xStep), c, ref g00, ref g01, ref g10, ref g11, ref g20, ref g21, ref g30, ref g31, ref g40, ref g41, ref g50, ref g51, ref g60, ref g61, ref g70, ref g71);
            work.Step();
            if ((left -= 2) == 0)
                break; // the references stay on the last rows
            dr = ref Unsafe.Add(ref dr, 2 * dStep);
            xr = ref Unsafe.Add(ref xr, 2 * xStep);
        }
        for (; left > 0; )
        {
            RowIntoTwoVectorBlock<L, V, R>(ref dr, ref xr, c, ref g00, ref g01, ref g10, ref g11, ref g20, ref g21, ref g30, ref g31, ref g40, ref g41, ref g50, ref g51, ref g60, ref g61, ref g70, ref g71);
            work.Step();
            if (--left == 0)
                break; // the references stay on the last row
            dr = ref Unsafe.Add(ref dr, dStep);
            xr = ref Unsafe.Add(ref xr, xStep);
        }
        StorePair<L, V>(ref g, c, g00, g01);
        StorePair<L, V>(ref Unsafe.Add(ref g, gStride), c, g10, g11);
        StorePair<L, V>(ref Unsafe.Add(ref g, 2 * gStride), c, g20, g21);
        StorePair<L, V>(ref Unsafe.Add(ref g, 3 * gStride), c, g30, g31);
        if (!eight)
            return;
        StorePair<L, V>(ref Unsafe.Add(ref g, 4 * gStride), c, g40, g41);
        StorePair<L, V>(ref Unsafe.Add(ref g, 5 * gStride), c, g50, g51);
        StorePair<L, V>(ref Unsafe.Add(ref g, 6 * gStride), c, g60, g61);
        StorePair<L, V>(ref Unsafe.Add(ref g, 7 * gStride), c, g70, g71);
    }

    /// <summary>One row into <see cref="TwoVectorBlock{L, V, W, R}"/>'s accumulators: its 2 dz vectors at <paramref name="dr"/> + <paramref name="c"/> times each of its <typeparamref name="R"/> inputs at <paramref name="xr"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowIntoTwoVectorBlock<L, V, R>(ref float dr, ref float xr, nuint c, ref V g00, ref V g01, ref V g10, ref V g11, ref V g20, ref V g21, ref V g30, ref V g31,
        ref V g40, ref V g41, ref V g50, ref V g51, ref V g60, ref V g61, ref V g70, ref V g71)
        where L : struct, ILanes<V> where V : struct where R : struct, IConstant
    {
        V d0 = L.Load(ref dr, c), d1 = L.Load(ref dr, c + (nuint)L.Count);
        V v = L.Broadcast(xr);
        g00 = L.MultiplyAdd(v, d0, g00); g01 = L.MultiplyAdd(v, d1, g01);
        v = L.Broadcast(Unsafe.Add(ref xr, 1));
        g10 = L.MultiplyAdd(v, d0, g10); g11 = L.MultiplyAdd(v, d1, g11);
        v = L.Broadcast(Unsafe.Add(ref xr, 2));
        g20 = L.MultiplyAdd(v, d0, g20); g21 = L.MultiplyAdd(v, d1, g21);
        v = L.Broadcast(Unsafe.Add(ref xr, 3));
        g30 = L.MultiplyAdd(v, d0, g30); g31 = L.MultiplyAdd(v, d1, g31);
        if (R.Value > 4)
        {
            v = L.Broadcast(Unsafe.Add(ref xr, 4));
            g40 = L.MultiplyAdd(v, d0, g40); g41 = L.MultiplyAdd(v, d1, g41);
            v = L.Broadcast(Unsafe.Add(ref xr, 5));
            g50 = L.MultiplyAdd(v, d0, g50); g51 = L.MultiplyAdd(v, d1, g51);
            v = L.Broadcast(Unsafe.Add(ref xr, 6));
            g60 = L.MultiplyAdd(v, d0, g60); g61 = L.MultiplyAdd(v, d1, g61);
            v = L.Broadcast(Unsafe.Add(ref xr, 7));
            g70 = L.MultiplyAdd(v, d0, g70); g71 = L.MultiplyAdd(v, d1, g71);
        }
    }

    /// <summary>
    /// The columns <c>[0, <paramref name="columns"/>)</c> (whole blocks of 4 vectors) of every input, in blocks of 2 inputs ×
    /// 4 vectors: 8 accumulators, each row's 4 dz vectors loaded once for both inputs, the rows' references stepped (never
    /// past the last row); the work's piece between rows. An odd count moves its last pair back over the one before.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a root of its own, as WeightGradientTwoVectors; the blocks' loops inside (a call a block cost 3 %)
    private static void WeightGradientTwoByFour<L, V, W, S>(ref float x, int xStride, ref float d, int dStride, ref float g, int gStride, int rows, int inputs, nuint columns, ref W work)
        where L : struct, ILanes<V> where V : struct where W : IInterleavedWork, allows ref struct where S : struct, IDenseShape
    {
        xStride = IDenseShape.Or(S.XStride, xStride); dStride = IDenseShape.Or(S.ZStride, dStride); gStride = IDenseShape.Or(S.WStride, gStride);
        inputs = IDenseShape.Or(S.Inputs, inputs);
        for (int i = 0; i < inputs; i += 2)
        {
            if (i > inputs - 2)
                i = inputs - 2;
            for (nuint c = 0; c < columns; c += 4 * (nuint)L.Count)
                TwoByFour<L, V, W>(ref Unsafe.Add(ref x, i), xStride, ref d, dStride, ref Unsafe.Add(ref g, i * gStride), gStride, rows, c, ref work);
        }
    }

    /// <summary>
    /// Whether a layer's weight gradient goes by units (<see cref="WeightGradientByUnits{L, V, W}"/>): on the narrower
    /// widths, where a quarter or more of its columns are padding (a classifier's 10 logits in 16 columns), its inputs
    /// whole blocks of 4 vectors and the transposed block small enough for the stack. <paramref name="units"/> is the
    /// shape's (0 where the kernel is not compiled for one: then not).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ByUnits<L, V>(int units, int inputs, int columns) where L : struct, ILanes<V> where V : struct =>
        L.Count > 1 && L.Count < 16 && units >= 2 && 4 * columns >= 5 * units && inputs % (4 * L.Count) == 0 && columns * inputs <= MostByUnits;

    /// <summary>Floats of the transposed block <see cref="WeightGradientByUnits{L, V, W}"/> keeps on the stack: 8 KB.</summary>
    private const int MostByUnits = 2048;

    /// <summary>
    /// <c>dWᵀ</c> by units: each unit's dz broadcast against whole vectors of inputs (<see cref="WeightGradientTwoByFour{L, V, W, S}"/>
    /// with x and dz in each other's place), into <c>[columns][inputs]</c> on the stack (the padding units' rows zero),
    /// then square transpositions into the layer's <c>[inputs][columns]</c>. No multiply-adds of the padding columns
    /// (digits' logits: 1 280 where 2 048), and the same sums in the same order: the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WeightGradientByUnits<L, V, W>(ref float x, int xStride, ref float d, int dStride, ref float gw, int gwStride, int rows, int inputs, int columns, int units, ref W work)
        where L : struct, ILanes<V> where V : struct where W : IInterleavedWork, allows ref struct
    {
        ref float t = ref StackBlock.Aligned(stackalloc float[MostByUnits + StackBlock.Slack]);
        MemoryMarshal.CreateSpan(ref Unsafe.Add(ref t, units * inputs), (columns - units) * inputs).Clear();
        WeightGradientTwoByFour<L, V, W, ArgumentShape>(ref d, dStride, ref x, xStride, ref t, inputs, rows, units, (nuint)inputs, ref work);
        for (int o = 0; o < columns; o += L.Count)
            for (int i = 0; i < inputs; i += L.Count)
                L.TransposeSquare(ref Unsafe.Add(ref t, o * inputs + i), inputs, ref Unsafe.Add(ref gw, i * gwStride + o), gwStride);
    }

    /// <summary>
    /// The 2 vectors of columns from <paramref name="c"/> of every input, in blocks of 4 inputs (the last moved back over
    /// the one before where the count is not a multiple of 4): 8 accumulators, the rows' references stepped (never past
    /// the last row); the work's piece between rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a root of its own, as WeightGradientTwoByFour
    private static void WeightGradientFourByTwo<L, V, W, S>(ref float x, int xStride, ref float d, int dStride, ref float g, int gStride, int rows, int inputs, nuint c, ref W work)
        where L : struct, ILanes<V> where V : struct where W : IInterleavedWork, allows ref struct where S : struct, IDenseShape
    {
        xStride = IDenseShape.Or(S.XStride, xStride); dStride = IDenseShape.Or(S.ZStride, dStride); gStride = IDenseShape.Or(S.WStride, gStride);
        inputs = IDenseShape.Or(S.Inputs, inputs);
        for (int i = 0; i < inputs; i += 4)
        {
            if (i > inputs - 4)
                i = inputs - 4;
            TwoVectorBlock<L, V, W, N4>(ref Unsafe.Add(ref x, i), xStride, ref d, dStride, ref Unsafe.Add(ref g, i * gStride), gStride, rows, c, ref work);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TwoByFour<L, V, W>(ref float x, int xStride, ref float d, int dStride, ref float g, int gStride, int rows, nuint c, ref W work)
        where L : struct, ILanes<V> where V : struct where W : IInterleavedWork, allows ref struct
    {
        nuint s = (nuint)L.Count;
        V g00 = L.Zero, g01 = L.Zero, g02 = L.Zero, g03 = L.Zero, g10 = L.Zero, g11 = L.Zero, g12 = L.Zero, g13 = L.Zero;
        ref float dr = ref Unsafe.Add(ref d, c), xr = ref x;
        nuint dStep = (nuint)dStride, xStep = (nuint)xStride;
        for (int left = rows; ; )
        {
            V d0 = L.Load(ref dr, 0), d1 = L.Load(ref dr, s), d2 = L.Load(ref dr, 2 * s), d3 = L.Load(ref dr, 3 * s);
            V v = L.Broadcast(xr);
            g00 = L.MultiplyAdd(v, d0, g00); g01 = L.MultiplyAdd(v, d1, g01); g02 = L.MultiplyAdd(v, d2, g02); g03 = L.MultiplyAdd(v, d3, g03);
            v = L.Broadcast(Unsafe.Add(ref xr, 1));
            g10 = L.MultiplyAdd(v, d0, g10); g11 = L.MultiplyAdd(v, d1, g11); g12 = L.MultiplyAdd(v, d2, g12); g13 = L.MultiplyAdd(v, d3, g13);
            work.Step();
            if (--left == 0)
                break; // the references stay on the last row
            dr = ref Unsafe.Add(ref dr, dStep);
            xr = ref Unsafe.Add(ref xr, xStep);
        }
        StoreRow<L, V>(ref g, c, g00, g01, g02, g03);
        StoreRow<L, V>(ref Unsafe.Add(ref g, gStride), c, g10, g11, g12, g13);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePair<L, V>(ref float destination, nuint c, V v0, V v1) where L : struct, ILanes<V> where V : struct
    {
        L.Store(v0, ref destination, c);
        L.Store(v1, ref destination, c + (nuint)L.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WeightGradient8x1<L, V>(ref float x, int xStride, ref float d, int dStride, ref float g, int gStride, int rows)
        where L : struct, ILanes<V> where V : struct
    {
        V g0 = L.Zero, g1 = L.Zero, g2 = L.Zero, g3 = L.Zero, g4 = L.Zero, g5 = L.Zero, g6 = L.Zero, g7 = L.Zero;
        // Two rows a loop step, both references stepped, never past the last row (a row a step spent its index
        // arithmetic and branch on 8 multiply-adds: as TwoVectorBlock). The sums in row order.
        ref float dr = ref d, xr = ref x;
        nuint dStep = (nuint)dStride, xStep = (nuint)xStride;
        int left = rows;
        for (; left >= 2; )
        {
            RowIntoEightInputs<L, V>(L.Load(ref dr, 0), ref xr, ref g0, ref g1, ref g2, ref g3, ref g4, ref g5, ref g6, ref g7);
            RowIntoEightInputs<L, V>(L.Load(ref dr, dStep), ref Unsafe.Add(ref xr, xStep), ref g0, ref g1, ref g2, ref g3, ref g4, ref g5, ref g6, ref g7);
            if ((left -= 2) == 0)
                break;
            dr = ref Unsafe.Add(ref dr, 2 * dStep);
            xr = ref Unsafe.Add(ref xr, 2 * xStep);
        }
        if (left == 1)
            RowIntoEightInputs<L, V>(L.Load(ref dr, 0), ref xr, ref g0, ref g1, ref g2, ref g3, ref g4, ref g5, ref g6, ref g7);
        L.Store(g0, ref g, 0);
        L.Store(g1, ref Unsafe.Add(ref g, gStride), 0);
        L.Store(g2, ref Unsafe.Add(ref g, 2 * gStride), 0);
        L.Store(g3, ref Unsafe.Add(ref g, 3 * gStride), 0);
        L.Store(g4, ref Unsafe.Add(ref g, 4 * gStride), 0);
        L.Store(g5, ref Unsafe.Add(ref g, 5 * gStride), 0);
        L.Store(g6, ref Unsafe.Add(ref g, 6 * gStride), 0);
        L.Store(g7, ref Unsafe.Add(ref g, 7 * gStride), 0);
    }

    /// <summary>One row's dz vector <paramref name="d0"/> times its 8 inputs at <paramref name="xr"/>, into <see cref="WeightGradient8x1{L, V}"/>'s sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowIntoEightInputs<L, V>(V d0, ref float xr, ref V g0, ref V g1, ref V g2, ref V g3, ref V g4, ref V g5, ref V g6, ref V g7)
        where L : struct, ILanes<V> where V : struct
    {
        g0 = L.MultiplyAdd(L.Broadcast(xr), d0, g0);
        g1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xr, 1)), d0, g1);
        g2 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xr, 2)), d0, g2);
        g3 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xr, 3)), d0, g3);
        g4 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xr, 4)), d0, g4);
        g5 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xr, 5)), d0, g5);
        g6 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xr, 6)), d0, g6);
        g7 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xr, 7)), d0, g7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WeightGradient4x1<L, V>(ref float x, int xStride, ref float d, int dStride, ref float g, int gStride, int rows, nuint c)
        where L : struct, ILanes<V> where V : struct
    {
        V g0 = L.Zero, g1 = L.Zero, g2 = L.Zero, g3 = L.Zero;
        for (int r = 0; r < rows; r++)
        {
            ref float xr = ref Unsafe.Add(ref x, r * xStride);
            V d0 = L.Load(ref Unsafe.Add(ref d, r * dStride), c);
            g0 = L.MultiplyAdd(L.Broadcast(xr), d0, g0);
            g1 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xr, 1)), d0, g1);
            g2 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xr, 2)), d0, g2);
            g3 = L.MultiplyAdd(L.Broadcast(Unsafe.Add(ref xr, 3)), d0, g3);
        }
        L.Store(g0, ref g, c);
        L.Store(g1, ref Unsafe.Add(ref g, gStride), c);
        L.Store(g2, ref Unsafe.Add(ref g, 2 * gStride), c);
        L.Store(g3, ref Unsafe.Add(ref g, 3 * gStride), c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InputGradient4x4<L, V>(ref float w, int wStride, ref float d, int dStride, ref float dx, int dxStride, nuint n)
        where L : struct, ILanes<V> where V : struct
    {
        ref float w0 = ref w, w1 = ref Unsafe.Add(ref w, wStride), w2 = ref Unsafe.Add(ref w, 2 * wStride), w3 = ref Unsafe.Add(ref w, 3 * wStride);
        ref float d0 = ref d, d1 = ref Unsafe.Add(ref d, dStride), d2 = ref Unsafe.Add(ref d, 2 * dStride), d3 = ref Unsafe.Add(ref d, 3 * dStride);
        V s00 = L.Zero, s01 = L.Zero, s02 = L.Zero, s03 = L.Zero, s10 = L.Zero, s11 = L.Zero, s12 = L.Zero, s13 = L.Zero;
        V s20 = L.Zero, s21 = L.Zero, s22 = L.Zero, s23 = L.Zero, s30 = L.Zero, s31 = L.Zero, s32 = L.Zero, s33 = L.Zero;
        for (nuint c = 0; c < n; c += (nuint)L.Count)
        {
            V v0 = L.Load(ref w0, c), v1 = L.Load(ref w1, c), v2 = L.Load(ref w2, c), v3 = L.Load(ref w3, c);
            V e = L.Load(ref d0, c);
            s00 = L.MultiplyAdd(v0, e, s00); s01 = L.MultiplyAdd(v1, e, s01); s02 = L.MultiplyAdd(v2, e, s02); s03 = L.MultiplyAdd(v3, e, s03);
            e = L.Load(ref d1, c);
            s10 = L.MultiplyAdd(v0, e, s10); s11 = L.MultiplyAdd(v1, e, s11); s12 = L.MultiplyAdd(v2, e, s12); s13 = L.MultiplyAdd(v3, e, s13);
            e = L.Load(ref d2, c);
            s20 = L.MultiplyAdd(v0, e, s20); s21 = L.MultiplyAdd(v1, e, s21); s22 = L.MultiplyAdd(v2, e, s22); s23 = L.MultiplyAdd(v3, e, s23);
            e = L.Load(ref d3, c);
            s30 = L.MultiplyAdd(v0, e, s30); s31 = L.MultiplyAdd(v1, e, s31); s32 = L.MultiplyAdd(v2, e, s32); s33 = L.MultiplyAdd(v3, e, s33);
        }
        L.StoreSums(s00, s01, s02, s03, ref dx);
        L.StoreSums(s10, s11, s12, s13, ref Unsafe.Add(ref dx, dxStride));
        L.StoreSums(s20, s21, s22, s23, ref Unsafe.Add(ref dx, 2 * dxStride));
        L.StoreSums(s30, s31, s32, s33, ref Unsafe.Add(ref dx, 3 * dxStride));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InputGradient2x4<L, V>(ref float w, int wStride, ref float d, int dStride, ref float dx, int dxStride, nuint n)
        where L : struct, ILanes<V> where V : struct
    {
        ref float w0 = ref w, w1 = ref Unsafe.Add(ref w, wStride), w2 = ref Unsafe.Add(ref w, 2 * wStride), w3 = ref Unsafe.Add(ref w, 3 * wStride);
        ref float d0 = ref d, d1 = ref Unsafe.Add(ref d, dStride);
        V s00 = L.Zero, s01 = L.Zero, s02 = L.Zero, s03 = L.Zero, s10 = L.Zero, s11 = L.Zero, s12 = L.Zero, s13 = L.Zero;
        for (nuint c = 0; c < n; c += (nuint)L.Count)
        {
            V v0 = L.Load(ref w0, c), v1 = L.Load(ref w1, c), v2 = L.Load(ref w2, c), v3 = L.Load(ref w3, c);
            V e = L.Load(ref d0, c);
            s00 = L.MultiplyAdd(v0, e, s00); s01 = L.MultiplyAdd(v1, e, s01); s02 = L.MultiplyAdd(v2, e, s02); s03 = L.MultiplyAdd(v3, e, s03);
            e = L.Load(ref d1, c);
            s10 = L.MultiplyAdd(v0, e, s10); s11 = L.MultiplyAdd(v1, e, s11); s12 = L.MultiplyAdd(v2, e, s12); s13 = L.MultiplyAdd(v3, e, s13);
        }
        L.StoreSums(s00, s01, s02, s03, ref dx);
        L.StoreSums(s10, s11, s12, s13, ref Unsafe.Add(ref dx, dxStride));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InputGradient1x4<L, V>(ref float w, int wStride, ref float d, ref float dx, nuint n)
        where L : struct, ILanes<V> where V : struct
    {
        ref float w0 = ref w, w1 = ref Unsafe.Add(ref w, wStride), w2 = ref Unsafe.Add(ref w, 2 * wStride), w3 = ref Unsafe.Add(ref w, 3 * wStride);
        V s0 = L.Zero, s1 = L.Zero, s2 = L.Zero, s3 = L.Zero;
        for (nuint c = 0; c < n; c += (nuint)L.Count)
        {
            V e = L.Load(ref d, c);
            s0 = L.MultiplyAdd(L.Load(ref w0, c), e, s0);
            s1 = L.MultiplyAdd(L.Load(ref w1, c), e, s1);
            s2 = L.MultiplyAdd(L.Load(ref w2, c), e, s2);
            s3 = L.MultiplyAdd(L.Load(ref w3, c), e, s3);
        }
        L.StoreSums(s0, s1, s2, s3, ref dx);
    }

    /// <summary>A count fixed by the type (the vectors of a register block), so the JIT compiles one kernel per count.</summary>
    private interface IConstant { static abstract int Value { get; } }
    private readonly struct N1 : IConstant { public static int Value => 1; }
    private readonly struct N2 : IConstant { public static int Value => 2; }
    private readonly struct N3 : IConstant { public static int Value => 3; }
    private readonly struct N4 : IConstant { public static int Value => 4; }
    private readonly struct N5 : IConstant { public static int Value => 5; }
    private readonly struct N6 : IConstant { public static int Value => 6; }
    private readonly struct N7 : IConstant { public static int Value => 7; }
    private readonly struct N8 : IConstant { public static int Value => 8; }
    private readonly struct N9 : IConstant { public static int Value => 9; }
    private readonly struct N10 : IConstant { public static int Value => 10; }
    private readonly struct N11 : IConstant { public static int Value => 11; }
    private readonly struct N12 : IConstant { public static int Value => 12; }
    private readonly struct N13 : IConstant { public static int Value => 13; }
    private readonly struct N14 : IConstant { public static int Value => 14; }
    private readonly struct N15 : IConstant { public static int Value => 15; }
    private readonly struct N16 : IConstant { public static int Value => 16; }
}
