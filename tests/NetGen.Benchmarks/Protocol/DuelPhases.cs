using System;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using NetGen.Benchmarks.Workloads;
using NetGen.Runtime;
using static NetGen.Benchmarks.Protocol.GeneratedInternals;

namespace NetGen.Benchmarks.Protocol;

/// <summary>
/// The duel's <c>phase_forward</c>, <c>phase_loss</c> and <c>phase_backward</c>: a batch training step's three parts
/// timed alone on the stream's first batch, as References/duel.cpp times the fast reference's (<c>trainingForward</c>,
/// <c>loss</c>, <c>stepBackward</c>). NetGen's parts are its generated private methods (<c>Forward</c>; the runtime's
/// softmax cross-entropy of labels at the output layer's offsets; <c>BackwardStepping</c>, the backward with Adam's step
/// inside, as TrainBatch takes it), called directly (<see cref="UnsafeAccessorAttribute"/>):
/// a benchmark of internals, so a renamed method fails here, loudly.
/// </summary>
internal static class DuelPhases
{
    /// <summary>The phase's runner (seconds for a number of calls), or null for a metric that is not a phase of this workload.</summary>
    public static Func<int, double>? Runner(Workload workload, string metric, byte[] startingWeights) => workload.Name switch
    {
        _ when !metric.StartsWith("phase_", StringComparison.Ordinal) => null,
        "iris" => Runner<IrisParts>(workload, metric, startingWeights),
        "digits" => Runner<DigitsParts>(workload, metric, startingWeights),
        _ => null,
    };

    private interface IParts
    {
        static abstract void Forward(INetwork network, ref float input, int rows, ref float activations);
        /// <summary>The backward pass and Adam's step, as a training step takes them after its loss.</summary>
        static abstract void BackwardAndStep(INetwork network, ref float input, int rows, ref float activations, ref float gradients);
    }

    private static Func<int, double>? Runner<TParts>(Workload workload, string metric, byte[] startingWeights) where TParts : IParts
    {
        int rows = workload.TrainBatches.Max();
        var network = Cases.Fresh(workload, startingWeights);
        var stream = workload.Pool().Batches(rows);
        float[] inputs = stream.InputsOf(0).ToArray();
        int[] labels = stream.LabelsOf(0).ToArray();
        float[] start = new float[network.ParameterCount];
        network.CopyParametersTo(start);
        AlignedBuffer activations = Field(network, "_activations"), gradients = Field(network, "_gradients");
        var type = network.GetType();
        int output = type.GetFields(BindingFlags.NonPublic | BindingFlags.Static).Select(f => f.Name)
            .Where(n => n.StartsWith("Layer", StringComparison.Ordinal) && n.EndsWith("Delta", StringComparison.Ordinal))
            .Max(n => int.Parse(n["Layer".Length..^"Delta".Length]));
        int logits = Constant(type, $"Layer{output}Y"), delta = Constant(type, $"Layer{output}Delta"), stride = Constant(type, $"Layer{output}Stride");

        void Restart()
        {
            network.SetParameters(start);
            network.ResetOptimizerState();
            ((IClassifier)network).TrainBatch(inputs, labels); // the batch's activations and deltas, as the reference's reset
        }

        return metric switch
        {
            "phase_forward" => [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int calls) =>
            {
                long begin = Stopwatch.GetTimestamp();
                for (int i = 0; i < calls; i++)
                    TParts.Forward(network, ref inputs[0], rows, ref activations.Start);
                return Stopwatch.GetElapsedTime(begin).TotalSeconds;
            },
            "phase_loss" => [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int calls) =>
            {
                TParts.Forward(network, ref inputs[0], rows, ref activations.Start);
                float scale = 1f / rows, sum = 0f;
                long begin = Stopwatch.GetTimestamp();
                for (int i = 0; i < calls; i++)
                    sum += LossKernels.SoftmaxCrossEntropyOfLabels(ref Unsafe.Add(ref activations.Start, logits), stride, ref labels[0],
                        network.OutputSize, ref Unsafe.Add(ref activations.Start, delta), rows, scale, true, true);
                double seconds = Stopwatch.GetElapsedTime(begin).TotalSeconds;
                GC.KeepAlive(sum);
                return seconds;
            },
            "phase_backward" => [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int calls) =>
            {
                Restart();
                long begin = Stopwatch.GetTimestamp();
                for (int i = 0; i < calls; i++)
                {
                    if (i > 0 && i % 1000 == 0)
                        Restart(); // timed, as the protocol's restore
                    TParts.BackwardAndStep(network, ref inputs[0], rows, ref activations.Start, ref gradients.Start);
                }
                return Stopwatch.GetElapsedTime(begin).TotalSeconds;
            },
            _ => null,
        };
    }

    private readonly struct IrisParts : IParts
    {
        public static void Forward(INetwork network, ref float input, int rows, ref float activations) =>
            ForwardOf((IrisWorkload)network, ref input, rows, ref activations);

        public static void BackwardAndStep(INetwork network, ref float input, int rows, ref float activations, ref float gradients) =>
            BackwardSteppingOf((IrisWorkload)network, ref input, rows, ref activations, ref gradients);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Forward")]
        private static extern void ForwardOf(IrisWorkload network, ref float input, int rows, ref float activations);
        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "BackwardStepping")]
        private static extern void BackwardSteppingOf(IrisWorkload network, ref float input, int rows, ref float activations, ref float gradients);
    }

    private readonly struct DigitsParts : IParts
    {
        public static void Forward(INetwork network, ref float input, int rows, ref float activations) =>
            ForwardOf((DigitsWorkload)network, ref input, rows, ref activations);

        /// <summary>As TrainBatch takes them: stepping in the lowest layer's kernel where Vector512 is accelerated (its StepsInBackward), else Backward, then the step.</summary>
        public static void BackwardAndStep(INetwork network, ref float input, int rows, ref float activations, ref float gradients)
        {
            if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
                BackwardSteppingOf((DigitsWorkload)network, ref input, rows, ref activations, ref gradients);
            else
            {
                BackwardOf((DigitsWorkload)network, ref input, rows, ref activations, ref gradients);
                StepOf((DigitsWorkload)network);
            }
        }

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Forward")]
        private static extern void ForwardOf(DigitsWorkload network, ref float input, int rows, ref float activations);
        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Backward")]
        private static extern void BackwardOf(DigitsWorkload network, ref float input, int rows, ref float activations, ref float gradients);
        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "StepParameters")]
        private static extern void StepOf(DigitsWorkload network);
        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "BackwardStepping")]
        private static extern void BackwardSteppingOf(DigitsWorkload network, ref float input, int rows, ref float activations, ref float gradients);
    }
}
