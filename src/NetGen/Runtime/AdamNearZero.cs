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
    /// ReLU unit's weights) shrinks by β1 a step: after about 700 steps stepSize·m falls below 2^-126, then m itself, and
    /// every operation on such a subnormal operand or result takes a microcode assist on Intel cores (about 150 cycles;
    /// the plain step has four of them). Measured on an Intel Xeon (family 6, model 207) with the benchmark's `pieces`:
    /// after 1 000 steps of digits' batch of 32 on one batch, 263 of its 6 768 moments were subnormal, and TrainBatch took
    /// 16.4-17.9 µs a step over blocks of 1 000 steps against 9.5 over blocks of 100; with this path 11.3-11.9 (iris's
    /// batch of 16: 1.2 → 0.72 µs). It gives the plain step's bits without the subnormal arithmetic where it can
    /// (AdamNearZeroTests compare the two bit for bit); Zen cores take no assists and skip it (<see cref="SubnormalsAssisted"/>).
    /// </summary>
    /// <summary>
    /// Whether this CPU takes microcode assists on subnormal operands and results (Intel's cores do), so that
    /// <see cref="AdamLanes{T}"/> checks each vector's first moment for the near-zero path. AMD's Zen cores take none (Zen 1's
    /// slower multiplies into the subnormals are avoided by <see cref="DecayProducts"/>): there the plain step is the faster
    /// (the same bits either way), and a static readonly the JIT folds drops the check. Iris's
    /// batch-16 TrainBatch on Zen 1 over blocks of 1 000 steps, where dead units' moments reach the path: see docs/design.md.
    /// The AppContext switch <c>NetGen.Runtime.AdamNearZeroPath</c> decides instead where it is set (the numerics tests set it,
    /// so the path's bits are checked on every CPU).
    /// </summary>
    internal static readonly bool SubnormalsAssisted = AppContext.TryGetSwitch("NetGen.Runtime.AdamNearZeroPath", out bool set) ? set : !IsAmd();

    internal static bool IsAmd()
    {
        if (!System.Runtime.Intrinsics.X86.X86Base.IsSupported)
            return false;
        var (_, ebx, ecx, edx) = System.Runtime.Intrinsics.X86.X86Base.CpuId(0, 0);
        return ebx == 0x68747541 && edx == 0x69746E65 && ecx == 0x444D4163; // "Auth" "enti" "cAMD"
    }

    /// <summary>
    /// First moments below which a vector of the one-row step (<see cref="AdamRegisterStep{H}"/>, a constant there: a
    /// step's own limit would take a register across its updates) or of a step with β1 of 1/2 or less takes
    /// <see cref="AdamLanes{T}.StepNearZero"/>: 2^-110, far below the moment of any gradient that still flows; above it
    /// stepSize·β1·m stays normal wherever stepSize·β1 ≥ 2^-16 (lr 1e-4 and β1 0.9: 2^-13.4). Other steps check
    /// <see cref="AdamLanes{T}.NearZeroOf"/>.
    /// The wider 2^-90 sent more vectors through the longer path: digits' train_b32 1.11-1.34 against 1.07-1.11 of the
    /// fast reference with the same path (three duel processes each).
    /// </summary>
    internal static readonly float NearZero = BitConverter.Int32BitsToSingle((127 - 110) << 23);

    internal readonly partial struct AdamLanes<T>
    {
        // Below it m is on the subnormals' grid (k·2^-149, k < 2^24): subnormal, or of the smallest normal exponent, whose
        // product with β1 ≥ 1/2 could land in the subnormals (its assist would come once a lane, as the moment crosses).
        private static readonly float OnSubnormalGrid = BitConverter.Int32BitsToSingle(2 << 23); // 2^-125
        private static readonly float TwoToMinus97 = BitConverter.Int32BitsToSingle((127 - 97) << 23);
        private static readonly float TwoToMinus120 = BitConverter.Int32BitsToSingle((127 - 120) << 23);

        /// <summary>
        /// The limit on the new first moment between the two regimes of stepSize·m, from the step size's exponent (once a
        /// step, in the constructor): with stepSize in [2^e, 2^(e+1)), 2^(-126-e). At or above it stepSize·m is normal (at least
        /// 2^-126), so the plain arithmetic takes no assist; below it stepSize·m is under 2^-125, the bound the kept-p proof
        /// uses. (A limit of 2^(-127-e) left m in [2^(-127-e), 2^-126/stepSize) to the plain arithmetic with a subnormal
        /// product: iris's layer-1 step 260 → 525 ns for the 50 steps its dead units' moments took to cross.) For a step size
        /// of 2 or more, 2^-149 with nothing nonzero below it.
        /// </summary>
        private static float TinyMomentOf(float stepSize)
        {
            int exponentField = 128 - (BitConverter.SingleToInt32Bits(stepSize) >> 23);
            return BitConverter.Int32BitsToSingle(exponentField > 0 ? exponentField << 23 : 1);
        }

        /// <summary>
        /// The limit of this step's check (<see cref="TryStep"/>), the lowest that keeps the plain arithmetic off the
        /// subnormals where the gradient is 0: twice <see cref="TinyMomentOf"/> (β1·m, β1 above 1/2, stays at or above it, so
        /// stepSize·β1·m is normal) and at least 2^-124 (β1·m stays normal). Vectors take the path some 50 steps later than
        /// at <see cref="NearZero"/> (iris's cycle, steps 650-699: 742 → 642 ns a step). For β1 of 1/2 or less, NearZero.
        /// </summary>
        private static float NearZeroOf(float stepSize, float beta1) =>
            beta1 > 0.5f ? MathF.Max(2 * TinyMomentOf(stepSize), BitConverter.Int32BitsToSingle(3 << 23)) : NearZero;

        /// <summary>Whether some element of <paramref name="first"/> is nonzero and below this step's limit (read from the bits).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private bool NearsZero(T first) => SubnormalsAssisted && T.AnyNonzeroBelow(first, _nearZero); // written out: one inlining level in TryStep's kernels

        /// <summary><see cref="NearsZero(T)"/> against <paramref name="limit"/>, this step's limit held in a local (<see cref="Pass"/>'s loop).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool NearsZero(T first, float limit) => SubnormalsAssisted && T.AnyNonzeroBelow(first, limit);

        /// <summary>
        /// The step on a vector with a first moment near zero, the same bits as <see cref="Plain(T, T, ref float, ref float, ref float, nuint)"/>:
        /// <list type="bullet">
        /// <item>m: where m is below 2^-125 (subnormal, or about to be) and g is ±0, β1·m rounded is
        /// <see cref="ISimdLane{TSelf}.MultiplyOnSubnormalGrid"/>'s exact product on the integers, and adding (1 - β1)·g = ±0
        /// leaves it (a zero result is taken from the others' arithmetic on a zero of m's sign, which gives the same signed
        /// zero). Such an m with a gradient again takes the plain step (rare: a unit coming back to life).</item>
        /// <item>p: where stepSize·m is below 2^-125 (m below <see cref="TinyMomentOf"/>), |stepSize·m / d| is at most
        /// 2^-125·(1 + 2^-22)/d + 2^-150 after its two roundings. Where |p|·d &gt; 2^-97 and |p| &gt; 2^-120 that is below
        /// |p|·2^-27, less than half the gap from p to either neighbour, so p - it rounds to p: those elements keep p,
        /// computed with 0 in place of m. Any other such element (p at or near 0) takes the plain update.</item>
        /// </list>
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)] // into methods of its own (StepNearZeroCalled, AdamRegisterStep's) and AdamInterleave.Finish's loop
        public void StepNearZero(T g, T first, ref float parameters, ref float firstMoment, ref float secondMoment, nuint i)
        {
            T zero = T.Create(0f);
            T onGrid = T.NonzeroBelow(first, OnSubnormalGrid);
            if (T.AnyAndNot(onGrid, T.IsZero(g)))
            {
                Plain(g, first, ref parameters, ref firstMoment, ref secondMoment, i);
                return;
            }
            T decayed = T.MultiplyOnSubnormalGrid(first, _b1);
            T m;
            if (_decayMayVanish)
            {
                m = T.MultiplyAdd(g, T.Create(_oneMinusB1), T.Select(onGrid, T.CopySign(zero, first), first) * T.Create(_b1));
                m = T.Select(T.IsZero(decayed), m, T.Select(onGrid, decayed, m));
            }
            else // β1 above 1/2: round(k·β1) ≥ 1 for every k ≥ 1, so each element on the grid takes its decayed value
                m = T.Select(onGrid, decayed, T.MultiplyAdd(g, T.Create(_oneMinusB1), T.Select(onGrid, zero, first) * T.Create(_b1)));
            T v = SecondMoment(g, ref secondMoment, i);
            T.Store(m, ref firstMoment, i);
            T.Store(v, ref secondMoment, i);
            T denominator = Denominator(v);
            T p = T.Load(ref parameters, i);
            T tiny = T.NonzeroBelow(m, _tinyMoment);
            T magnitude = T.Abs(p);
            T keepsP = T.Select(T.IsGreater(magnitude, TwoToMinus120), T.IsGreater(magnitude * denominator, TwoToMinus97), zero);
            T update = T.AnyAndNot(tiny, keepsP) ? m : T.Select(tiny, zero, m);
            T.Store(p - T.Create(_stepSize) * update / denominator, ref parameters, i);
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
