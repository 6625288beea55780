using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>A network's Adam hyperparameters as constants, for <see cref="AdamRegisterStep{H}"/> (the generated code declares them).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IAdamHyperparameters
{
    /// <summary>β1, as declared (a double, as PyTorch's Python float).</summary>
    static abstract double Beta1 { get; }
    /// <summary>β2, as declared.</summary>
    static abstract double Beta2 { get; }
    /// <summary>ε.</summary>
    static abstract float Epsilon { get; }
}

/// <summary>
/// Adam's update of one vector of parameters whose gradient is still in a register, for the generated one-row training
/// pass (<c>GradientsOfOneRow</c>): the moments and the parameters at an offset updated with the arithmetic of
/// <c>OptimizerKernels.Adam</c>, operation for operation, so both give the same bits. One line of generated code
/// per gradient register instead of the update's seven. The hyperparameters are type constants (<typeparamref name="H"/>)
/// and the step's two scalars the only floats: as variables in registers, the betas' broadcasts took registers
/// across a method of many updates and spilled its gradients (iris's one-row training pass 253 → 270 ns).
/// A vector whose first moment is near zero is not stepped in the update: a bit marks it, and <see cref="Finish"/> steps
/// it after the last update (OptimizerKernels' StepNearZero, the same bits), its gradient read back from the buffer the
/// generated pass stores it to. A call in each update made every vector live across it a store to the stack where it
/// was computed (iris: 134 such stores and loads between the loss and the last update).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly ref struct AdamRegisterStep<H> where H : struct, IAdamHyperparameters
{
    private readonly AdamStep _scalars;
    // The CPU's choices, read once here: static readonly fields read in each update were, where the method was compiled
    // before their classes were initialized (Native AOT, the JIT without tiering), a class check and its call each.
    private readonly OptimizerKernels.NearZeroCheck _nearZeroCheck;
    private readonly bool _rootsOnMultiplyAdds;
    // The parameters' start (a deferred vector's bit is its offset from here, in vectors) and a bit per vector.
    private readonly ref float _parameters;
    private readonly Span<ulong> _deferred;

    /// <summary>
    /// The scalars of Adam's step number <paramref name="step"/> (1-based), as <c>OptimizerKernels.Adam</c> computes
    /// them; <paramref name="parameters"/> is the start of the storage the updates step, and <paramref name="deferred"/> a
    /// bit for each of its vectors of the widest width the updates take (cleared here).
    /// </summary>
    public AdamRegisterStep(float learningRate, long step, ref float parameters, Span<ulong> deferred)
    {
        _scalars = AdamStep.Of(learningRate, H.Beta1, H.Beta2, step);
        (_nearZeroCheck, _rootsOnMultiplyAdds) = (OptimizerKernels.NearZeroChecks, FmaSqrt.Preferred);
        _parameters = ref parameters;
        _deferred = deferred;
        deferred.Clear();
    }

    /// <summary>Words of <c>deferred</c> for a storage of <paramref name="floats"/> stepped by vectors of <paramref name="lanes"/>.</summary>
    public static int DeferredWords(int floats, int lanes) => (floats / lanes + 63) / 64;

    // 1 - β in double, then rounded, as OptimizerKernels' AdamConstants. Properties of H's constants, folded by the JIT:
    // static readonly fields were constants only where the class was initialized before the method was compiled, and
    // elsewhere (Native AOT, the JIT without tiering) each read was a class check, its call spilling the pass's vectors.
    private static float B1 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => (float)H.Beta1; }
    private static float B2 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => (float)H.Beta2; }
    private static float OneMinusB1 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => (float)(1 - H.Beta1); }
    private static float OneMinusB2 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => (float)(1 - H.Beta2); }
    private static float Epsilon { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => H.Epsilon; }
    // First moments below it defer their vector (a constant too: a step's own limit would take a register across its updates).
    private static float NearZeroLimit { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => OptimizerKernels.NearZeroOf(B1); }

    // One overload per vector type, written out rather than one generic body over ILanes: each update is inlined into a
    // method of dozens of them, and every level of inlining spends the JIT's budget for that method (it ran out once).
    /// <summary>Steps the 16 parameters at <paramref name="offset"/> of <paramref name="p"/> with gradient <paramref name="g"/>, their moments in <paramref name="m"/> and <paramref name="v"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update(Vector512<float> g, ref float p, ref float m, ref float v, nuint offset)
    {
        // As AdamLanes.Plain: each moment times β rounded (DecayProducts), then the gradient's term added in one rounding where there is FMA.
        var first = Vector512.LoadUnsafe(ref m, offset);
        if (_nearZeroCheck != OptimizerKernels.NearZeroCheck.None
            && (_nearZeroCheck == OptimizerKernels.NearZeroCheck.Subnormal ? Simd512.SubnormalBits(first) : Simd512.NonzeroBelowBits(first, NearZeroLimit)) != Vector512<uint>.Zero)
        {
            Defer(ref Unsafe.Add(ref p, offset), Vector512<float>.Count);
            return;
        }
        var moment = Vector512.MultiplyAddEstimate(g, Vector512.Create(OneMinusB1), DecayProducts.Of(first, Vector512.Create(B1)));
        var square = Vector512.MultiplyAddEstimate(g * OneMinusB2, g, DecayProducts.Of(Vector512.LoadUnsafe(ref v, offset), Vector512.Create(B2)));
        moment.StoreUnsafe(ref m, offset);
        square.StoreUnsafe(ref v, offset);
        // Every other vector's root on the multiply-add units (FmaSqrt), the divider left the division alone for it.
        var root = _rootsOnMultiplyAdds && (offset & 16) != 0 ? FmaSqrt.Of(square) : Vector512.Sqrt(square);
        var denominator = Vector512.MultiplyAddEstimate(root, Vector512.Create(_scalars.InverseSecondMomentCorrection), Vector512.Create(Epsilon));
        Vector512.MultiplyAddEstimate(Vector512.Create(-_scalars.StepSize), moment / denominator, Vector512.LoadUnsafe(ref p, offset)).StoreUnsafe(ref p, offset);
    }

    /// <summary>The same on 8 parameters.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update(Vector256<float> g, ref float p, ref float m, ref float v, nuint offset)
    {
        var first = Vector256.LoadUnsafe(ref m, offset);
        if (_nearZeroCheck != OptimizerKernels.NearZeroCheck.None
            && (_nearZeroCheck == OptimizerKernels.NearZeroCheck.Subnormal ? Simd256.SubnormalBits(first) : Simd256.NonzeroBelowBits(first, NearZeroLimit)) != Vector256<uint>.Zero)
        {
            Defer(ref Unsafe.Add(ref p, offset), Vector256<float>.Count);
            return;
        }
        var moment = Vector256.MultiplyAddEstimate(g, Vector256.Create(OneMinusB1), DecayProducts.Of(first, Vector256.Create(B1)));
        var square = Vector256.MultiplyAddEstimate(g * OneMinusB2, g, DecayProducts.Of(Vector256.LoadUnsafe(ref v, offset), Vector256.Create(B2)));
        moment.StoreUnsafe(ref m, offset);
        square.StoreUnsafe(ref v, offset);
        var denominator = Vector256.MultiplyAddEstimate(Vector256.Sqrt(square), Vector256.Create(_scalars.InverseSecondMomentCorrection), Vector256.Create(Epsilon));
        Vector256.MultiplyAddEstimate(Vector256.Create(-_scalars.StepSize), moment / denominator, Vector256.LoadUnsafe(ref p, offset)).StoreUnsafe(ref p, offset);
    }

    /// <summary>The same on 4 parameters.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update(Vector128<float> g, ref float p, ref float m, ref float v, nuint offset)
    {
        var first = Vector128.LoadUnsafe(ref m, offset);
        if (_nearZeroCheck != OptimizerKernels.NearZeroCheck.None
            && (_nearZeroCheck == OptimizerKernels.NearZeroCheck.Subnormal ? Simd128.SubnormalBits(first) : Simd128.NonzeroBelowBits(first, NearZeroLimit)) != Vector128<uint>.Zero)
        {
            Defer(ref Unsafe.Add(ref p, offset), Vector128<float>.Count);
            return;
        }
        var moment = Vector128.MultiplyAddEstimate(g, Vector128.Create(OneMinusB1), DecayProducts.Of(first, Vector128.Create(B1)));
        var square = Vector128.MultiplyAddEstimate(g * OneMinusB2, g, DecayProducts.Of(Vector128.LoadUnsafe(ref v, offset), Vector128.Create(B2)));
        moment.StoreUnsafe(ref m, offset);
        square.StoreUnsafe(ref v, offset);
        var denominator = Vector128.MultiplyAddEstimate(Vector128.Sqrt(square), Vector128.Create(_scalars.InverseSecondMomentCorrection), Vector128.Create(Epsilon));
        Vector128.MultiplyAddEstimate(Vector128.Create(-_scalars.StepSize), moment / denominator, Vector128.LoadUnsafe(ref p, offset)).StoreUnsafe(ref p, offset);
    }

    /// <summary>Marks the vector of <paramref name="lanes"/> floats at <paramref name="start"/> for <see cref="Finish"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // OptimizerKernels.MarkVector's bit, set here: a level of inlining less in each update
    private void Defer(ref float start, int lanes)
    {
        nuint vector = (nuint)Unsafe.ByteOffset(ref _parameters, ref start) / (nuint)(sizeof(float) * lanes);
        _deferred[(int)(vector / 64)] |= 1UL << (int)(vector % 64);
    }

    /// <summary>
    /// Steps the vectors the updates deferred (first moments near zero) with OptimizerKernels' StepNearZero, the same
    /// bits as the plain step: their gradients at the same offsets of <paramref name="gradients"/>, their moments of
    /// <paramref name="firstMoment"/> and <paramref name="secondMoment"/>; <paramref name="lanes"/> is the updates' width.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a constant width at the call: one call, after the last update (no register is live across it)
    public void Finish(ref float gradients, ref float firstMoment, ref float secondMoment, int lanes)
    {
        if (lanes == 16) Finish<Simd512>(ref gradients, ref firstMoment, ref secondMoment);
        else if (lanes == 8) Finish<Simd256>(ref gradients, ref firstMoment, ref secondMoment);
        else if (lanes == 4) Finish<Simd128>(ref gradients, ref firstMoment, ref secondMoment);
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // each width a root of its own for the JIT's inlining budget (inlined into the dispatch, the path's operations were left calls: iris's one-row step 0.47 → 1.3 µs)
    private void Finish<T>(ref float gradients, ref float firstMoment, ref float secondMoment) where T : struct, ISimdLane<T>
    {
        new OptimizerKernels.AdamLanes<T>(new OptimizerKernels.AdamConstants(_scalars, H.Beta1, H.Beta2, H.Epsilon, 1f))
            .StepMarked(_deferred, ref _parameters, ref gradients, ref firstMoment, ref secondMoment);
    }

    /// <summary>
    /// <see cref="Update(Vector256{float}, ref float, ref float, ref float, nuint)"/> on <paramref name="vectors"/> vectors
    /// of <paramref name="lanes"/> floats from <paramref name="offset"/>, their gradients read back from
    /// <paramref name="g"/> where the pass stored them: the same bits, in a loop of its own (a pass of more updates than
    /// the JIT inlines; KernelBlocking.StepsStoredGradients).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a constant width at the call
    public void StepStored(ref float g, ref float p, ref float m, ref float v, nuint offset, int vectors, int lanes)
    {
        if (lanes == 16) StepStored512(ref g, ref p, ref m, ref v, offset, vectors);
        else if (lanes == 8) StepStored256(ref g, ref p, ref m, ref v, offset, vectors);
        else if (lanes == 4) StepStored128(ref g, ref p, ref m, ref v, offset, vectors);
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // each a root of its own for the JIT's inlining budget
    private void StepStored512(ref float g, ref float p, ref float m, ref float v, nuint offset, int vectors)
    {
        for (nuint end = offset + (nuint)(vectors * 16); offset < end; offset += 16)
            Update(Vector512.LoadUnsafe(ref g, offset), ref p, ref m, ref v, offset);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void StepStored256(ref float g, ref float p, ref float m, ref float v, nuint offset, int vectors)
    {
        for (nuint end = offset + (nuint)(vectors * 8); offset < end; offset += 8)
            Update(Vector256.LoadUnsafe(ref g, offset), ref p, ref m, ref v, offset);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void StepStored128(ref float g, ref float p, ref float m, ref float v, nuint offset, int vectors)
    {
        for (nuint end = offset + (nuint)(vectors * 4); offset < end; offset += 4)
            Update(Vector128.LoadUnsafe(ref g, offset), ref p, ref m, ref v, offset);
    }

    /// <summary>The same on one parameter (a one-unit layer's weight stored on its own; no path for moments near zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update(float g, ref float p, ref float m, ref float v, nuint offset)
    {
        float moment = float.MultiplyAddEstimate(g, OneMinusB1, DecayProducts.Of(Unsafe.Add(ref m, offset), B1));
        float square = float.MultiplyAddEstimate(g * OneMinusB2, g, DecayProducts.Of(Unsafe.Add(ref v, offset), B2));
        Unsafe.Add(ref m, offset) = moment;
        Unsafe.Add(ref v, offset) = square;
        Unsafe.Add(ref p, offset) = float.MultiplyAddEstimate(-_scalars.StepSize, moment / float.MultiplyAddEstimate(MathF.Sqrt(square), _scalars.InverseSecondMomentCorrection, Epsilon), Unsafe.Add(ref p, offset));
    }
}
