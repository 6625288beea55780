using System;
using System.Collections.Generic;
using NetGen.Numerics.Tests.Support;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>
/// Generated networks against PyTorch 1.13 (fixtures from Golden/make_golden.py): same starting
/// parameters, then predictions, loss, gradients and 5 optimizer steps must agree.
/// </summary>
public class GoldenTests
{
    private const double Relative = 1e-5;

    public static readonly Dictionary<string, Func<INetwork>> Networks = new()
    {
        [nameof(XorSgd)] = () => new XorSgd(),
        [nameof(SgdMomentumDecayMse)] = () => new SgdMomentumDecayMse(),
        [nameof(AdamSoftmaxCrossEntropy)] = () => new AdamSoftmaxCrossEntropy(),
        [nameof(AdamClipNormSoftTargets)] = () => new AdamClipNormSoftTargets(),
        [nameof(SgdClipValueBce)] = () => new SgdClipValueBce(),
        [nameof(AdamMseSoftmaxDecayClip)] = () => new AdamMseSoftmaxDecayClip(),
        [nameof(MomentumCrossEntropyOnTanh)] = () => new MomentumCrossEntropyOnTanh(),
        [nameof(EluSeluGeluNesterov)] = () => new EluSeluGeluNesterov(),
        [nameof(SmoothActivationsRmsProp)] = () => new SmoothActivationsRmsProp(),
        [nameof(LearnableActivationsAdamW)] = () => new LearnableActivationsAdamW(),
        [nameof(CReluMaxoutAdaGradHuber)] = () => new CReluMaxoutAdaGradHuber(),
        [nameof(LogitsAdamStepSchedule)] = () => new LogitsAdamStepSchedule(),
        [nameof(FocalExponentialSchedule)] = () => new FocalExponentialSchedule(),
        [nameof(KullbackLeiblerCosine)] = () => new KullbackLeiblerCosine(),
        [nameof(WeightedCrossEntropyLabels)] = () => new WeightedCrossEntropyLabels(),
        [nameof(MaePenaltiesPerLayerClip)] = () => new MaePenaltiesPerLayerClip(),
        [nameof(NewtonTiny)] = () => new NewtonTiny(),
        [nameof(AdamClipNormFused)] = () => new AdamClipNormFused(),
        [nameof(MomentumClipNormFused)] = () => new MomentumClipNormFused(),
        [nameof(FrozenBiasFreeAdam)] = () => new FrozenBiasFreeAdam(),
        [nameof(FrozenMiddleMomentum)] = () => new FrozenMiddleMomentum(),
        [nameof(BiasFreeSgd)] = () => new BiasFreeSgd(),
    };

    /// <summary>Networks whose training is random (RRelu): only their predictions can match PyTorch's eval mode.</summary>
    public static readonly Dictionary<string, Func<INetwork>> PredictOnly = new()
    {
        [nameof(RReluPredict)] = () => new RReluPredict(),
    };

    public static TheoryData<string> PredictionCases() => new([.. Networks.Keys, .. PredictOnly.Keys]);

    public static TheoryData<string> Cases() => new(Networks.Keys);

    [Theory]
    [MemberData(nameof(PredictionCases))]
    public void Predictions_match_pytorch(string name)
    {
        var (fixture, network) = Start(name);
        var output = new float[network.OutputSize];
        int rows = fixture.Inputs.Length / network.InputSize;
        for (int r = 0; r < rows; r++)
        {
            network.Predict(fixture.Inputs.AsSpan(r * network.InputSize, network.InputSize), output);
            NumericAssert.AllClose(fixture.Predictions.AsSpan(r * network.OutputSize, network.OutputSize), output, Relative, $"{name} row {r} prediction");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loss_and_gradients_match_pytorch(string name)
    {
        var (fixture, network) = Start(name);
        float loss = network.ComputeGradients(fixture.Inputs, fixture.Targets);
        NumericAssert.Close(fixture.Loss, loss, Relative, $"{name} loss");
        Assert.Equal(loss, network.ComputeLoss(fixture.Inputs, fixture.Targets));
        var gradients = new float[network.ParameterCount];
        network.CopyGradientsTo(gradients);
        NumericAssert.AllClose(fixture.Gradients, gradients, Relative, $"{name} gradient");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Five_training_steps_match_pytorch(string name)
    {
        var (fixture, network) = Start(name);
        var parameters = new float[network.ParameterCount];
        for (int step = 0; step < fixture.Steps.Length; step++)
        {
            float loss = network.TrainBatch(fixture.Inputs, fixture.Targets);
            NumericAssert.Close(fixture.Steps[step].Loss, loss, 1e-4, $"{name} loss before step {step + 1}");
            network.CopyParametersTo(parameters);
            // Whole-vector relative L2: under Adam a gradient near zero may round to the other sign
            // and move one weight by 2·lr, which an element-wise check would misread.
            NumericAssert.RelativeL2(fixture.Steps[step].Parameters, parameters, StepTolerance(name), $"{name} parameters after step {step + 1}");
        }
    }

    /// <summary>
    /// Newton's Hessian is central differences of the float32 gradient (about 1e-4 relative), PyTorch's
    /// the exact autograd Hessian in float64: their steps agree to that, not to float rounding.
    /// </summary>
    private static double StepTolerance(string name) => name == nameof(NewtonTiny) ? 1e-3 : Relative;

    [Fact]
    public void Newton_hessian_matches_torch_autograd_hessian()
    {
        var (fixture, network) = Start(nameof(NewtonTiny));
        var hessian = new double[network.ParameterCount * network.ParameterCount];
        ((NewtonTiny)network).ComputeHessian(fixture.Inputs, fixture.Targets, hessian);
        NumericAssert.RelativeL2(Array.ConvertAll(fixture.Hessian, v => (float)v), Array.ConvertAll(hessian, v => (float)v), 1e-3, "Hessian by differences vs torch.autograd.functional.hessian");
        Assert.Equal(hessian[1], hessian[network.ParameterCount], 12); // symmetrized
    }

    [Fact]
    public void Clipping_fixtures_really_clip()
    {
        // Guards the fixtures themselves: a clipping case whose limit is never reached tests nothing.
        Assert.Contains(GoldenFixture.Load(nameof(AdamClipNormSoftTargets)).Steps, s => s.GradientNorm > 0.2f);
        Assert.Contains(GoldenFixture.Load(nameof(AdamMseSoftmaxDecayClip)).Steps, s => s.GradientNorm > 0.1f);
        Assert.Contains(GoldenFixture.Load(nameof(SgdClipValueBce)).Gradients, g => Math.Abs(g) > 0.02f);
        Assert.Contains(GoldenFixture.Load(nameof(MaePenaltiesPerLayerClip)).Steps, s => s.GradientNorm > 0.1f);
        Assert.Contains(GoldenFixture.Load(nameof(AdamClipNormFused)).Steps, s => s.GradientNorm > 0.2f);
        Assert.Contains(GoldenFixture.Load(nameof(MomentumClipNormFused)).Steps, s => s.GradientNorm > 0.1f);
        Assert.Contains(GoldenFixture.Load(nameof(FrozenBiasFreeAdam)).Steps, s => s.GradientNorm > 0.4f);
    }

    private static (GoldenFixture, INetwork) Start(string name)
    {
        var fixture = GoldenFixture.Load(name);
        var network = Networks.TryGetValue(name, out var create) ? create() : PredictOnly[name]();
        network.SetParameters(fixture.Parameters);
        return (fixture, network);
    }
}
