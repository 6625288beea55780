using System;
using System.IO;
using System.Runtime.Intrinsics;
using System.Text.Json;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>
/// The SGD, Adam, RMSprop and AdaGrad kernels against torch.optim's own steps (Golden/make_optimizer_steps.py), bit for bit: PyTorch adds
/// <c>-lr · d_p</c> with one rounding (vec::fmadd on its AVX2 kernels) and rounds <c>momentum · buf</c> before adding
/// the gradient. Exact where the kernels' multiply-adds fuse; where they do not, each product is rounded before the add
/// (as PyTorch's own kernels without FMA do), and each float is checked against a looser bound.
/// </summary>
public class OptimizerKernelsTests
{
    private static readonly JsonElement Fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "optimizer_steps.json"))).RootElement;

    [Fact]
    public void Sgd_steps_as_pytorch_does()
    {
        var (parameters, gradients) = (Floats(Fixture.GetProperty("start")), Gradients());
        OptimizerKernels.Sgd(ref parameters[0], ref gradients[0][0], parameters.Length, LearningRate);
        AssertBits(Fixture.GetProperty("plain").GetProperty("parameters"), parameters, "parameters");
    }

    [Theory]
    [InlineData("momentum", false)]
    [InlineData("nesterov", true)]
    public void Sgd_with_momentum_steps_as_pytorch_does(string name, bool nesterov)
    {
        var (parameters, gradients) = (Floats(Fixture.GetProperty("start")), Gradients());
        var velocity = new float[parameters.Length];
        float momentum = (float)Fixture.GetProperty("momentum_coefficient").GetDouble();
        foreach (var gradient in gradients[..2])
            OptimizerKernels.SgdMomentum(ref parameters[0], ref gradient[0], ref velocity[0], parameters.Length, LearningRate, momentum, nesterov);
        AssertBits(Fixture.GetProperty(name).GetProperty("velocity"), velocity, "velocity");
        AssertBits(Fixture.GetProperty(name).GetProperty("parameters"), parameters, "parameters");
    }

    /// <summary>
    /// Adam's moments bit for bit (each times β rounded, then the gradient's term in one rounding). The parameters to within
    /// an ulp of each step's update: NetGen multiplies √v by 1/√(1 - β₂ᵗ) and adds ε in one rounding where PyTorch divides,
    /// then adds (one division an element, not two: the divider bounds the kernel), and takes p - stepSize·(m / d) in one
    /// rounding where PyTorch rounds stepSize·m, its quotient and the sum. Measured: 9 of 1008 parameters differ after 3
    /// steps, by at most 2 ulps, where the updates nearly cancel the parameter (14, by 4, with PyTorch's order of the update).
    /// </summary>
    [Fact]
    public void Adam_steps_as_pytorch_does()
    {
        var (parameters, gradients) = (Floats(Fixture.GetProperty("start")), Gradients());
        var (m, v) = (new float[parameters.Length], new float[parameters.Length]);
        float learningRate = (float)Fixture.GetProperty("adam_learning_rate").GetDouble();
        for (int step = 1; step <= gradients.Length; step++)
            OptimizerKernels.Adam(ref parameters[0], ref gradients[step - 1][0], ref m[0], ref v[0], parameters.Length, learningRate, 0.9, 0.999, 1e-8f, step);
        var adam = Fixture.GetProperty("adam");
        AssertBits(adam.GetProperty("first_moment"), m, "first moment");
        AssertBits(adam.GetProperty("second_moment"), v, "second moment");
        var want = Floats(adam.GetProperty("parameters"));
        var start = Floats(Fixture.GetProperty("start"));
        for (int i = 0; i < want.Length; i++)
        {
            // 3 steps, each update (about lr) off by at most an ulp of itself, each sum by an ulp of the parameter.
            float ulp = MathF.BitIncrement(Math.Max(Math.Abs(start[i]), Math.Abs(want[i]))) - Math.Max(Math.Abs(start[i]), Math.Abs(want[i]));
            float bound = gradients.Length * (ulp + MathF.BitIncrement(learningRate) - learningRate) + (MultiplyAddsFuse ? 0f : UnfusedTolerance * (Math.Abs(want[i]) + 1f));
            Assert.True(Math.Abs(want[i] - parameters[i]) <= bound, $"parameters[{i}]: PyTorch {want[i]:R}, NetGen {parameters[i]:R}");
        }
    }

    /// <summary>RMSprop's averages, buffer and parameters bit for bit: plain, and centered with momentum.</summary>
    [Theory]
    [InlineData("rmsprop", false, 0f)]
    [InlineData("rmsprop_centered_momentum", true, 0.9f)]
    public void RmsProp_steps_as_pytorch_does(string name, bool centered, float momentum)
    {
        var (parameters, gradients) = (Floats(Fixture.GetProperty("start")), Gradients());
        var (square, average, velocity) = (new float[parameters.Length], new float[parameters.Length], new float[parameters.Length]);
        float learningRate = (float)Fixture.GetProperty("rmsprop_learning_rate").GetDouble();
        double alpha = Fixture.GetProperty("alpha").GetDouble();
        foreach (var gradient in gradients)
            OptimizerKernels.RmsProp(ref parameters[0], ref gradient[0], ref square[0], ref average[0], ref velocity[0], parameters.Length,
                learningRate, alpha, 1e-8f, momentum, centered);
        var want = Fixture.GetProperty(name);
        AssertBits(want.GetProperty("square_average"), square, "square average");
        if (centered)
            AssertBits(want.GetProperty("gradient_average"), average, "gradient average");
        if (momentum != 0f)
            AssertBits(want.GetProperty("velocity"), velocity, "velocity");
        AssertBits(want.GetProperty("parameters"), parameters, "parameters");
    }

    /// <summary>AdaGrad's sum and parameters bit for bit (torch.optim.Adagrad's defaults: no decay, accumulator from 0, ε 1e-10).</summary>
    [Fact]
    public void AdaGrad_steps_as_pytorch_does()
    {
        var (parameters, gradients) = (Floats(Fixture.GetProperty("start")), Gradients());
        var squareSum = new float[parameters.Length];
        float learningRate = (float)Fixture.GetProperty("adagrad_learning_rate").GetDouble();
        foreach (var gradient in gradients)
            OptimizerKernels.AdaGrad(ref parameters[0], ref gradient[0], ref squareSum[0], parameters.Length, learningRate, 1e-10f);
        AssertBits(Fixture.GetProperty("adagrad").GetProperty("square_sum"), squareSum, "square sum");
        AssertBits(Fixture.GetProperty("adagrad").GetProperty("parameters"), parameters, "parameters");
    }

    private static float LearningRate => (float)Fixture.GetProperty("learning_rate").GetDouble();

    private static float[][] Gradients()
    {
        var all = Fixture.GetProperty("gradients");
        var gradients = new float[all.GetArrayLength()][];
        for (int k = 0; k < gradients.Length; k++)
            gradients[k] = Floats(all[k]);
        return gradients;
    }

    private static float[] Floats(JsonElement bits)
    {
        var values = new float[bits.GetArrayLength()];
        for (int i = 0; i < values.Length; i++)
            values[i] = BitConverter.UInt32BitsToSingle(bits[i].GetUInt32());
        return values;
    }

    private static void AssertBits(JsonElement expected, float[] actual, string what)
    {
        var want = Floats(expected);
        Assert.Equal(want.Length, actual.Length);
        for (int i = 0; i < want.Length; i++)
        {
            // Unfused, each product is rounded first, and a cancellation magnifies that (p - lr·g near 0, centered RMSprop's
            // v - ḡ² when g barely varies): then a bound that still catches a wrong formula, not a rounding.
            bool close = MultiplyAddsFuse
                ? BitConverter.SingleToUInt32Bits(want[i]) == BitConverter.SingleToUInt32Bits(actual[i])
                : Math.Abs(want[i] - actual[i]) <= (Math.Abs(want[i]) + 1f) * UnfusedTolerance;
            Assert.True(close, $"{what}[{i}]: PyTorch {want[i]:R}, NetGen {actual[i]:R} (multiply-adds fused: {MultiplyAddsFuse})");
        }
    }

    private const float UnfusedTolerance = 1e-5f;

    /// <summary>
    /// Whether the kernels' multiply-adds fuse here (MultiplyAddEstimate on the widest vector the JIT accelerates; AVX-512
    /// fuses even with FMA's own flag off): -0.1·0.30402532 + 0.03159274 is 0.001190209 fused, 0.0011902098 with the product rounded.
    /// </summary>
    internal static readonly bool MultiplyAddsFuse = FusesOnWidest(-0.1f, 0.30402532f, 0.03159274f);

    private static bool FusesOnWidest(float a, float b, float c)
    {
        float estimate = Vector512.IsHardwareAccelerated ? Vector512.MultiplyAddEstimate(Vector512.Create(a), Vector512.Create(b), Vector512.Create(c)).ToScalar()
            : Vector256.IsHardwareAccelerated ? Vector256.MultiplyAddEstimate(Vector256.Create(a), Vector256.Create(b), Vector256.Create(c)).ToScalar()
            : Vector128.IsHardwareAccelerated ? Vector128.MultiplyAddEstimate(Vector128.Create(a), Vector128.Create(b), Vector128.Create(c)).ToScalar()
            : a * b + c;
        return estimate == MathF.FusedMultiplyAdd(a, b, c);
    }
}
