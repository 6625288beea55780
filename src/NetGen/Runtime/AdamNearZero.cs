using System;
using System.Runtime.CompilerServices;

namespace NetGen.Runtime;

public static partial class OptimizerKernels
{
    /// <summary>Marks vector number <paramref name="vector"/> in <paramref name="marks"/>, a bit each, for <see cref="AdamLanes{T}.StepMarked"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void MarkVector(Span<ulong> marks, nuint vector) => marks[(int)(vector / 64)] |= 1UL << (int)(vector % 64);

    /// <summary>
    /// Adam's step on vectors whose first moment has decayed towards zero. A moment whose gradient stays exactly 0 (a dead
    /// ReLU unit's weights) shrinks by β1 a step: after about 750 steps m falls below 2^-126, and
    /// every operation on such a subnormal operand or result takes a microcode assist on Intel cores (about 150 cycles;
    /// the plain step has four of them). Measured on an Intel Xeon (family 6, model 207) with the benchmark's `pieces`:
    /// after 1 000 steps of digits' batch of 32 on one batch, 263 of its 6 768 moments were subnormal, and TrainBatch took
    /// 16.4-17.9 µs a step over blocks of 1 000 steps against 9.5 over blocks of 100; with this path 11.3-11.9 (iris's
    /// batch of 16: 1.2 → 0.72 µs). It gives the plain step's bits without the subnormal arithmetic where it can
    /// (AdamNearZeroTests compare the two bit for bit); which CPUs take it, and how a vector is picked: <see cref="NearZeroChecks"/>.
    /// </summary>
    /// <summary>
    /// How <see cref="AdamLanes{T}"/>'s callers pick the vectors for the near-zero path, by the CPU. Intel's cores take
    /// assists on every subnormal operand and result: a vector goes when a first moment is below 2^-125
    /// (<see cref="NearZeroCheck.BelowLimit"/>), where β1·m could land in the subnormals. Zen 4's divider takes a subnormal
    /// dividend or quotient at about twice the cost and holds the divisions around it (digits' step 1.3 µs slower over the
    /// protocol's last 300 steps): a vector goes when a first moment is subnormal (<see cref="NearZeroCheck.Subnormal"/>,
    /// one vfpclassps; the bits compare cost its weight gradient 0.2 µs a step before any moment got there). Other Zen
    /// cores take the plain step (<see cref="NearZeroCheck.None"/>): Zen 1 takes subnormals at full speed but for
    /// multiplies into them, which <see cref="DecayProducts"/> avoids. The same bits every way. The AppContext switch
    /// <c>NetGen.Runtime.AdamNearZeroPath</c> decides instead where it is set (the numerics tests set it, so the path's bits
    /// are checked on every CPU). Read once by each caller (a static readonly the JIT folds; elsewhere a class check).
    /// </summary>
    internal static readonly NearZeroCheck NearZeroChecks = NearZeroCheckOfCpu();

    private static NearZeroCheck NearZeroCheckOfCpu()
    {
        bool zen4 = Cpu.IsZen4();
        bool takesPath = AppContext.TryGetSwitch("NetGen.Runtime.AdamNearZeroPath", out bool set) ? set : zen4 || !Cpu.IsAmd();
        return !takesPath ? NearZeroCheck.None : zen4 ? NearZeroCheck.Subnormal : NearZeroCheck.BelowLimit;
    }

    /// <summary>Which vectors of a step take <see cref="AdamLanes{T}.StepNearZero"/> (<see cref="NearZeroChecks"/>).</summary>
    internal enum NearZeroCheck : byte
    {
        /// <summary>None: every vector takes the plain arithmetic.</summary>
        None,
        /// <summary>Those with a first moment nonzero and below the step's limit (<see cref="NearZeroOf"/>).</summary>
        BelowLimit,
        /// <summary>Those with a subnormal first moment.</summary>
        Subnormal,
    }

    /// <summary>
    /// First moments below which a vector of a step with β1 of 1/2 or less takes
    /// <see cref="AdamLanes{T}.StepNearZero"/>: 2^-110, far below the moment of any gradient that still flows; above it
    /// β1·m stays normal wherever β1 ≥ 2^-16, and m / d wherever d &lt; 2^16 (<see cref="NearZeroOf"/>).
    /// The wider 2^-90 sent more vectors through the longer path: digits' train_b32 1.11-1.34 against 1.07-1.11 of the
    /// fast reference with the same path (three duel processes each).
    /// </summary>
    internal const float NearZero = 7.7037197775489434e-34f; // 2^-110, exact

    // Below it m is on the subnormals' grid (k·2^-149, k < 2^24): subnormal, or of the smallest normal exponent, whose
    // product with β1 ≥ 1/2 could land in the subnormals (its assist would come once a lane, as the moment crosses).
    internal const float OnSubnormalGrid = 2.350988701644575e-38f; // 2^-125, exact

    /// <summary>
    /// The limit of a step's check (<see cref="AdamLanes{T}.TryStep"/>, <see cref="AdamRegisterStep{H}"/>), the lowest
    /// that keeps the plain arithmetic off the subnormals where the gradient is 0: with β1 above 1/2, β1·m of an m at or above 2^-125 is normal, and m / d too
    /// (d ≤ 1 but for gradients of a size no decaying moment has). The plain step's p - stepSize·(m / d) is one fused
    /// rounding, with no product stepSize·m of its own to go subnormal first: with that product the limit was
    /// 2^-125/stepSize (2^-115 at lr 1e-3), and vectors took the path some 70 steps earlier (iris's cycle, steps
    /// 700-749: 544 ns a step where the fast reference took 429). For β1 of 1/2 or less, <see cref="NearZero"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a constant where β1 is one (AdamRegisterStep's)
    internal static float NearZeroOf(float beta1) => beta1 > 0.5f ? OnSubnormalGrid : NearZero;

    internal readonly partial struct AdamLanes<T>
    {
        // Constants, exact as literals: the path is inlined into the loops that step marked vectors (hot loops read no
        // static). A new first moment below Simd512.SmallestNormal (subnormal) would make m / d an assist.
        private const float TwoToMinus120 = 7.5231638452626401e-37f;

        /// <summary>
        /// The bound on |p|·d above which an element with a subnormal new moment keeps p (<see cref="StepNearZero"/>):
        /// stepSize·2^-97, at least 2^-126 (the product of two normals compared with it stays off the subnormals where it
        /// passes); for a step size of 16 or more, none (every such element takes the plain arithmetic).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)] // once a range's step: compiled without a profile (Native AOT) it was a call
        private static float KeepsParameterOf(float stepSize) =>
            stepSize < 16f ? MathF.Max(stepSize * BitConverter.Int32BitsToSingle((127 - 97) << 23), Simd512.SmallestNormal) : float.PositiveInfinity;

        /// <summary>
        /// The step on a vector with a first moment near zero, the same bits as <see cref="Plain(T, T, ref float, ref float, ref float, nuint)"/>:
        /// <list type="bullet">
        /// <item>m: where m is below 2^-125 (subnormal, or about to be) and g is ±0, β1·m rounded is
        /// <see cref="ISimdLane{TSelf}.MultiplyOnSubnormalGrid"/>'s exact product on the integers, and adding (1 - β1)·g = ±0
        /// leaves it (a zero result is taken from the others' arithmetic on a zero of m's sign, which gives the same signed
        /// zero). Such an m with a gradient again takes the plain step (rare: a unit coming back to life). Where only the
        /// divider is slow on subnormals (Zen 4: <see cref="NearZeroChecks"/>), m is the plain step's, multiplies and all.</item>
        /// <item>p: where the new m is subnormal (m / d would be an assist), |m / d| is at most 2^-126·(1 + 2^-23)/d + 2^-150
        /// after its rounding. Where |p| &gt; 2^-120 and |p|·d &gt; stepSize·2^-97 (stepSize below 16), stepSize times that is
        /// below |p|·2^-25, less than half the gap from p to either neighbour, so the fused p - stepSize·(m / d) rounds to p:
        /// those elements keep p, computed with 0 in place of m. Any other such element takes the plain update.</item>
        /// </list>
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)] // into methods of its own (StepNearZeroCalled, AdamRegisterStep's) and AdamInterleave.Finish's loop
        public void StepNearZero(T g, T first, ref float parameters, ref float firstMoment, ref float secondMoment, nuint i)
        {
            T zero = T.Create(0f);
            T m;
            if (_decaysByMultiply) // Zen 4 multiplies subnormals at full speed: m as the plain step takes it
                m = T.MultiplyAdd(g, T.Create(_oneMinusB1), T.DecayProduct(first, T.Create(_b1), T.Create(-0f)));
            else
            {
                T onGrid = T.NonzeroBelow(first, OnSubnormalGrid);
                if (T.AnyAndNot(onGrid, T.IsZero(g)))
                {
                    Plain(g, first, ref parameters, ref firstMoment, ref secondMoment, i);
                    return;
                }
                T decayed = T.MultiplyOnSubnormalGrid(first, _b1);
                if (_decayMayVanish)
                {
                    m = T.MultiplyAdd(g, T.Create(_oneMinusB1), T.Select(onGrid, T.CopySign(zero, first), first) * T.Create(_b1));
                    m = T.Select(T.IsZero(decayed), m, T.Select(onGrid, decayed, m));
                }
                else // β1 above 1/2: round(k·β1) ≥ 1 for every k ≥ 1, so each element on the grid takes its decayed value
                    m = T.Select(onGrid, decayed, T.MultiplyAdd(g, T.Create(_oneMinusB1), T.Select(onGrid, zero, first) * T.Create(_b1)));
            }
            T v = SecondMoment(g, ref secondMoment, i);
            T.Store(m, ref firstMoment, i);
            T.Store(v, ref secondMoment, i);
            T denominator = Denominator(v);
            T p = T.Load(ref parameters, i);
            T tiny = T.NonzeroBelow(m, Simd512.SmallestNormal);
            T magnitude = T.Abs(p);
            T keepsP = T.Select(T.IsGreater(magnitude, TwoToMinus120), T.IsGreater(magnitude * denominator, _keepsParameter), zero);
            T update = T.AnyAndNot(tiny, keepsP) ? m : T.Select(tiny, zero, m);
            T.Store(T.MultiplyAdd(T.Create(-_stepSize), update / denominator, p), ref parameters, i);
        }

        /// <summary><see cref="StepNearZero"/> on the vector at <paramref name="i"/>, its gradient and first moment loaded here (<see cref="TryStep"/>'s deferred vectors).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepNearZeroAt(ref float parameters, ref float gradients, ref float firstMoment, ref float secondMoment, nuint i)
            => StepNearZero(Gradient(ref gradients, i), T.Load(ref firstMoment, i), ref parameters, ref firstMoment, ref secondMoment, i);

        /// <summary><see cref="StepNearZeroAt"/> on every vector <see cref="MarkVector"/> set in <paramref name="marks"/> (steps deferred from a kernel's loop or a register pass).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StepMarked(ReadOnlySpan<ulong> marks, ref float parameters, ref float gradients, ref float firstMoment, ref float secondMoment)
        {
            for (int word = 0; word < marks.Length; word++)
                for (ulong bits = marks[word]; bits != 0; bits &= bits - 1)
                    StepNearZeroAt(ref parameters, ref gradients, ref firstMoment, ref secondMoment,
                        (nuint)((word * 64 + System.Numerics.BitOperations.TrailingZeroCount(bits)) * T.Count));
        }

        /// <summary><see cref="StepMarked"/> on one word of marks behind a call, for a loop over the buffers (<see cref="Pass"/>): the loop stays small.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public void StepNearZeroCalled(ulong marks, ref float parameters, ref float gradients, ref float firstMoment, ref float secondMoment) =>
            StepMarked(new ReadOnlySpan<ulong>(in marks), ref parameters, ref gradients, ref firstMoment, ref secondMoment);
    }
}
