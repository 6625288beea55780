using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using NetGen.Benchmarks.Workloads;
using NetGen.Runtime;
using static NetGen.Benchmarks.Protocol.GeneratedInternals;

namespace NetGen.Benchmarks.Protocol;

/// <summary>
/// <c>pieces</c>: a batch training step's forward (each layer's generated method, then <c>Forward</c>, then the training step's
/// <c>ForwardAndLossOfLabels</c>, each a method of its own here: its inlining differs from the step's) and backward pass piece by piece, on the stream's first batch of the workload's
/// largest batch size: each layer's generated backward, each layer's Adam range (iris's <c>StepOnRange</c>) or the lowest
/// layer's backward with the whole step inside (digits' <c>Layer0BackwardStepping</c>), the step alone and <c>BackwardStepping</c>.
/// Each piece is the best of 15 blocks of 1 000 calls, the parameters and optimizer state restored before each block.
/// References/pieces.cpp times the fast reference's pieces the same way; run the two alternately (the host's speed
/// drifts within minutes). A benchmark of internals: the generated private methods are found by name and a renamed
/// one fails here, loudly.
/// </summary>
internal static class PiecesRun
{
    private const int Blocks = 15, CallsPerBlock = 1000;
    // A thousand steps on one batch take Adam's moments of dead units into denormals (Intel's microcode assists): the
    // whole step is also timed in blocks of 100, before they come.
    private const string ShortBlocks = ", 100 a block";

    /// <summary>
    /// Times the pieces of <paramref name="only"/>'s workloads (all when empty) from the state after the first batch's step,
    /// or with an argument <c>after=N</c> from the state N steps on that batch leave (dead units' first moments subnormal
    /// from about step 700, and Adam's corrections past their table from step 1 025).
    /// </summary>
    public static void Run(string weightsDirectory, IReadOnlyCollection<string> only, int rounds, TextWriter output)
    {
        int after = only.Where(a => a.StartsWith("after=", StringComparison.Ordinal)).Select(a => int.Parse(a["after=".Length..])).DefaultIfEmpty(1).Last();
        only = only.Where(a => !a.StartsWith("after=", StringComparison.Ordinal)).ToArray();
        foreach (var workload in Workload.All.Where(w => w.Name is "iris" or "digits" && (only.Count == 0 || only.Contains(w.Name))))
        {
            byte[] start = File.ReadAllBytes(ProtocolRun.WeightsPath(weightsDirectory, workload));
            var pieces = Of(workload, start, after, out var restore);
            WarmUp(pieces, restore);
            for (int round = 0; round < rounds; round++)
                foreach (var (name, action) in pieces)
                    output.WriteLine($"{workload.Name} round {round} {name,-28} {Best(action, restore, name.EndsWith(ShortBlocks) ? 100 : CallsPerBlock):F1} ns");
        }
    }

    /// <summary>
    /// Rounds of every piece until one compiles no method, a pause after each: the tiered JIT installs a method's
    /// optimized code only after a quiet interval with no new compilation, and timing before that timed its first tiers
    /// (iris's layer 2 at 1.3 µs in one process, 55 ns in another).
    /// </summary>
    internal static void WarmUp(List<(string, Action)> pieces, Action restore)
    {
        for (int round = 0; round < 20; round++)
        {
            long compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            foreach (var (_, action) in pieces)
                Best(action, restore);
            Thread.Sleep(300);
            if (round > 0 && System.Runtime.JitInfo.GetCompiledMethodCount() == compiled)
                return;
        }
    }

    internal static double Best(Action action, Action restore, int calls = CallsPerBlock)
    {
        double best = double.MaxValue;
        for (int block = 0; block < Blocks * CallsPerBlock / calls; block++)
        {
            restore();
            long begin = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++)
                action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(begin).TotalSeconds * 1e9 / calls);
        }
        return best;
    }

    private static List<(string, Action)> Of(Workload workload, byte[] startingWeights, int after, out Action restore)
    {
        int rows = workload.TrainBatches.Max();
        var network = Cases.Fresh(workload, startingWeights);
        var stream = workload.Pool().Batches(rows);
        float[] inputs = stream.InputsOf(0).ToArray();
        int[] labels = stream.LabelsOf(0).ToArray();
        for (int step = 0; step < after; step++)
            ((IClassifier)network).TrainBatch(inputs, labels); // the batch's activations and deltas, the moments
        AlignedBuffer activations = Field(network, "_activations"), gradients = Field(network, "_gradients"), storage = Field(network, "_parameters");
        AlignedBuffer firstMoment = Field(network, "_firstMoment"), secondMoment = Field(network, "_secondMoment");
        // After one step the moments start at zero, as they did before the argument (figures stay comparable).
        float[] parameters = storage.Span.ToArray(), moments = new float[firstMoment.Length], squares = new float[secondMoment.Length];
        if (after > 1)
            (moments, squares) = (firstMoment.Span.ToArray(), secondMoment.Span.ToArray());
        // That state before each block: a range's step reads the network's step count, which BackwardStepping advances.
        var stepCount = network.GetType().GetField("_step", BindingFlags.NonPublic | BindingFlags.Instance)!;
        long count = (long)stepCount.GetValue(network)!;
        restore = () => { parameters.CopyTo(storage.Span); moments.CopyTo(firstMoment.Span); squares.CopyTo(secondMoment.Span); stepCount.SetValue(network, count); };
        return workload.Name == "iris"
            ? Pieces<IrisAccess>(network, inputs, labels, rows, activations, gradients, storage, firstMoment, secondMoment)
            : Pieces<DigitsAccess>(network, inputs, labels, rows, activations, gradients, storage, firstMoment, secondMoment);
    }

    private static List<(string, Action)> Pieces<T>(INetwork network, float[] inputs, int[] labels, int rows, AlignedBuffer a, AlignedBuffer g, AlignedBuffer p, AlignedBuffer m, AlignedBuffer v)
        where T : IAccess
    {
        var type = network.GetType();
        int y0 = Constant(type, "Layer0Y"), y1 = Constant(type, "Layer1Y"), stride0 = Constant(type, "Layer0Stride"), stride1 = Constant(type, "Layer1Stride");
        int inputSize = network.InputSize;
        var outputs = new float[rows * network.OutputSize];
        var pieces = new List<(string, Action)>
        {
            ("layer 0 forward", () => T.Layer0Forward(ref p.Start, ref inputs[0], inputSize, ref a.Start, rows)),
            ("layer 1 forward", () => T.Layer1Forward(ref p.Start, ref Unsafe.Add(ref a.Start, y0), stride0, ref a.Start, rows)),
            ("layer 2 forward", () => T.Layer2Forward(ref p.Start, ref Unsafe.Add(ref a.Start, y1), stride1, ref a.Start, rows)),
            ("Forward", () => T.Forward(network, ref inputs[0], rows, ref a.Start)),
            // The public batch prediction: Forward and the copy of the logits out of their padded rows.
            ("PredictBatch", () => network.PredictBatch(inputs.AsSpan(0, rows * inputSize), outputs)),
            ("forward and loss", () => T.ForwardAndLoss(network, ref inputs[0], ref labels[0], rows, 1f / rows, ref a.Start)),
            ("layer 2 backward", () => T.Layer2Backward(ref p.Start, ref g.Start, ref Unsafe.Add(ref a.Start, y1), stride1, ref a.Start, rows)),
            ("layer 1 backward", () => T.Layer1Backward(ref p.Start, ref g.Start, ref Unsafe.Add(ref a.Start, y0), stride0, ref a.Start, rows)),
            ("layer 0 backward", () => T.Layer0Backward(ref p.Start, ref g.Start, ref inputs[0], inputSize, ref a.Start, rows)),
        };
        if (T.SteppingInLowest)
            pieces.Add(("layer 0 backward with step", () => T.Layer0BackwardStepping(ref p.Start, ref g.Start, ref inputs[0], inputSize, ref a.Start, rows, ref m.Start, ref v.Start, 1e-3f, 1)));
        else if (network is IrisWorkload)
        {
            int end0 = Constant(type, "Layer0End"), end1 = Constant(type, "Layer1End"), end2 = Constant(type, "Layer2End");
            var adam = AdamStep.Of(1e-3f, 0.9, 0.999, 10); // a range's step takes the step's scalars made once
            pieces.Add(("layer 2 step", () => T.StepOnRange(network, end1, end2 - end1, adam)));
            pieces.Add(("layer 1 step", () => T.StepOnRange(network, end0, end1 - end0, adam)));
            pieces.Add(("layer 0 step", () => T.StepOnRange(network, 0, end0, adam)));
        }
        pieces.Add(("step alone", () => T.StepParameters(network)));
        pieces.Add(("BackwardStepping", () => T.BackwardStepping(network, ref inputs[0], rows, ref a.Start, ref g.Start)));
        if (network is IrisWorkload iris)
        {
            // What TrainBatch adds to the forward and backward: the loss's parts and their value, the checks of its arguments.
            pieces.Add(("forward and loss parts", () => IrisAccess.ForwardAndLossParts(iris, ref inputs[0], ref labels[0], rows, 1f / rows, ref a.Start, out _, out _)));
            AlignedBuffer parts = Field(network, "_lossParts");
            pieces.Add(("loss of parts", () => UnitRowKernels.SoftmaxCrossEntropyOfParts(ref parts.Start, rows)));
            pieces.Add(("forward, loss parts, backward", () =>
            {
                IrisAccess.ForwardAndLossParts(iris, ref inputs[0], ref labels[0], rows, 1f / rows, ref a.Start, out _, out _);
                T.BackwardStepping(network, ref inputs[0], rows, ref a.Start, ref g.Start);
            }));
            pieces.Add(("step without checks", () => IrisAccess.TrainSteppingInBackward(iris, inputs, default, labels, true)));
            // The first row alone: train_b1's one-row pass in registers, without the step (ComputeGradients, and the pass
            // called directly) and with it.
            float[] row = inputs[..inputSize];
            int[] label = labels[..1];
            pieces.Add(("one row: ComputeGradients", () => iris.ComputeGradients(row, label)));
            pieces.Add(("one row: TrainBatch", () => iris.TrainBatch(row, label)));
            float[] oneHot = new float[3]; oneHot[labels[0]] = 1;
            pieces.Add(("one row: TrainBatch, targets", () => iris.TrainBatch(row, oneHot)));
            pieces.Add(("one row: pass, no step", () => IrisAccess.OneRow(iris, ref p.Start, ref row[0], ref oneHot[0], 1f, ref a.Start, ref g.Start, 0f, false)));
        }
        // The checks TrainBatch makes of its arguments before any arithmetic (finite inputs, labels in range).
        pieces.Add(("argument checks", () =>
        {
            ThrowHelper.ThrowIfNotFinite(inputs, default, inputSize, network.OutputSize);
            ThrowHelper.ThrowIfLabelOutOfRange(labels, network.OutputSize, nameof(labels));
        }));
        pieces.Add(("finite check", () => ThrowHelper.ThrowIfNotFinite(inputs, default, inputSize, network.OutputSize)));
        pieces.Add(("label check", () => ThrowHelper.ThrowIfLabelOutOfRange(labels, network.OutputSize, nameof(labels))));
        pieces.Add(("TrainBatch", () => ((IClassifier)network).TrainBatch(inputs, labels)));
        pieces.Add(("TrainBatch" + ShortBlocks, () => ((IClassifier)network).TrainBatch(inputs, labels)));
        return pieces;
    }

    /// <summary>A workload's generated private methods, called directly through <see cref="UnsafeAccessorAttribute"/> (as DuelPhases calls them).</summary>
    private interface IAccess
    {
        static abstract bool SteppingInLowest { get; }
        static abstract void Layer0Forward(ref float p, ref float x, int xStride, ref float a, int rows);
        static abstract void Layer1Forward(ref float p, ref float x, int xStride, ref float a, int rows);
        static abstract void Layer2Forward(ref float p, ref float x, int xStride, ref float a, int rows);
        static abstract void Forward(INetwork network, ref float input, int rows, ref float a);
        static abstract float ForwardAndLoss(INetwork network, ref float input, ref int labels, int rows, float scale, ref float a);
        static abstract void Layer2Backward(ref float p, ref float g, ref float x, int xStride, ref float a, int rows);
        static abstract void Layer1Backward(ref float p, ref float g, ref float x, int xStride, ref float a, int rows);
        static abstract void Layer0Backward(ref float p, ref float g, ref float x, int xStride, ref float a, int rows);
        static abstract void Layer0BackwardStepping(ref float p, ref float g, ref float x, int xStride, ref float a, int rows, ref float m, ref float v, float lr, long step);
        static abstract void StepOnRange(INetwork network, int start, int length, AdamStep adam);
        static abstract void StepParameters(INetwork network);
        static abstract void BackwardStepping(INetwork network, ref float input, int rows, ref float a, ref float g);
    }

    private readonly struct IrisAccess : IAccess
    {
        public static bool SteppingInLowest => false;
        public static void Layer0Forward(ref float p, ref float x, int xStride, ref float a, int rows) => F0(null, ref p, ref x, xStride, ref a, rows);
        public static void Layer1Forward(ref float p, ref float x, int xStride, ref float a, int rows) => F1(null, ref p, ref x, xStride, ref a, rows);
        public static void Layer2Forward(ref float p, ref float x, int xStride, ref float a, int rows) => F2(null, ref p, ref x, xStride, ref a, rows);
        public static void Forward(INetwork network, ref float input, int rows, ref float a) => All((IrisWorkload)network, ref input, rows, ref a);
        public static float ForwardAndLoss(INetwork network, ref float input, ref int labels, int rows, float scale, ref float a) =>
            AllAndLoss((IrisWorkload)network, ref input, ref labels, rows, scale, ref a);
        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ForwardAndLossOfLabels")]
        private static extern float AllAndLoss(IrisWorkload network, ref float input, ref int labels, int rows, float scale, ref float a);
        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ForwardAndLossPartsOfLabels")]
        public static extern bool ForwardAndLossParts(IrisWorkload network, ref float input, ref int labels, int rows, float scale, ref float a, out float bound, out float loss);
        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "GradientsOfOneRow")]
        public static extern float OneRow(IrisWorkload network, ref float p, ref float x, ref float targets, float denominator, ref float a, ref float g, float lr, bool step);
        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "TrainSteppingInBackward")]
        public static extern float TrainSteppingInBackward(IrisWorkload network, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, ReadOnlySpan<int> labels, bool byLabels);

        [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Layer0Forward")]
        private static extern void F0(IrisWorkload? type, ref float p, ref float x, int xStride, ref float a, int rows);
        [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Layer1Forward")]
        private static extern void F1(IrisWorkload? type, ref float p, ref float x, int xStride, ref float a, int rows);
        [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Layer2Forward")]
        private static extern void F2(IrisWorkload? type, ref float p, ref float x, int xStride, ref float a, int rows);
        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Forward")]
        private static extern void All(IrisWorkload network, ref float input, int rows, ref float a);
        public static void Layer2Backward(ref float p, ref float g, ref float x, int xStride, ref float a, int rows) => L2(null, ref p, ref g, ref x, xStride, ref a, rows);
        public static void Layer1Backward(ref float p, ref float g, ref float x, int xStride, ref float a, int rows) => L1(null, ref p, ref g, ref x, xStride, ref a, rows);
        public static void Layer0Backward(ref float p, ref float g, ref float x, int xStride, ref float a, int rows) => L0(null, ref p, ref g, ref x, xStride, ref a, rows);
        public static void Layer0BackwardStepping(ref float p, ref float g, ref float x, int xStride, ref float a, int rows, ref float m, ref float v, float lr, long step) =>
            throw new NotSupportedException("iris steps each layer's range");
        public static void StepOnRange(INetwork network, int start, int length, AdamStep adam) => Range((IrisWorkload)network, start, length, in adam);
        public static void StepParameters(INetwork network) => Step((IrisWorkload)network);
        public static void BackwardStepping(INetwork network, ref float input, int rows, ref float a, ref float g) => Stepping((IrisWorkload)network, ref input, rows, ref a, ref g);

        [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Layer2Backward")]
        private static extern void L2(IrisWorkload? type, ref float p, ref float g, ref float x, int xStride, ref float a, int rows);
        [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Layer1Backward")]
        private static extern void L1(IrisWorkload? type, ref float p, ref float g, ref float x, int xStride, ref float a, int rows);
        [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Layer0Backward")]
        private static extern void L0(IrisWorkload? type, ref float p, ref float g, ref float x, int xStride, ref float a, int rows);
        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "StepOnRange")]
        private static extern void Range(IrisWorkload network, int start, int length, in AdamStep adam);
        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "StepParameters")]
        private static extern void Step(IrisWorkload network);
        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "BackwardStepping")]
        private static extern void Stepping(IrisWorkload network, ref float input, int rows, ref float a, ref float g);
    }

    private readonly struct DigitsAccess : IAccess
    {
        // Its generated TrainBatch steps in the lowest layer's Vector512 kernel only where Vector512 is accelerated (StepsInBackward).
        public static bool SteppingInLowest => System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated;
        public static void Layer0Forward(ref float p, ref float x, int xStride, ref float a, int rows) => F0(null, ref p, ref x, xStride, ref a, rows);
        public static void Layer1Forward(ref float p, ref float x, int xStride, ref float a, int rows) => F1(null, ref p, ref x, xStride, ref a, rows);
        public static void Layer2Forward(ref float p, ref float x, int xStride, ref float a, int rows) => F2(null, ref p, ref x, xStride, ref a, rows);
        public static void Forward(INetwork network, ref float input, int rows, ref float a) => All((DigitsWorkload)network, ref input, rows, ref a);
        // Digits' 10 logits are not stored by unit, so it has no fused logits and loss: its step's Forward, then the loss kernel.
        public static float ForwardAndLoss(INetwork network, ref float input, ref int labels, int rows, float scale, ref float a)
        {
            All((DigitsWorkload)network, ref input, rows, ref a);
            return LossKernels.SoftmaxCrossEntropyOfLabels(ref Unsafe.Add(ref a, LogitsAt), LogitsStride, ref labels, network.OutputSize, ref Unsafe.Add(ref a, DeltaAt), rows, scale, true, true);
        }
        private static readonly int LogitsAt = Constant(typeof(DigitsWorkload), "Layer2Y"), LogitsStride = Constant(typeof(DigitsWorkload), "Layer2Stride"),
            DeltaAt = Constant(typeof(DigitsWorkload), "Layer2Delta");

        [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Layer0Forward")]
        private static extern void F0(DigitsWorkload? type, ref float p, ref float x, int xStride, ref float a, int rows);
        [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Layer1Forward")]
        private static extern void F1(DigitsWorkload? type, ref float p, ref float x, int xStride, ref float a, int rows);
        [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Layer2Forward")]
        private static extern void F2(DigitsWorkload? type, ref float p, ref float x, int xStride, ref float a, int rows);
        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Forward")]
        private static extern void All(DigitsWorkload network, ref float input, int rows, ref float a);
        public static void Layer2Backward(ref float p, ref float g, ref float x, int xStride, ref float a, int rows) => L2(null, ref p, ref g, ref x, xStride, ref a, rows);
        public static void Layer1Backward(ref float p, ref float g, ref float x, int xStride, ref float a, int rows) => L1(null, ref p, ref g, ref x, xStride, ref a, rows);
        public static void Layer0Backward(ref float p, ref float g, ref float x, int xStride, ref float a, int rows) => L0(null, ref p, ref g, ref x, xStride, ref a, rows);
        public static void Layer0BackwardStepping(ref float p, ref float g, ref float x, int xStride, ref float a, int rows, ref float m, ref float v, float lr, long step) =>
            L0S(null, ref p, ref g, ref x, xStride, ref a, rows, ref m, ref v, lr, step);
        public static void StepOnRange(INetwork network, int start, int length, AdamStep adam) => throw new NotSupportedException("digits steps in its lowest layer");
        public static void StepParameters(INetwork network) => Step((DigitsWorkload)network);
        /// <summary>The backward and step as TrainBatch takes them: stepping in the lowest layer on Vector512, else Backward, then the step.</summary>
        public static void BackwardStepping(INetwork network, ref float input, int rows, ref float a, ref float g)
        {
            if (SteppingInLowest)
                Stepping((DigitsWorkload)network, ref input, rows, ref a, ref g);
            else
            {
                Back((DigitsWorkload)network, ref input, rows, ref a, ref g);
                Step((DigitsWorkload)network);
            }
        }
        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Backward")]
        private static extern void Back(DigitsWorkload network, ref float input, int rows, ref float a, ref float g);

        [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Layer2Backward")]
        private static extern void L2(DigitsWorkload? type, ref float p, ref float g, ref float x, int xStride, ref float a, int rows);
        [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Layer1Backward")]
        private static extern void L1(DigitsWorkload? type, ref float p, ref float g, ref float x, int xStride, ref float a, int rows);
        [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Layer0Backward")]
        private static extern void L0(DigitsWorkload? type, ref float p, ref float g, ref float x, int xStride, ref float a, int rows);
        [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Layer0BackwardStepping")]
        private static extern void L0S(DigitsWorkload? type, ref float p, ref float g, ref float x, int xStride, ref float a, int rows, ref float m, ref float v, float lr, long step);
        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "StepParameters")]
        private static extern void Step(DigitsWorkload network);
        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "BackwardStepping")]
        private static extern void Stepping(DigitsWorkload network, ref float input, int rows, ref float a, ref float g);
    }
}
