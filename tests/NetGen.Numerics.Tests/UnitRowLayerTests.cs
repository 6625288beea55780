using System;
using NetGen.Numerics.Tests.Support;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>
/// Output layers stored by unit (KernelBlocking.StoresByUnit) after training: each weight row's padding must stay zero
/// while the layer below's padding lanes hold f(0) (Sigmoid's 0.5), or predictions drift from the parameters. Steps
/// in registers (batches of one row), in blocks of rows in lanes and with rows left over; then every prediction path
/// against a double-precision forward pass of the parameters the network reports.
/// </summary>
public class UnitRowLayerTests
{
    public static TheoryData<string> Names() => [nameof(DotOutput256), nameof(DotOutput512), nameof(ByUnitSigmoid)];

    private static (INetwork Network, ReferenceNetwork Reference) Create(string name) => name switch
    {
        nameof(DotOutput256) => (new DotOutput256(), new ReferenceNetwork(3, [(6, Activation.Sigmoid), (1, Activation.Identity)], Loss.MeanSquaredError)),
        nameof(DotOutput512) => (new DotOutput512(), new ReferenceNetwork(3, [(13, Activation.Sigmoid), (1, Activation.Tanh)], Loss.MeanSquaredError)),
        _ => (new ByUnitSigmoid(), new ReferenceNetwork(5, [(12, Activation.Sigmoid), (3, Activation.Sigmoid)], Loss.MeanSquaredError)),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Training_keeps_the_weight_rows_padding_at_zero(string name)
    {
        var (network, reference) = Create(name);
        var random = new Random(name.Length);
        for (int step = 0; step < 30; step++)
        {
            int rows = step % 3 == 0 ? 1 : network.BatchSize; // one row (in registers at BatchSize 1), then whole batches
            var (inputs, targets) = GradientCheckTests.Data(network, rows, seed: step);
            network.TrainBatch(inputs, targets);
        }
        var theta = new float[network.ParameterCount];
        network.CopyParametersTo(theta);
        var thetaDouble = Array.ConvertAll(theta, v => (double)v);

        int count = Math.Max(network.BatchSize, 1);
        var (batch, _) = GradientCheckTests.Data(network, count, seed: 99);
        var outputs = new float[count * network.OutputSize];
        network.PredictBatch(batch, outputs);
        var one = new float[network.OutputSize];
        for (int r = 0; r < count; r++)
        {
            var input = batch.AsSpan(r * network.InputSize, network.InputSize);
            double[] expected = reference.Outputs(thetaDouble, input);
            network.Predict(input, one);
            for (int o = 0; o < network.OutputSize; o++)
            {
                double tolerance = 2e-6 + 1e-5 * Math.Abs(expected[o]);
                Assert.True(Math.Abs(one[o] - expected[o]) <= tolerance, $"{name}, row {r}, output {o}: Predict {one[o]}, expected {expected[o]}");
                float batched = outputs[r * network.OutputSize + o];
                Assert.True(Math.Abs(batched - expected[o]) <= tolerance, $"{name}, row {r}, output {o}: PredictBatch {batched}, expected {expected[o]}");
            }
        }
    }
}
