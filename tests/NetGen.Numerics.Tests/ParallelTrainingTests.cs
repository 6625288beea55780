using System;
using System.Linq;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>PredictBatch and two-thread batch training, on every golden network.</summary>
public class ParallelTrainingTests
{
    public static TheoryData<string> Splittable() =>
        new(GoldenTests.Networks.Keys.Where(name => name != nameof(NewtonTiny)));

    public static TheoryData<string> AllNetworks() => GoldenTests.PredictionCases();

    private static INetwork Create(string name) =>
        GoldenTests.Networks.TryGetValue(name, out var create) ? create() : GoldenTests.PredictOnly[name]();

    [Theory]
    [MemberData(nameof(AllNetworks))]
    public void PredictBatch_matches_Predict_row_by_row_across_several_batches(string name)
    {
        var network = Create(name);
        int rows = 2 * network.BatchSize + 3; // two full internal batches and a partial one
        var (inputs, _) = GradientCheckTests.Data(network, rows, seed: 11);
        var outputs = new float[rows * network.OutputSize];
        network.PredictBatch(inputs, outputs);
        var one = new float[network.OutputSize];
        for (int r = 0; r < rows; r++)
        {
            network.Predict(inputs.AsSpan(r * network.InputSize, network.InputSize), one);
            for (int o = 0; o < one.Length; o++)
                Assert.Equal(one[o], outputs[r * network.OutputSize + o], 5e-6f * Math.Max(1f, Math.Abs(one[o])));
        }
    }

    [Fact]
    public void PredictBatch_rejects_mismatched_spans_and_names_them()
    {
        var network = new XorNet();
        var error = Assert.Throws<ArgumentException>(() => network.PredictBatch(new float[6], new float[2]));
        Assert.Equal("outputs", error.ParamName);
        Assert.Contains("Expected 3 outputs (3 rows of 1)", error.Message);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => network.PredictBatch(new float[5], new float[2])).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => network.PredictBatch(Array.Empty<float>(), Array.Empty<float>())).ParamName);
    }

    [Fact]
    public void Two_threads_give_one_threads_gradients_through_their_own_transposition_scratch() =>
        // 17 rows a thread: each transposes the narrow layers' weights into the scratch of its own activation buffer.
        AssertTwoThreadsMatchOne(() => new NarrowCrossEntropy(), nameof(NarrowCrossEntropy), NarrowCrossEntropy.BatchSize, seed: 5);

    [Fact]
    public void Two_threads_give_one_threads_gradients_through_an_output_layer_stored_by_unit() =>
        // 19 and 18 rows: a block of 16 in lanes and the rows left over, on each thread.
        AssertTwoThreadsMatchOne(() => new ByUnitLogits(), nameof(ByUnitLogits), ByUnitLogits.BatchSize, seed: 6);

    [Theory]
    [MemberData(nameof(Splittable))]
    public void Two_threads_give_one_threads_loss_and_gradients(string name)
    {
        foreach (int rows in new[] { 5, 2, 1 })
            if (rows <= Create(name).BatchSize)
                AssertTwoThreadsMatchOne(() => Create(name), name, rows, seed: 3);
    }

    private static void AssertTwoThreadsMatchOne(Func<INetwork> create, string name, int rows, int seed)
    {
        var single = create();
        var split = create();
        split.TrainingThreads = 2;
        var (inputs, targets) = GradientCheckTests.Data(single, rows, seed);
        float expectedLoss = single.ComputeGradients(inputs, targets);
        float loss = split.ComputeGradients(inputs, targets);
        Assert.Equal(expectedLoss, loss, 1e-5f * Math.Max(1f, Math.Abs(expectedLoss)));
        var expected = new float[single.ParameterCount];
        var actual = new float[split.ParameterCount];
        single.CopyGradientsTo(expected);
        split.CopyGradientsTo(actual);
        float scale = expected.Max(Math.Abs) + 1e-30f;
        for (int k = 0; k < expected.Length; k++)
            Assert.True(Math.Abs(expected[k] - actual[k]) <= 1e-5f * scale, $"{name}, {rows} rows, gradient {k}: {actual[k]} vs {expected[k]}");
        split.TrainingThreads = 1;
    }

    /// <summary>
    /// The whole step on two threads (the gradient sum, the clip norm and the optimizer each split by parameter range)
    /// takes every parameter where one thread does: a range left out or taken twice would not come close.
    /// </summary>
    [Theory]
    [MemberData(nameof(Splittable))]
    public void Two_thread_steps_move_every_parameter_as_one_thread_does(string name)
    {
        var single = Create(name);
        var split = Create(name);
        split.TrainingThreads = 2;
        var (inputs, targets) = GradientCheckTests.Data(single, single.BatchSize, seed: 5);
        var start = new float[single.ParameterCount];
        single.CopyParametersTo(start);
        for (int step = 0; step < 3; step++)
        {
            single.TrainBatch(inputs, targets);
            split.TrainBatch(inputs, targets);
        }
        split.TrainingThreads = 1;
        var expected = new float[single.ParameterCount];
        var actual = new float[split.ParameterCount];
        single.CopyParametersTo(expected);
        split.CopyParametersTo(actual);
        float moved = expected.Zip(start, (e, s) => Math.Abs(e - s)).Max();
        Assert.True(moved > 0f, $"{name}: one thread's steps moved nothing");
        for (int k = 0; k < expected.Length; k++)
            Assert.True(Math.Abs(expected[k] - actual[k]) <= 1e-3f * moved, $"{name}, parameter {k}: {actual[k]} vs {expected[k]} (moved up to {moved})");
    }

    [Theory]
    [MemberData(nameof(Splittable))]
    public void Two_thread_training_is_bit_identical_run_to_run(string name)
    {
        float[] Run()
        {
            var network = Create(name);
            network.TrainingThreads = 2;
            var (inputs, targets) = GradientCheckTests.Data(network, network.BatchSize, seed: 8);
            for (int step = 0; step < 30; step++)
                network.TrainBatch(inputs, targets);
            network.TrainingThreads = 1;
            var parameters = new float[network.ParameterCount];
            network.CopyParametersTo(parameters);
            return parameters;
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void TrainingThreads_takes_one_or_two_and_networks_that_cannot_split_say_why()
    {
        var network = new XorNet();
        Assert.Equal(1, network.TrainingThreads);
        Assert.Throws<ArgumentOutOfRangeException>(() => network.TrainingThreads = 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => network.TrainingThreads = 0);
        network.TrainingThreads = 2;
        Assert.Equal(2, network.TrainingThreads);
        network.TrainingThreads = 1;
        Assert.Equal(1, network.TrainingThreads);

        Assert.Contains("Newton", Assert.Throws<NotSupportedException>(() => new NewtonTiny().TrainingThreads = 2).Message);
        Assert.Contains("RRelu", Assert.Throws<NotSupportedException>(() => new RReluPredict().TrainingThreads = 2).Message);
    }

}

/// <summary>Counts the whole process's allocations (the worker thread's too), so nothing else may run meanwhile.</summary>
[CollectionDefinition(nameof(WholeProcessAllocation), DisableParallelization = true)]
public class WholeProcessAllocationCollection { }

[Collection(nameof(WholeProcessAllocation))]
public class WholeProcessAllocation
{
    [Fact]
    public void Two_thread_training_and_PredictBatch_allocate_nothing_on_either_thread() => TwoThreadSteps();

    private static void TwoThreadSteps()
    {
        INetwork network = new AdamClipNormSoftTargets();
        network.TrainingThreads = 2;
        var (inputs, targets) = GradientCheckTests.Data(network, network.BatchSize, seed: 4);
        var outputs = new float[targets.Length];
        for (int i = 0; i < 200; i++)
            network.TrainBatch(inputs, targets);
        // Short rounds, the first clean one passes: an allocation on the step's path would show in every round, while
        // the test runner's own threads (whose allocations this process-wide count includes) only allocate now and
        // then, more often when the machine is loaded and a round takes long.
        long allocated = long.MaxValue;
        for (int round = 0; round < 10 && allocated != 0; round++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true); // every thread, the worker's too
            for (int i = 0; i < 200; i++)
            {
                network.TrainBatch(inputs, targets);
                network.PredictBatch(inputs, outputs);
            }
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        }
        network.TrainingThreads = 1;
        Assert.Equal(0, allocated);
    }
}
