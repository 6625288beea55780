using System;
using System.Collections.Immutable;
using System.Linq;

namespace NetGen.Generators.Model;

/// <summary>How the gradient of the loss enters the output layer.</summary>
internal enum OutputGradientKind
{
    /// <summary><c>dL/dy</c> from the loss, then through the activation's derivative like any layer.</summary>
    ThroughActivation,
    /// <summary>BinaryCrossEntropy on a Sigmoid: σ' cancels, <c>dz = (y - t) / n</c>.</summary>
    SigmoidBinaryCrossEntropy,
    /// <summary>CrossEntropy with a Softmax layer: the softmax is the loss's own, <c>dz = (softmax(z)·Σt - t) / rows</c>.</summary>
    SoftmaxCrossEntropy,
    /// <summary>Any other loss after Softmax: <c>dz = y ⊙ (dy - dy·y)</c>.</summary>
    SoftmaxJacobian,
}

/// <summary>A layer's place in the generated storage and the kernel shape chosen for it.</summary>
/// <param name="Stride">Floats per weight row and per activation row: Units padded to a whole Vector512.</param>
/// <param name="WeightOffset">Start of the transposed weights, [Inputs][Stride].</param>
/// <param name="BiasOffset">Start of the bias, [Stride].</param>
/// <param name="ZOffset">Start of the pre-activations in the activation buffer, [BatchSize][Stride].</param>
/// <param name="YOffset">Start of the outputs, [BatchSize][Stride].</param>
/// <param name="DeltaOffset">Start of the loss gradient with respect to the outputs, [BatchSize][Stride].</param>
/// <param name="InitBound">Half-width of the uniform initialization (0 when not uniform).</param>
/// <param name="UnrollInputs">Whether the loop over inputs is written out statement by statement.</param>
/// <param name="ChainsActivation">Whether backward multiplies by the activation's derivative (false when the loss fused it).</param>
internal sealed record LayerPlan(
    LayerSpec Layer,
    int Stride,
    int WeightOffset,
    int BiasOffset,
    int ZOffset,
    int YOffset,
    int DeltaOffset,
    float InitBound,
    bool UnrollInputs,
    bool ChainsActivation)
{
    public int Index => Layer.Index;
    public string Name => "Layer" + Layer.Index;
}

/// <summary>
/// Every decision the emitter needs, made here: padding, offsets, unrolling, fusions. The emitter
/// only prints this plan.
/// </summary>
internal sealed record NetworkPlan(
    NetworkSpec Spec,
    EquatableArray<LayerPlan> Layers,
    int ParameterStorage,
    int ActivationStorage,
    OutputGradientKind OutputGradient)
{
    /// <summary>Rows of every buffer are padded to this many floats: one Vector512, one cache line.</summary>
    public const int Padding = 16;
    /// <summary>Loops over at most this many inputs are written out in full.</summary>
    public const int UnrollInputLimit = 16;
    /// <summary>Vector accumulators kept in registers per block of outputs.</summary>
    public const int AccumulatorsPerBlock = 8;

    public LayerPlan OutputLayer => Layers[Layers.Count - 1];

    /// <summary>Optimizer state buffers the size of the parameters: Adam m and v, SGD momentum's velocity.</summary>
    public int OptimizerStateBuffers => Spec.Training.Optimizer switch
    {
        Optimizer.Adam => 2,
        Optimizer.Sgd when Spec.Training.Momentum != 0f => 1,
        _ => 0,
    };

    public static NetworkPlan Create(NetworkSpec spec)
    {
        var outputGradient = OutputGradientFor(spec.Training.Loss, spec.OutputLayer.Activation);
        var layers = ImmutableArray.CreateBuilder<LayerPlan>(spec.Layers.Count);
        int parameters = 0, activations = 0;
        foreach (var layer in spec.Layers)
        {
            int stride = PadToVector(layer.Units);
            int weights = parameters;
            int bias = weights + layer.Inputs * stride;
            parameters = bias + stride;
            int rowBlock = spec.Training.BatchSize * stride;
            int z = activations, y = z + rowBlock, delta = y + rowBlock;
            activations = delta + rowBlock;
            bool isOutput = layer.Index == spec.Layers.Count - 1;
            bool chains = layer.ActivationInfo.Backward is not null
                && (!isOutput || outputGradient == OutputGradientKind.ThroughActivation);
            layers.Add(new LayerPlan(layer, stride, weights, bias, z, y, delta,
                InitBoundFor(layer), layer.Inputs <= UnrollInputLimit, chains));
        }
        return new NetworkPlan(spec, layers.ToImmutable(), parameters, activations, outputGradient);
    }

    public static int PadToVector(int count) => (count + Padding - 1) / Padding * Padding;

    private static OutputGradientKind OutputGradientFor(Loss loss, Activation output) => (loss, output) switch
    {
        (Loss.CrossEntropy, Activation.Softmax) => OutputGradientKind.SoftmaxCrossEntropy,
        (Loss.BinaryCrossEntropy, Activation.Sigmoid) => OutputGradientKind.SigmoidBinaryCrossEntropy,
        (_, Activation.Softmax) => OutputGradientKind.SoftmaxJacobian,
        _ => OutputGradientKind.ThroughActivation,
    };

    /// <summary>torch.nn.init bounds: Xavier <c>sqrt(6 / (fan_in + fan_out))</c>, He <c>sqrt(6 / fan_in)</c>.</summary>
    private static float InitBoundFor(LayerSpec layer) => layer.Init switch
    {
        Init.XavierUniform => (float)Math.Sqrt(6.0 / (layer.Inputs + layer.Units)),
        Init.HeUniform => (float)Math.Sqrt(6.0 / layer.Inputs),
        _ => 0f,
    };

    public int ParameterStorageBytes => ParameterStorage * sizeof(float);
    public int TotalBytes => (ParameterStorage * (2 + OptimizerStateBuffers) + ActivationStorage) * sizeof(float);
}
