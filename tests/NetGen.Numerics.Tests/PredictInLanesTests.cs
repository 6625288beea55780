using System;
using Xunit;

namespace NetGen.Numerics.Tests;

// Small layers predict a batch with the rows in the lanes (KernelBlocking.PredictsInLanes): whole blocks of 16, 8 or 4
// rows (the machine's widest vectors), the rest through the batch kernels. Iris's shape, xor's (one output unit), and
// one with a bias-free, frozen and a five-unit layer (the blocks of 4 and 1 units).

[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, BatchSize = 16, Seed = 3)]
[Input(4), Dense(16, Activation.Relu), Dense(16, Activation.Relu), Dense(3)]
public partial class IrisInLanes { }

[Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Sgd, BatchSize = 1, Seed = 4)]
[Input(2), Dense(4, Activation.Tanh), Dense(1, Activation.Sigmoid)]
public partial class XorInLanes { }

[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Adam, BatchSize = 5, Seed = 6)]
[Input(7), Dense(9, Activation.Tanh, Trainable = false), Dense(5, Activation.Sigmoid, Bias = false), Dense(2)]
public partial class MixedInLanes { }

public class PredictInLanesTests
{
    public static TheoryData<string> Networks() => new([nameof(IrisInLanes), nameof(XorInLanes), nameof(MixedInLanes)]);

    private static IPredictor Create(string name) => name switch
    {
        nameof(IrisInLanes) => new IrisInLanes(),
        nameof(XorInLanes) => new XorInLanes(),
        _ => new MixedInLanes(),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_batch_in_lanes_predicts_each_row_as_Predict_does(string name)
    {
        var network = Create(name);
        var random = new Random(name.Length);
        foreach (int rows in new[] { 1, 3, 4, 15, 16, 17, 33, 40 })
        {
            var inputs = new float[rows * network.InputSize];
            for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)(random.NextDouble() * 4 - 2);
            var batch = new float[rows * network.OutputSize + 3];
            Array.Fill(batch, float.NaN);
            network.PredictBatch(inputs, batch.AsSpan(0, rows * network.OutputSize));
            var one = new float[network.OutputSize];
            for (int r = 0; r < rows; r++)
            {
                network.Predict(inputs.AsSpan(r * network.InputSize, network.InputSize), one);
                for (int o = 0; o < one.Length; o++)
                    Assert.True(Math.Abs(batch[r * one.Length + o] - one[o]) <= 1e-5f * Math.Max(1f, Math.Abs(one[o])),
                        $"{name}, {rows} rows, row {r} output {o}: PredictBatch {batch[r * one.Length + o]:R}, Predict {one[o]:R}");
            }
            for (int i = rows * network.OutputSize; i < batch.Length; i++)
                Assert.True(float.IsNaN(batch[i]), $"{name}, {rows} rows: PredictBatch wrote past its outputs");
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_batch_in_lanes_allocates_nothing(string name)
    {
        var network = Create(name);
        var inputs = new float[40 * network.InputSize];
        var outputs = new float[40 * network.OutputSize];
        AllocationTests.AssertNoAllocation($"{name}'s PredictBatch of 40 rows", () => network.PredictBatch(inputs, outputs));
    }
}
