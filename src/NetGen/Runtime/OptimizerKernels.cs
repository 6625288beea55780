using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Element-wise training kernels over a model's flat parameter, gradient and state buffers
/// (torch.optim and torch.nn.utils semantics). Every length is a multiple of 16 floats: the
/// generated layouts pad each layer to a whole Vector512, so there are never tails, and padding
/// holds zero gradients, which every kernel below leaves at zero.
/// Each kernel runs the widest accelerated width: Vector512, 256, 128, else scalar. An optimizer's
/// <c>gradientScale</c> multiplies each gradient as it is read: a global-norm clip's factor
/// (<see cref="NormClipCoefficient"/>) without a pass that writes the scaled gradients back.
/// The per-width loops are never inlined: inlined into a caller that dynamic PGO has already filled up, the
/// JIT ran out of inlining budget and left the SIMD operators as calls (measured: a two-thread SGD step at 1.8×
/// its time). A call per buffer pass costs nothing next to the pass.
/// </summary>
public static partial class OptimizerKernels
{
    /// <summary>Padding granularity of every buffer these kernels take, in floats.</summary>
    public const int LengthMultiple = 16;

    /// <summary>torch.nn.utils.clip_grad_norm_: scales <paramref name="gradients"/> by <c>maxNorm / (‖g‖ + 1e-6)</c> when that is below 1. Returns ‖g‖ before clipping.</summary>
    public static float ClipByNorm(ref float gradients, int length, float maxNorm)
    {
        float norm = MathF.Sqrt(SumOfSquares(ref gradients, length));
        float coefficient = maxNorm / (norm + 1e-6f);
        if (coefficient < 1f)
            Scale(ref gradients, length, coefficient);
        return norm;
    }

    /// <summary>
    /// The factor <see cref="ClipByNorm"/> would scale by, or 1: for the optimizers' <c>gradientScale</c>, which
    /// apply it as they read each gradient (one pass over the gradients fewer; the same floats).
    /// </summary>
    public static float NormClipCoefficient(ref float gradients, int length, float maxNorm) =>
        ClipCoefficient(SumOfSquares(ref gradients, length), maxNorm);

    /// <summary>
    /// <see cref="NormClipCoefficient"/> from a sum of squares already taken: two training threads each sum their
    /// half of the buffer, and the halves meet in a fixed order.
    /// </summary>
    public static float ClipCoefficient(float sumOfSquares, float maxNorm)
    {
        float coefficient = maxNorm / (MathF.Sqrt(sumOfSquares) + 1e-6f);
        return coefficient < 1f ? coefficient : 1f;
    }

    /// <summary>torch.nn.utils.clip_grad_value_: clamps every gradient to <c>[-maxValue, maxValue]</c>.</summary>
    public static void ClipByValue(ref float gradients, int length, float maxValue)
    {
        if (Vector512.IsHardwareAccelerated) ClipByValue<Simd512>(ref gradients, length, maxValue);
        else if (Vector256.IsHardwareAccelerated) ClipByValue<Simd256>(ref gradients, length, maxValue);
        else if (Vector128.IsHardwareAccelerated) ClipByValue<Simd128>(ref gradients, length, maxValue);
        else ClipByValue<SimdScalar>(ref gradients, length, maxValue);
    }

    /// <summary>Σ g².</summary>
    public static float SumOfSquares(ref float values, int length)
    {
        if (Vector512.IsHardwareAccelerated) return SumOfSquares<Simd512>(ref values, length);
        if (Vector256.IsHardwareAccelerated) return SumOfSquares<Simd256>(ref values, length);
        if (Vector128.IsHardwareAccelerated) return SumOfSquares<Simd128>(ref values, length);
        return SumOfSquares<SimdScalar>(ref values, length);
    }

    /// <summary>g *= factor.</summary>
    public static void Scale(ref float values, int length, float factor)
    {
        if (Vector512.IsHardwareAccelerated) Scale<Simd512>(ref values, length, factor);
        else if (Vector256.IsHardwareAccelerated) Scale<Simd256>(ref values, length, factor);
        else if (Vector128.IsHardwareAccelerated) Scale<Simd128>(ref values, length, factor);
        else Scale<SimdScalar>(ref values, length, factor);
    }

    /// <summary><c>g += other</c>: a training thread's gradients summed into the network's, always in the same order.</summary>
    public static void Add(ref float values, ref float other, int length)
    {
        if (Vector512.IsHardwareAccelerated) Add<Simd512>(ref values, ref other, length);
        else if (Vector256.IsHardwareAccelerated) Add<Simd256>(ref values, ref other, length);
        else if (Vector128.IsHardwareAccelerated) Add<Simd128>(ref values, ref other, length);
        else Add<SimdScalar>(ref values, ref other, length);
    }

    /// <summary>The penalties' gradients, added in place: <c>g += wd · p + l1 · sign(p)</c> (sign(0) = 0, so padding stays zero).</summary>
    public static void AddPenalties(ref float parameters, ref float gradients, int length, float weightDecay, float l1)
    {
        if (Vector512.IsHardwareAccelerated) AddPenalties<Simd512>(ref parameters, ref gradients, length, weightDecay, l1);
        else if (Vector256.IsHardwareAccelerated) AddPenalties<Simd256>(ref parameters, ref gradients, length, weightDecay, l1);
        else if (Vector128.IsHardwareAccelerated) AddPenalties<Simd128>(ref parameters, ref gradients, length, weightDecay, l1);
        else AddPenalties<SimdScalar>(ref parameters, ref gradients, length, weightDecay, l1);
    }

    /// <summary>torch.optim.SGD without momentum: <c>p -= lr · g</c>.</summary>
    public static void Sgd(ref float parameters, ref float gradients, int length, float learningRate, float gradientScale = 1f)
    {
        if (Vector512.IsHardwareAccelerated) Sgd<Simd512>(ref parameters, ref gradients, length, learningRate, gradientScale);
        else if (Vector256.IsHardwareAccelerated) Sgd<Simd256>(ref parameters, ref gradients, length, learningRate, gradientScale);
        else if (Vector128.IsHardwareAccelerated) Sgd<Simd128>(ref parameters, ref gradients, length, learningRate, gradientScale);
        else Sgd<SimdScalar>(ref parameters, ref gradients, length, learningRate, gradientScale);
    }

    /// <summary>torch.optim.SGD with momentum μ, dampening 0: <c>v = μ v + g</c>; <c>p -= lr · v</c>, or <c>p -= lr · (g + μ v)</c> with Nesterov.</summary>
    public static void SgdMomentum(ref float parameters, ref float gradients, ref float velocity, int length, float learningRate, float momentum, bool nesterov, float gradientScale = 1f)
    {
        if (Vector512.IsHardwareAccelerated) SgdMomentum<Simd512>(ref parameters, ref gradients, ref velocity, length, learningRate, momentum, nesterov, gradientScale);
        else if (Vector256.IsHardwareAccelerated) SgdMomentum<Simd256>(ref parameters, ref gradients, ref velocity, length, learningRate, momentum, nesterov, gradientScale);
        else if (Vector128.IsHardwareAccelerated) SgdMomentum<Simd128>(ref parameters, ref gradients, ref velocity, length, learningRate, momentum, nesterov, gradientScale);
        else SgdMomentum<SimdScalar>(ref parameters, ref gradients, ref velocity, length, learningRate, momentum, nesterov, gradientScale);
    }

    /// <summary>
    /// torch.optim.Adam step number <paramref name="step"/> (1-based). The bias corrections are
    /// computed in double from the double-precision betas, as PyTorch does; the update in float32:
    /// <c>p -= (lr / (1 - β1^t)) · m / (sqrt(v) / sqrt(1 - β2^t) + ε)</c>. AdamW scales p by
    /// <c>1 - lr · wd</c> with <see cref="Scale"/> first. Inlined into the generated step: its betas are constants there, so
    /// the default betas' table test folds, and as Native AOT compiled it was a call per range that tested them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Adam(ref float parameters, ref float gradients, ref float firstMoment, ref float secondMoment, int length,
        float learningRate, double beta1, double beta2, float epsilon, long step, float gradientScale = 1f) =>
        Adam(ref parameters, ref gradients, ref firstMoment, ref secondMoment, length, AdamStep.Of(learningRate, beta1, beta2, step), beta1, beta2, epsilon, gradientScale);

    /// <summary>
    /// <see cref="Adam(ref float, ref float, ref float, ref float, int, float, double, double, float, long, float)"/> with the
    /// step's scalars computed already (<see cref="AdamStep.Of"/>): a step over its storage range by range computes them once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Adam(ref float parameters, ref float gradients, ref float firstMoment, ref float secondMoment, int length,
        in AdamStep step, double beta1, double beta2, float epsilon, float gradientScale = 1f)
    {
        var constants = new AdamConstants(step, beta1, beta2, epsilon, gradientScale);
        if (Vector512.IsHardwareAccelerated) Adam<Simd512>(ref parameters, ref gradients, ref firstMoment, ref secondMoment, length, constants);
        else if (Vector256.IsHardwareAccelerated) Adam<Simd256>(ref parameters, ref gradients, ref firstMoment, ref secondMoment, length, constants);
        else if (Vector128.IsHardwareAccelerated) Adam<Simd128>(ref parameters, ref gradients, ref firstMoment, ref secondMoment, length, constants);
        else Adam<SimdScalar>(ref parameters, ref gradients, ref firstMoment, ref secondMoment, length, constants);
    }

    /// <summary>torch.optim.Adagrad (lr_decay 0, initial accumulator 0): <c>s += g²; p -= lr · g / (√s + ε)</c>.</summary>
    public static void AdaGrad(ref float parameters, ref float gradients, ref float squareSum, int length, float learningRate, float epsilon)
    {
        if (Vector512.IsHardwareAccelerated) AdaGrad<Simd512>(ref parameters, ref gradients, ref squareSum, length, learningRate, epsilon);
        else if (Vector256.IsHardwareAccelerated) AdaGrad<Simd256>(ref parameters, ref gradients, ref squareSum, length, learningRate, epsilon);
        else if (Vector128.IsHardwareAccelerated) AdaGrad<Simd128>(ref parameters, ref gradients, ref squareSum, length, learningRate, epsilon);
        else AdaGrad<SimdScalar>(ref parameters, ref gradients, ref squareSum, length, learningRate, epsilon);
    }

    /// <summary>
    /// torch.optim.RMSprop: <c>v = α v + (1 - α) g²</c>; centered: <c>ḡ = α ḡ + (1 - α) g</c> and the
    /// denominator is <c>√(v - ḡ²) + ε</c>, else <c>√v + ε</c>; with momentum μ: <c>b = μ b + g / denominator; p -= lr · b</c>,
    /// else <c>p -= lr · g / denominator</c>. Pass <c>ref Unsafe.NullRef&lt;float&gt;()</c> for a buffer the options do not use.
    /// <paramref name="alpha"/> is the declared value in double: PyTorch's <c>1 - alpha</c> is a Python float.
    /// </summary>
    public static void RmsProp(ref float parameters, ref float gradients, ref float squareAverage, ref float gradientAverage, ref float velocity, int length,
        float learningRate, double alpha, float epsilon, float momentum, bool centered)
    {
        if (Vector512.IsHardwareAccelerated) RmsProp<Simd512>(ref parameters, ref gradients, ref squareAverage, ref gradientAverage, ref velocity, length, learningRate, alpha, epsilon, momentum, centered);
        else if (Vector256.IsHardwareAccelerated) RmsProp<Simd256>(ref parameters, ref gradients, ref squareAverage, ref gradientAverage, ref velocity, length, learningRate, alpha, epsilon, momentum, centered);
        else if (Vector128.IsHardwareAccelerated) RmsProp<Simd128>(ref parameters, ref gradients, ref squareAverage, ref gradientAverage, ref velocity, length, learningRate, alpha, epsilon, momentum, centered);
        else RmsProp<SimdScalar>(ref parameters, ref gradients, ref squareAverage, ref gradientAverage, ref velocity, length, learningRate, alpha, epsilon, momentum, centered);
    }

    internal readonly struct AdamConstants
    {
        public readonly float GradientScale;
        public readonly float Beta1;
        public readonly float Beta2;
        // 1 - β in double, then rounded: PyTorch's alpha=1 - beta1 and value=1 - beta2 are Python floats (1f - 0.999f is 1.3e-5 off).
        public readonly float OneMinusBeta1;
        public readonly float OneMinusBeta2;
        public readonly float StepSize;
        // 1 / sqrt(1 - β2^t): multiplied, not divided, so each element takes one division (the divider is the kernel's bottleneck).
        public readonly float InverseSecondMomentCorrection;
        public readonly float Epsilon;

        /// <summary>The constants of a step whose scalars are computed (<see cref="AdamStep.Of"/>), with a clip's factor.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public AdamConstants(in AdamStep step, double beta1, double beta2, float epsilon, float gradientScale)
        {
            GradientScale = gradientScale;
            Beta1 = (float)beta1;
            Beta2 = (float)beta2;
            OneMinusBeta1 = (float)(1 - beta1);
            OneMinusBeta2 = (float)(1 - beta2);
            StepSize = step.StepSize;
            InverseSecondMomentCorrection = step.InverseSecondMomentCorrection;
            Epsilon = epsilon;
        }
    }

    /// <summary>
    /// <see cref="AdamConstants"/> on every lane, and Adam's update of one vector of parameters: the one body of the
    /// step, whether a pass over the buffers (<c>Adam</c>) or a vector at a time between a backward pass's
    /// multiply-adds (<see cref="AdamInterleave"/>) takes it.
    /// </summary>
    // Its constructor inlined: called (code compiled without a profile, as Native AOT's), its fields written one by one were
    // read back as one wide copy, a store-forwarding stall every range's step.
    [method: MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal readonly partial struct AdamLanes<T>(in AdamConstants c) where T : struct, ISimdLane<T>
    {
        // Floats: a vector taken between a kernel's multiply-adds reads them as broadcasts instead of sixteen-float loads,
        // and a pass over the buffers (Pass) broadcasts them once into registers.
        private readonly float _b1 = c.Beta1, _oneMinusB1 = c.OneMinusBeta1, _b2 = c.Beta2, _oneMinusB2 = c.OneMinusBeta2;
        private readonly float _stepSize = c.StepSize, _inverseCorrection2 = c.InverseSecondMomentCorrection, _eps = c.Epsilon, _scale = c.GradientScale;
        // A clip's factor, when there is one: the multiply is one of the step's nine vector operations, most steps have none.
        private readonly bool _scaled = c.GradientScale != 1f;
        // The near-zero path's limits (AdamNearZero.cs), computed once a step where the path is taken (NearZeroChecks, a
        // constant to the JIT: elsewhere no step reaches the path, and a range's step spends nothing on them; Adam on 8 floats
        // on Zen 1, 42 → 29 ns, and iris's three ranges a step 525-537 → 505-511).
        private readonly float _keepsParameter = NearZeroChecks != NearZeroCheck.None ? KeepsParameterOf(c.StepSize) : 0f;
        private readonly bool _decayMayVanish = c.Beta1 <= 0.5f;
        // Where only the divider is slow on subnormals (Zen 4), StepNearZero takes β1·m by the plain multiply.
        private readonly bool _decaysByMultiply = NearZeroChecks == NearZeroCheck.Subnormal;
        // Always the limit itself, even where no step takes the path: 0 would read every nonzero moment as near zero.
        private readonly float _nearZero = NearZeroOf(c.Beta1);

        /// <summary>
        /// The step on the floats <c>[0, length)</c>, its constants broadcast into registers before the loop: read from this
        /// struct's fields inside it, the JIT broadcast each from the stack for every vector, 8 of the step's 23 operations.
        /// Iris's 416 floats on Zen 1 (Vector256), timed in one process: the kernel that did 612-676 ns, the same loop with
        /// its constants in registers 432-444. Vectors whose first moment is near zero are marked, a bit each, and stepped
        /// behind a call after their block of 64, the constants broadcast again for each block: with the call inside the
        /// loop, the JIT reloaded nine constants from the stack for every vector (iris's batch-16 step against the fast
        /// reference on an Intel Xeon 1.08-1.15 → 1.04-1.05, fast_reference.md). Every other vector takes its root on the
        /// multiply-add units where <see cref="ISimdLane{TSelf}.HasSqrtOnMultiplyAdds"/> (the same bits): the pass is bound by
        /// the divider, a root and a division a vector (iris's batch-16 backward with its steps against the reference's,
        /// 1.11-1.18 → 0.98-1.02).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Pass(ref float parameters, ref float gradients, ref float firstMoment, ref float secondMoment, int length)
        {
            bool scaled = _scaled;
            float nearZeroLimit = _nearZero; // a local: read from the struct (its address taken for the call), it was loaded for every vector
            // The statics read once: compiled before their classes are initialized (Native AOT, the JIT without tiering), each
            // read in the loop was a class check, a call there that spilled every vector to the stack.
            NearZeroCheck check = NearZeroChecks;
            bool bySubnormals = check == NearZeroCheck.Subnormal, belowLimit = check == NearZeroCheck.BelowLimit;
            bool rootsOnMultiplyAdds = T.HasSqrtOnMultiplyAdds;
            nuint blockLength = 64 * (nuint)T.Count;
            for (nuint block = 0; block < (nuint)length; block += blockLength)
            {
                // Broadcast for each block: live across the call below, the JIT reloaded them for every vector.
                T b1 = T.Create(_b1), oneMinusB1 = T.Create(_oneMinusB1), b2 = T.Create(_b2), oneMinusB2 = T.Create(_oneMinusB2);
                T negativeStepSize = T.Create(-_stepSize), inverseCorrection2 = T.Create(_inverseCorrection2), eps = T.Create(_eps), scale = T.Create(_scale);
                T negativeZero = T.Create(-0f);
                nuint end = Math.Min(block + blockLength, (nuint)length);
                ulong nearZero = 0; // a bit a vector of the block
                for (nuint i = block; i < end; i += (nuint)T.Count)
                {
                    T first = T.Load(ref firstMoment, i);
                    // The kind as two bools read once, and statements, as TryStep's: compiled ahead of time (Native AOT), one
                    // expression reloaded the enum from the stack, compared it twice and made its bool a register it then tested.
                    if (bySubnormals)
                    {
                        if (T.AnySubnormal(first))
                        {
                            nearZero |= 1UL << (int)((i - block) / (nuint)T.Count);
                            continue;
                        }
                    }
                    else if (belowLimit && T.AnyNonzeroBelow(first, nearZeroLimit))
                    {
                        nearZero |= 1UL << (int)((i - block) / (nuint)T.Count);
                        continue;
                    }
                    Plain(Gradient(ref gradients, i, scaled, scale), first, ref parameters, ref firstMoment, ref secondMoment, i,
                        b1, oneMinusB1, b2, oneMinusB2, negativeStepSize, inverseCorrection2, eps, negativeZero,
                        rootsOnMultiplyAdds && (i / (nuint)T.Count & 1) != 0);
                }
                if (nearZero != 0)
                    StepNearZeroCalled(nearZero, ref Unsafe.Add(ref parameters, block), ref Unsafe.Add(ref gradients, block),
                        ref Unsafe.Add(ref firstMoment, block), ref Unsafe.Add(ref secondMoment, block));
            }
        }

        /// <summary>
        /// The step on the vector at <paramref name="i"/> (as <see cref="Pass"/> takes each), unless <paramref name="deferring"/> finds the vector's first moment near zero
        /// (<see cref="NearZeroCheck.None"/> where the caller cannot take it later or the CPU takes the plain step: <see cref="NearZeroChecks"/>, read by the caller
        /// once): then nothing is written and false returned, for the caller to take the vector later with <see cref="StepNearZeroAt"/>. For a
        /// kernel's loop (<see cref="AdamInterleave"/>): the near-zero step's code inlined there ran its inlining budget out
        /// (digits' weight gradient: 9.5 → 18 µs a step), and behind a call the call spilled its accumulators.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryStep(ref float parameters, ref float gradients, ref float firstMoment, ref float secondMoment, nuint i, NearZeroCheck deferring)
        {
            T first = T.Load(ref firstMoment, i);
            // Statements, not one expression: the JIT made the expression's bool a register it then tested (four
            // instructions a vector more, digits' weight gradient with its step 0.1 µs slower on Zen 4).
            if (deferring == NearZeroCheck.Subnormal)
            {
                if (T.AnySubnormal(first))
                    return false;
            }
            else if (deferring == NearZeroCheck.BelowLimit && T.AnyNonzeroBelow(first, _nearZero))
                return false;
            Plain(Gradient(ref gradients, i), first, ref parameters, ref firstMoment, ref secondMoment, i);
            return true;
        }

        /// <summary>The gradient vector at <paramref name="i"/>, times a clip's factor when there is one.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private T Gradient(ref float gradients, nuint i) => Gradient(ref gradients, i, _scaled, T.Create(_scale));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static T Gradient(ref float gradients, nuint i, bool scaled, T scale) => scaled ? T.Load(ref gradients, i) * scale : T.Load(ref gradients, i);

        /// <summary>The step as PyTorch writes it, on gradient <paramref name="g"/> and first moment <paramref name="first"/> (already loaded).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Plain(T g, T first, ref float parameters, ref float firstMoment, ref float secondMoment, nuint i) =>
            Plain(g, first, ref parameters, ref firstMoment, ref secondMoment, i, T.Create(_b1), T.Create(_oneMinusB1), T.Create(_b2), T.Create(_oneMinusB2),
                T.Create(-_stepSize), T.Create(_inverseCorrection2), T.Create(_eps), T.Create(-0f));

        /// <summary>The step's one body, its constants passed as vectors (<see cref="Pass"/> keeps them in registers).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Plain(T g, T first, ref float parameters, ref float firstMoment, ref float secondMoment, nuint i,
            T b1, T oneMinusB1, T b2, T oneMinusB2, T negativeStepSize, T inverseCorrection2, T eps, T negativeZero, bool rootOnMultiplyAdds = false)
        {
            // As PyTorch's exp_avg.mul_(β1).add_(g, alpha=1 - β1) and exp_avg_sq.mul_(β2).addcmul_(g, g, value=1 - β2): each
            // moment times β rounded, then the gradient's term added in one rounding where the CPU has FMA (bit for bit, tested).
            // The products a moment takes as it decays (a dead unit's) as DecayProduct: the multiply's bits, off Zen 1's slow path.
            T m = T.MultiplyAdd(g, oneMinusB1, T.DecayProduct(first, b1, negativeZero));
            T v = SecondMoment(g, T.Load(ref secondMoment, i), b2, oneMinusB2, negativeZero);
            T.Store(m, ref firstMoment, i);
            T.Store(v, ref secondMoment, i);
            // p - stepSize·(m / d) in one rounding where there is FMA (PyTorch's addcdiv rounds value·m, the quotient and the
            // sum): one rounding fewer, and no product stepSize·m to go subnormal before m does (AdamNearZero.cs).
            T.Store(T.MultiplyAdd(negativeStepSize, m / Denominator(v, inverseCorrection2, eps, rootOnMultiplyAdds), T.Load(ref parameters, i)), ref parameters, i);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static T SecondMoment(T g, T square, T b2, T oneMinusB2, T negativeZero) => T.MultiplyAdd(oneMinusB2 * g, g, T.DecayProduct(square, b2, negativeZero));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static T Denominator(T v, T inverseCorrection2, T eps, bool rootOnMultiplyAdds = false) =>
            T.MultiplyAdd(rootOnMultiplyAdds ? T.SqrtOnMultiplyAdds(v) : T.Sqrt(v), inverseCorrection2, eps);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private T SecondMoment(T g, ref float secondMoment, nuint i) => SecondMoment(g, T.Load(ref secondMoment, i), T.Create(_b2), T.Create(_oneMinusB2), T.Create(-0f));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private T Denominator(T v) => Denominator(v, T.Create(_inverseCorrection2), T.Create(_eps));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float SumOfSquares<T>(ref float values, int length) where T : struct, ISimdLane<T>
    {
        Debug.Assert(length % LengthMultiple == 0);
        T sum = T.Create(0f);
        for (nuint i = 0; i < (nuint)length; i += (nuint)T.Count)
        {
            T g = T.Load(ref values, i);
            sum = T.MultiplyAdd(g, g, sum);
        }
        return T.Sum(sum);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Scale<T>(ref float values, int length, float factor) where T : struct, ISimdLane<T>
    {
        T f = T.Create(factor);
        for (nuint i = 0; i < (nuint)length; i += (nuint)T.Count)
            T.Store(T.Load(ref values, i) * f, ref values, i);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Add<T>(ref float values, ref float other, int length) where T : struct, ISimdLane<T>
    {
        for (nuint i = 0; i < (nuint)length; i += (nuint)T.Count)
            T.Store(T.Load(ref values, i) + T.Load(ref other, i), ref values, i);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ClipByValue<T>(ref float values, int length, float maxValue) where T : struct, ISimdLane<T>
    {
        T high = T.Create(maxValue), low = T.Create(-maxValue);
        for (nuint i = 0; i < (nuint)length; i += (nuint)T.Count)
            T.Store(T.Min(T.Max(T.Load(ref values, i), low), high), ref values, i);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddPenalties<T>(ref float parameters, ref float gradients, int length, float weightDecay, float l1) where T : struct, ISimdLane<T>
    {
        T wd = T.Create(weightDecay), l1v = T.Create(l1), zero = T.Create(0f);
        for (nuint i = 0; i < (nuint)length; i += (nuint)T.Count)
        {
            T p = T.Load(ref parameters, i);
            T sign = T.SelectWhereGreater(T.Abs(p), 0f, T.CopySign(l1v, p), zero);
            T.Store(T.MultiplyAdd(wd, p, T.Load(ref gradients, i)) + sign, ref gradients, i);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Sgd<T>(ref float parameters, ref float gradients, int length, float learningRate, float gradientScale) where T : struct, ISimdLane<T>
    {
        // p + (-lr)·g in one rounding, as PyTorch's add_(g, alpha=-lr) computes it (vec::fmadd) where the CPU has FMA.
        T negativeLr = T.Create(-learningRate), scale = T.Create(gradientScale);
        for (nuint i = 0; i < (nuint)length; i += (nuint)T.Count)
            T.Store(T.MultiplyAdd(negativeLr, T.Load(ref gradients, i) * scale, T.Load(ref parameters, i)), ref parameters, i);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SgdMomentum<T>(ref float parameters, ref float gradients, ref float velocity, int length, float learningRate, float momentum, bool nesterov, float gradientScale) where T : struct, ISimdLane<T>
    {
        // As PyTorch's buf.mul_(μ).add_(g), g.add(buf, alpha=μ) and p.add_(step, alpha=-lr): μ·v rounded before g is
        // added (a dead unit's velocity decays into the subnormals: DecayProducts); the other two one rounding each
        // (vec::fmadd) where the CPU has FMA.
        T negativeLr = T.Create(-learningRate), mu = T.Create(momentum), scale = T.Create(gradientScale), negativeZero = T.Create(-0f);
        for (nuint i = 0; i < (nuint)length; i += (nuint)T.Count)
        {
            T g = T.Load(ref gradients, i) * scale;
            T v = T.DecayProduct(mu, T.Load(ref velocity, i), negativeZero) + g;
            T.Store(v, ref velocity, i);
            T step = nesterov ? T.MultiplyAdd(mu, v, g) : v;
            T.Store(T.MultiplyAdd(negativeLr, step, T.Load(ref parameters, i)), ref parameters, i);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Adam<T>(ref float parameters, ref float gradients, ref float firstMoment, ref float secondMoment, int length, in AdamConstants c) where T : struct, ISimdLane<T>
    {
        new AdamLanes<T>(c).Pass(ref parameters, ref gradients, ref firstMoment, ref secondMoment, length);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AdaGrad<T>(ref float parameters, ref float gradients, ref float squareSum, int length, float learningRate, float epsilon) where T : struct, ISimdLane<T>
    {
        T lr = T.Create(learningRate), eps = T.Create(epsilon);
        for (nuint i = 0; i < (nuint)length; i += (nuint)T.Count)
        {
            T g = T.Load(ref gradients, i);
            T s = T.MultiplyAdd(g, g, T.Load(ref squareSum, i));
            T.Store(s, ref squareSum, i);
            T.Store(T.Load(ref parameters, i) - lr * g / (T.Sqrt(s) + eps), ref parameters, i);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RmsProp<T>(ref float parameters, ref float gradients, ref float squareAverage, ref float gradientAverage, ref float velocity, int length,
        float learningRate, double alpha, float epsilon, float momentum, bool centered) where T : struct, ISimdLane<T>
    {
        T negativeLr = T.Create(-learningRate), a = T.Create((float)alpha), oneMinusA = T.Create((float)(1 - alpha));
        T eps = T.Create(epsilon), mu = T.Create(momentum), zero = T.Create(0f), negativeZero = T.Create(-0f);
        for (nuint i = 0; i < (nuint)length; i += (nuint)T.Count)
        {
            // Rounded as PyTorch's square_avg.mul_(α).addcmul_(g, g, value=1 - α) and grad_avg.mul_(α).add_(g, alpha=1 - α):
            // the average times α rounded (DecayProducts: a dead unit's decays into the subnormals), then the gradient's
            // term in one rounding where the CPU has FMA (tested bit for bit).
            T g = T.Load(ref gradients, i);
            T v = T.MultiplyAdd(oneMinusA * g, g, T.DecayProduct(T.Load(ref squareAverage, i), a, negativeZero));
            T.Store(v, ref squareAverage, i);
            T variance = v;
            if (centered)
            {
                T mean = T.MultiplyAdd(g, oneMinusA, T.DecayProduct(T.Load(ref gradientAverage, i), a, negativeZero));
                T.Store(mean, ref gradientAverage, i);
                // v - ḡ² in one rounding (addcmul with value -1). It is ≥ 0 in exact arithmetic; rounding can undercut it when g
                // barely varies, where PyTorch's √ gives NaN: here 0.
                variance = T.Max(T.MultiplyAdd(zero - mean, mean, v), zero);
            }
            T denominator = T.Sqrt(variance) + eps;
            if (momentum != 0f)
            {
                // buf.mul_(μ).addcdiv_(g, avg), then p.add_(buf, alpha=-lr): p + (-lr)·buf in one rounding.
                T buffer = T.DecayProduct(mu, T.Load(ref velocity, i), negativeZero) + g / denominator;
                T.Store(buffer, ref velocity, i);
                T.Store(T.MultiplyAdd(buffer, negativeLr, T.Load(ref parameters, i)), ref parameters, i);
            }
            else
                T.Store(T.Load(ref parameters, i) + negativeLr * g / denominator, ref parameters, i); // p.addcdiv_(g, avg, value=-lr)
        }
    }
}
