using System;
using System.IO;
using System.Runtime.Intrinsics;
using System.Text.Json;
using NetGen.Runtime;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>
/// The SGD and Adam kernels against torch.optim's own steps (Golden/make_optimizer_steps.py), bit for bit: PyTorch adds
/// <c>-lr · d_p</c> with one rounding (vec::fmadd on its AVX2 kernels) and rounds <c>momentum · buf</c> before adding
/// the gradient. Exact where the kernels' multiply-adds fuse; where they do not, -lr·g is rounded before p is added (as
/// PyTorch's own kernels without FMA do), and each float is checked to within a bound of that rounding.
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
    /// then adds (one division an element, not two: the divider bounds the kernel). Measured: 14 of 1008 parameters differ
    /// after 3 steps, by at most 4 ulps, where the updates nearly cancel the parameter.
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
            float bound = gradients.Length * (ulp + MathF.BitIncrement(learningRate) - learningRate) + (MultiplyAddsFuse ? 0f : 2.4e-7f * (Math.Abs(want[i]) + 1f));
            Assert.True(Math.Abs(want[i] - parameters[i]) <= bound, $"parameters[{i}]: PyTorch {want[i]:R}, NetGen {parameters[i]:R}");
        }
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
            // Unfused, -lr·g is rounded first: off by up to half its ulp, many of the result's where p cancels it.
            bool close = MultiplyAddsFuse
                ? BitConverter.SingleToUInt32Bits(want[i]) == BitConverter.SingleToUInt32Bits(actual[i])
                : Math.Abs(want[i] - actual[i]) <= (Math.Abs(want[i]) + 1f) * 2.4e-7f;
            Assert.True(close, $"{what}[{i}]: PyTorch {want[i]:R}, NetGen {actual[i]:R} (multiply-adds fused: {MultiplyAddsFuse})");
        }
    }

    /// <summary>
    /// Whether the kernels' multiply-adds fuse here (MultiplyAddEstimate on the widest vector the JIT accelerates; AVX-512
    /// fuses even with FMA's own flag off): -0.1·0.30402532 + 0.03159274 is 0.001190209 fused, 0.0011902098 with the product rounded.
    /// </summary>
    private static readonly bool MultiplyAddsFuse = FusesOnWidest(-0.1f, 0.30402532f, 0.03159274f);

    private static bool FusesOnWidest(float a, float b, float c)
    {
        float estimate = Vector512.IsHardwareAccelerated ? Vector512.MultiplyAddEstimate(Vector512.Create(a), Vector512.Create(b), Vector512.Create(c)).ToScalar()
            : Vector256.IsHardwareAccelerated ? Vector256.MultiplyAddEstimate(Vector256.Create(a), Vector256.Create(b), Vector256.Create(c)).ToScalar()
            : Vector128.IsHardwareAccelerated ? Vector128.MultiplyAddEstimate(Vector128.Create(a), Vector128.Create(b), Vector128.Create(c)).ToScalar()
            : a * b + c;
        return estimate == MathF.FusedMultiplyAdd(a, b, c);
    }
}
