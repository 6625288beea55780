using System;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Testing;
using Xunit;

namespace NetGen.Generators.Tests;

/// <summary>
/// Random valid declarations, compiled and run: the paths the generator picks for one row (in registers) and for
/// batches (the runtime's kernels) agree. A one-sample Predict equals PredictBatch's row, and the loss a training pass
/// returns equals ComputeLoss on the same rows. NETGEN_PROPERTY_ITERATIONS runs more.
/// </summary>
public class GeneratedBehaviourPropertyTests
{
    private static readonly long Iterations =
        long.TryParse(Environment.GetEnvironmentVariable("NETGEN_PROPERTY_ITERATIONS"), out long n) && n > 0 ? Math.Max(1, n / 4) : 15;

    /// <summary>The declaration's network, built and loaded into its own collectible context.</summary>
    private static IPredictor Build(Declaration declaration)
    {
        var run = GeneratorHarness.Run(new NetworkGenerator(), declaration.ToSource());
        var emitted = new MemoryStream();
        var result = run.Output.Emit(emitted);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        emitted.Position = 0;
        var context = new AssemblyLoadContext(null, isCollectible: true);
        var assembly = context.LoadFromStream(emitted);
        var type = assembly.GetTypes().Single(t => typeof(IPredictor).IsAssignableFrom(t));
        return (IPredictor)Activator.CreateInstance(type)!;
    }

    [Fact]
    public void One_row_paths_agree_with_the_batch_kernels()
    {
        var samples = Gen.Select(RandomDeclarations.Valid.Where(d => !d.NetworkOptions.Contains("Optimizer = Optimizer.Newton")), Gen.Int[0, 1000]);
        samples.Sample((declaration, seed) =>
        {
            var network = Build(declaration);
            var random = new Runtime.DeterministicRandom((ulong)seed);
            int rows = Math.Min(network.BatchSize, 1 + seed % 7);
            var inputs = new float[rows * network.InputSize];
            for (int i = 0; i < inputs.Length; i++) inputs[i] = random.NextSingle(-1f, 1f);
            var targets = new float[rows * network.OutputSize];
            for (int r = 0; r < rows; r++)
            {
                var row = targets.AsSpan(r * network.OutputSize, network.OutputSize);
                float sum = 0f;
                for (int o = 0; o < row.Length; o++) sum += row[o] = random.NextSingle(0.05f, 1f);
                for (int o = 0; o < row.Length; o++) row[o] /= sum; // a distribution: a valid target for every loss
            }

            var batch = new float[rows * network.OutputSize];
            network.PredictBatch(inputs, batch);
            var one = new float[network.OutputSize];
            for (int r = 0; r < rows; r++)
            {
                network.Predict(inputs.AsSpan(r * network.InputSize, network.InputSize), one);
                for (int o = 0; o < one.Length; o++)
                    Assert.True(Close(batch[r * one.Length + o], one[o]), $"row {r} output {o}: Predict {one[o]}, PredictBatch {batch[r * one.Length + o]}\n{declaration}");
            }
            // RRelu trains with random slopes and predicts with their mean: its losses differ by design.
            if (network is INetwork trainable && !declaration.Layers.Any(layer => layer.Contains("RRelu")))
                for (int r = 1; r <= rows; r++)
                {
                    var x = inputs.AsSpan(0, r * network.InputSize);
                    var t = targets.AsSpan(0, r * network.OutputSize);
                    float loss = trainable.ComputeLoss(x, t), trained = trainable.ComputeGradients(x, t);
                    Assert.True(Close(loss, trained), $"{r} rows: ComputeGradients' loss {trained}, ComputeLoss {loss}\n{declaration}");
                }
        }, iter: Iterations, threads: 1);
    }

    /// <summary>Equal but for the order of the sums: a relative 1e-5, or 1e-6 near zero.</summary>
    private static bool Close(float a, float b) => Math.Abs(a - b) <= 1e-5f * Math.Max(Math.Abs(a), Math.Abs(b)) + 1e-6f || (float.IsNaN(a) && float.IsNaN(b));
}
