using System;
using NetGen.Numerics.Tests.Support;
using Xunit;

namespace NetGen.Numerics.Tests;

// One-unit output layers after an in-register layer: one-sample prediction computes them as a dot product of the
// previous layer's registers with the weight column, summed across lanes (KernelBlocking.ComputesAsDotProduct).
// One network per vector width the hidden layer takes; each hidden width leaves padding lanes, and Sigmoid's
// padding lanes hold f(0) = 0.5, which the column's zero lanes must cancel.

[Network(Loss = Loss.BinaryCrossEntropy, Seed = 3)]
[Input(2), Dense(3, Activation.Tanh), Dense(1, Activation.Sigmoid)]
public partial class DotOutput128 { }

[Network(Loss = Loss.MeanSquaredError, Seed = 4)]
[Input(3), Dense(6, Activation.Sigmoid), Dense(1)]
public partial class DotOutput256 { }

[Network(Loss = Loss.MeanSquaredError, Seed = 5)]
[Input(3), Dense(13, Activation.Sigmoid), Dense(1, Activation.Tanh)]
public partial class DotOutput512 { }

[Network(Loss = Loss.MeanSquaredError, Seed = 6)]
[Input(3), Dense(16, Activation.Relu), Dense(1, Activation.Sigmoid), Dense(1)]
public partial class DotOutputTwice { }

public class OneUnitLayerTests
{
    public static TheoryData<string> Names() => [nameof(DotOutput128), nameof(DotOutput256), nameof(DotOutput512), nameof(DotOutputTwice)];

    private static (INetwork Network, ReferenceNetwork Reference) Create(string name) => name switch
    {
        nameof(DotOutput128) => (new DotOutput128(), new ReferenceNetwork(2, [(3, Activation.Tanh), (1, Activation.Sigmoid)], Loss.BinaryCrossEntropy)),
        nameof(DotOutput256) => (new DotOutput256(), new ReferenceNetwork(3, [(6, Activation.Sigmoid), (1, Activation.Identity)], Loss.MeanSquaredError)),
        nameof(DotOutput512) => (new DotOutput512(), new ReferenceNetwork(3, [(13, Activation.Sigmoid), (1, Activation.Tanh)], Loss.MeanSquaredError)),
        _ => (new DotOutputTwice(), new ReferenceNetwork(3, [(16, Activation.Relu), (1, Activation.Sigmoid), (1, Activation.Identity)], Loss.MeanSquaredError)),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Predict_matches_a_double_precision_forward_pass(string name)
    {
        var (network, reference) = Create(name);
        // Larger weights than the initializer's, so every input and hidden unit moves the output.
        var theta = new float[network.ParameterCount];
        var random = new Random(name.Length);
        for (int i = 0; i < theta.Length; i++)
            theta[i] = (float)(random.NextDouble() * 2 - 1);
        network.SetParameters(theta);
        var thetaDouble = Array.ConvertAll(theta, v => (double)v);

        var input = new float[network.InputSize];
        var output = new float[1];
        for (int trial = 0; trial < 50; trial++)
        {
            for (int i = 0; i < input.Length; i++)
                input[i] = (float)(random.NextDouble() * 4 - 2);
            network.Predict(input, output);
            double expected = reference.Outputs(thetaDouble, input)[0];
            Assert.True(Math.Abs(output[0] - expected) <= 2e-6 + 1e-5 * Math.Abs(expected),
                $"{name}, trial {trial}: predicted {output[0]}, expected {expected}");
        }
    }
}
