using System;
using System.Linq;
using NetGen.Numerics.Tests.Support;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>
/// The catalogue's backward passes against central finite differences of the generated loss: every
/// activation (PRelu's and Swish's learnable parameters included), loss, and the shape-changing
/// layers (CRelu, Maxout), on one sample and on a batch of 5. The goldens check the same gradients
/// against PyTorch's autograd; this checks them against the generated forward pass itself.
/// </summary>
public class CatalogueGradientCheckTests
{
    /// <summary>Large enough that float32 rounding of the loss (≈1e-7) stays far below the differences, small enough to cross few kinks.</summary>
    private const float Step = 3e-3f;

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in GoldenTests.Networks.Keys.Skip(7)) // the catalogue's cases; the first seven are GradientCheckTests'
        {
            data.Add(name, 1);
            data.Add(name, 5);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_matches_central_differences_of_the_generated_loss(string name, int rows)
    {
        var network = GoldenTests.Networks[name]();
        var (inputs, targets) = GradientCheckTests.Data(network, rows, seed: name.Length * 17 + rows);
        var theta = GradientCheckTests.MovedOffKinks(network, seed: rows);

        network.ComputeGradients(inputs, targets);
        var analytic = new float[theta.Length];
        network.CopyGradientsTo(analytic);
        Assert.True(analytic.Sum(g => (double)g * g) > 1e-8, $"{name}: the gradient is too small for the check to mean anything.");

        var numeric = GradientCheckTests.GeneratedDifferences(network, theta, inputs, targets, Step);
        // A frozen layer's gradient is 0 by definition (requires_grad_(False)), not the loss's derivative.
        foreach (var tensor in network.ParameterTensors.Where(t => !t.Trainable))
        {
            Assert.All(analytic.AsSpan(tensor.Offset, tensor.Length).ToArray(), g => Assert.Equal(0f, g));
            Array.Clear(numeric, tensor.Offset, tensor.Length);
        }
        NumericAssert.RelativeL2(numeric, analytic, 5e-3, $"{name} ({rows} rows) gradient vs central differences");
    }
}
