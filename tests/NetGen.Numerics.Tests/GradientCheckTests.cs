using System;
using System.Collections.Generic;
using NetGen.Numerics.Tests.Support;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>
/// The generated backward pass against central finite differences of the generated loss,
/// for every activation × loss, on one sample and on a batch of 5 (one sample only where the batch size is 1,
/// which trains in registers).
/// </summary>
public class GradientCheckTests
{
    private static readonly (int, Activation)[] Hidden =
        [(5, Activation.Tanh), (4, Activation.Relu), (4, Activation.LeakyRelu), (4, Activation.Sigmoid)];

    /// <summary>Each network with the reference that defines the same function in double precision.</summary>
    internal static readonly Dictionary<string, (Func<INetwork> Create, ReferenceNetwork Reference)> Networks = new()
    {
        [nameof(MseIdentity)] = (() => new MseIdentity(), Deep(Activation.Identity, Loss.MeanSquaredError)),
        [nameof(MseSigmoid)] = (() => new MseSigmoid(), Deep(Activation.Sigmoid, Loss.MeanSquaredError)),
        [nameof(MseTanh)] = (() => new MseTanh(), Deep(Activation.Tanh, Loss.MeanSquaredError)),
        [nameof(MseRelu)] = (() => new MseRelu(), Deep(Activation.Relu, Loss.MeanSquaredError)),
        [nameof(MseLeakyRelu)] = (() => new MseLeakyRelu(), Deep(Activation.LeakyRelu, Loss.MeanSquaredError)),
        [nameof(MseSoftmax)] = (() => new MseSoftmax(), Deep(Activation.Softmax, Loss.MeanSquaredError)),
        [nameof(BceSigmoid)] = (() => new BceSigmoid(), Deep(Activation.Sigmoid, Loss.BinaryCrossEntropy)),
        [nameof(CrossEntropyIdentity)] = (() => new CrossEntropyIdentity(), Deep(Activation.Identity, Loss.CrossEntropy)),
        [nameof(CrossEntropySigmoid)] = (() => new CrossEntropySigmoid(), Deep(Activation.Sigmoid, Loss.CrossEntropy)),
        [nameof(CrossEntropyTanh)] = (() => new CrossEntropyTanh(), Deep(Activation.Tanh, Loss.CrossEntropy)),
        [nameof(CrossEntropyRelu)] = (() => new CrossEntropyRelu(), Deep(Activation.Relu, Loss.CrossEntropy)),
        [nameof(CrossEntropyLeakyRelu)] = (() => new CrossEntropyLeakyRelu(), Deep(Activation.LeakyRelu, Loss.CrossEntropy)),
        [nameof(CrossEntropySoftmax)] = (() => new CrossEntropySoftmax(), Deep(Activation.Softmax, Loss.CrossEntropy)),
        [nameof(WideCrossEntropy)] = (() => new WideCrossEntropy(), new ReferenceNetwork(40, [(150, Activation.Relu), (10, Activation.Identity)], Loss.CrossEntropy)),
        [nameof(BlockedCrossEntropy)] = (() => new BlockedCrossEntropy(), new ReferenceNetwork(21, [(79, Activation.Tanh), (96, Activation.Sigmoid), (10, Activation.Identity)], Loss.CrossEntropy)),
        [nameof(OneRowMseSigmoid)] = (() => new OneRowMseSigmoid(), Deep(Activation.Sigmoid, Loss.MeanSquaredError)),
        [nameof(OneRowBceSigmoid)] = (() => new OneRowBceSigmoid(), Deep(Activation.Sigmoid, Loss.BinaryCrossEntropy)),
        [nameof(OneRowCrossEntropy)] = (() => new OneRowCrossEntropy(), new ReferenceNetwork(3, [(16, Activation.Tanh), (12, Activation.Relu), (10, Activation.Identity)], Loss.CrossEntropy)),
        [nameof(OneRowMixedWidths)] = (() => new OneRowMixedWidths(), new ReferenceNetwork(3, [(4, Activation.Relu), (16, Activation.Tanh), (3, Activation.Identity)], Loss.CrossEntropy)),
        [nameof(OneRowOneUnit)] = (() => new OneRowOneUnit(), new ReferenceNetwork(3, [(6, Activation.Tanh), (1, Activation.Sigmoid)], Loss.BinaryCrossEntropy)),
        [nameof(OneRowHiddenUnit)] = (() => new OneRowHiddenUnit(), new ReferenceNetwork(3, [(16, Activation.Sigmoid), (1, Activation.Tanh), (1, Activation.Identity)], Loss.MeanSquaredError)),
        [nameof(OneRowPaddedHiddenUnit)] = (() => new OneRowPaddedHiddenUnit(), new ReferenceNetwork(3, [(11, Activation.Tanh), (1, Activation.Tanh), (2, Activation.Identity)], Loss.MeanSquaredError)),
        [nameof(ByUnitSigmoid)] = (() => new ByUnitSigmoid(), new ReferenceNetwork(5, [(12, Activation.Sigmoid), (3, Activation.Sigmoid)], Loss.MeanSquaredError)),
        [nameof(ByUnitLogits)] = (() => new ByUnitLogits(), new ReferenceNetwork(5, [(20, Activation.Relu), (4, Activation.Identity)], Loss.CrossEntropy)),
        [nameof(NarrowCrossEntropy)] = (() => new NarrowCrossEntropy(), new ReferenceNetwork(20, [(16, Activation.Relu), (12, Activation.Tanh), (5, Activation.Identity)], Loss.CrossEntropy)),
        [nameof(WideRowCrossEntropy)] = (() => new WideRowCrossEntropy(), new ReferenceNetwork(40, [(50, Activation.Tanh), (36, Activation.Relu), (5, Activation.Identity)], Loss.CrossEntropy)),
        [nameof(TransposedAheadCrossEntropy)] = (() => new TransposedAheadCrossEntropy(), new ReferenceNetwork(6, [(12, Activation.Tanh), (10, Activation.Relu), (9, Activation.Sigmoid), (11, Activation.Identity)], Loss.CrossEntropy)),
    };

    private static ReferenceNetwork Deep(Activation output, Loss loss) => new(3, [.. Hidden, (3, output)], loss);

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var (name, network) in Networks)
        {
            data.Add(name, 1);
            int batchSize = network.Create().BatchSize;
            if (batchSize >= 5)
                data.Add(name, 5);
            if (batchSize >= 16)
                data.Add(name, batchSize); // whole batches: narrow layers' transposed input gradients, the loss's row blocks

        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_matches_central_differences(string name, int rows)
    {
        var (create, reference) = Networks[name];
        var network = create();
        var (inputs, targets) = Data(network, rows, seed: name.Length * 31 + rows);
        var theta = MovedOffKinks(network, seed: rows);
        float returnedLoss = network.ComputeGradients(inputs, targets);
        // The training pass returns the loss itself. Rounding may differ in the last bits: ComputeLoss runs the batch
        // kernels, a one-row pass computes one-unit layers as dot products.
        float loss = network.ComputeLoss(inputs, targets);
        Assert.Equal(loss, returnedLoss, 2e-6f * Math.Max(1f, Math.Abs(loss)));
        var analytic = new float[network.ParameterCount];
        network.CopyGradientsTo(analytic);
        Assert.True(Norm(analytic) > 1e-3, $"{name}: the gradient is too small for the check to mean anything.");

        // The generated loss is the reference's function...
        double referenceLoss = reference.LossOf(Array.ConvertAll(theta, v => (double)v), inputs, targets);
        NumericAssert.Close(referenceLoss, network.ComputeLoss(inputs, targets), 1e-5, $"{name} loss vs the double-precision reference");
        // ...and its gradient is that function's derivative: precise differences in double, element by element.
        NumericAssert.AllClose(ReferenceDifferences(reference, theta, inputs, targets, 1e-6), analytic, 1e-3, $"{name} ({rows} rows) gradient vs central differences");
        // The generated float32 loss is that function around θ too: its differences at a step large
        // enough to beat rounding equal the reference's at the same step (kinks crossed alike).
        NumericAssert.RelativeL2(ReferenceDifferences(reference, theta, inputs, targets, GeneratedStep), GeneratedDifferences(network, theta, inputs, targets, GeneratedStep), 1e-2, $"{name} ({rows} rows) differences of the generated loss");
    }

    /// <summary>
    /// Biases start at exactly 0, so a row whose ReLU inputs are all dead sits exactly on a kink,
    /// where a symmetric difference averages the two slopes. Random offsets move every parameter
    /// off such measure-zero points.
    /// </summary>
    internal static float[] MovedOffKinks(INetwork network, int seed)
    {
        var random = new DeterministicRandom((ulong)(1000 + seed));
        var theta = new float[network.ParameterCount];
        network.CopyParametersTo(theta);
        for (int k = 0; k < theta.Length; k++)
            theta[k] += random.NextSingle(-0.2f, 0.2f);
        network.SetParameters(theta);
        return theta;
    }

    private const float GeneratedStep = 1e-2f;

    /// <summary>dL/dθ_k ≈ (L(θ + h e_k) - L(θ - h e_k)) / 2h on the double-precision reference.</summary>
    private static float[] ReferenceDifferences(ReferenceNetwork reference, float[] theta, float[] inputs, float[] targets, double h)
    {
        var probe = Array.ConvertAll(theta, v => (double)v);
        var numeric = new float[theta.Length];
        for (int k = 0; k < theta.Length; k++)
        {
            probe[k] = theta[k] + h;
            double plus = reference.LossOf(probe, inputs, targets);
            probe[k] = theta[k] - h;
            double minus = reference.LossOf(probe, inputs, targets);
            probe[k] = theta[k];
            numeric[k] = (float)((plus - minus) / (2 * h));
        }
        return numeric;
    }

    /// <summary>Central differences of the generated float32 loss around θ (left in place); h must be large enough to beat rounding.</summary>
    internal static float[] GeneratedDifferences(INetwork network, float[] theta, float[] inputs, float[] targets, float h)
    {
        var probe = (float[])theta.Clone();
        var numeric = new float[theta.Length];
        for (int k = 0; k < theta.Length; k++)
        {
            probe[k] = theta[k] + h;
            network.SetParameters(probe);
            double plus = network.ComputeLoss(inputs, targets);
            probe[k] = theta[k] - h;
            network.SetParameters(probe);
            double minus = network.ComputeLoss(inputs, targets);
            probe[k] = theta[k];
            numeric[k] = (float)((plus - minus) / (2.0 * h));
        }
        network.SetParameters(theta);
        return numeric;
    }

    /// <summary>Inputs in [-1, 1); targets that suit the loss: a distribution, probabilities or reals.</summary>
    internal static (float[] Inputs, float[] Targets) Data(INetwork network, int rows, int seed)
    {
        var random = new DeterministicRandom((ulong)seed);
        var inputs = new float[rows * network.InputSize];
        for (int i = 0; i < inputs.Length; i++)
            inputs[i] = random.NextSingle(-1f, 1f);
        var targets = new float[rows * network.OutputSize];
        for (int r = 0; r < rows; r++)
        {
            var row = targets.AsSpan(r * network.OutputSize, network.OutputSize);
            float sum = 0f;
            for (int o = 0; o < row.Length; o++)
                sum += row[o] = random.NextSingle(0.05f, 1f);
            for (int o = 0; o < row.Length; o++)
                row[o] /= sum; // a distribution: valid for every loss here
        }
        return (inputs, targets);
    }

    private static double Norm(float[] values)
    {
        double sum = 0;
        foreach (float v in values)
            sum += v * (double)v;
        return Math.Sqrt(sum);
    }
}
