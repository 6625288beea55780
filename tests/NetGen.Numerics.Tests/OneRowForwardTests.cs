using System;
using NetGen.Numerics.Tests.Support;
using Xunit;

namespace NetGen.Numerics.Tests;

// Wider than the layers in registers (16 units): one-sample Predict takes ForwardOneRow, each layer's one-row kernel
// body inlined (DenseKernels.LinearOneRow) where it is at most 8 vectors wide. The layers are 3, 4 and 1 vectors wide on
// Vector512 (chains), 6, 8 and 2 on Vector256 (an accumulator a vector for the first two), 12, 16 and 4 on Vector128
// (the first two through the batch kernel's lone row).

[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Adam, BatchSize = 8, Seed = 12)]
[Input(20), Dense(40, Activation.Relu), Dense(64, Activation.Tanh), Dense(10)]
public partial class WideOneRow { }

public class OneRowForwardTests
{
    [Fact]
    public void Predict_matches_a_double_precision_forward_pass_and_PredictBatch_s_row_bit_for_bit()
    {
        var network = new WideOneRow();
        var reference = new ReferenceNetwork(20, [(40, Activation.Relu), (64, Activation.Tanh), (10, Activation.Identity)], Loss.MeanSquaredError);
        var theta = new float[WideOneRow.ParameterCount];
        var random = new Random(5);
        for (int i = 0; i < theta.Length; i++)
            theta[i] = (float)(random.NextDouble() - 0.5);
        network.SetParameters(theta);
        var thetaDouble = Array.ConvertAll(theta, v => (double)v);

        float[] input = new float[20], output = new float[10], row = new float[10];
        for (int trial = 0; trial < 20; trial++)
        {
            for (int i = 0; i < input.Length; i++)
                input[i] = (float)(random.NextDouble() * 4 - 2);
            network.Predict(input, output);
            network.PredictBatch(input, row);
            Assert.Equal(row, output); // the same kernel body, the same sums in the same order
            double[] expected = reference.Outputs(thetaDouble, input);
            for (int o = 0; o < 10; o++)
                Assert.True(Math.Abs(output[o] - expected[o]) <= 1e-5 + 1e-5 * Math.Abs(expected[o]),
                    $"trial {trial}, output {o}: predicted {output[o]}, expected {expected[o]}");
        }
    }
}
