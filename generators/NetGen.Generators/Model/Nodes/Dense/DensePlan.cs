namespace NetGen.Generators.Model;

/// <summary>A layer's place in the generated storage and the kernel shape chosen for it.</summary>
/// <param name="Stride">Floats per weight row: LinearUnits padded to a whole vector of the layer's widest path (<see cref="DenseSpec.Stride"/>).</param>
/// <param name="RowStride">Floats per row of z, y and delta: the larger of Stride and the padded OutputWidth.</param>
/// <param name="WeightOffset">Start of the transposed weights, [Inputs][Stride].</param>
/// <param name="BiasOffset">Start of the bias, [Stride]; -1 for a layer without one.</param>
/// <param name="ActivationParameterOffset">Start of the learnable activation parameters (padded), or -1.</param>
/// <param name="End">One past the layer's last parameter slot.</param>
/// <param name="ZOffset">Start of the pre-activations in the activation buffer, [BatchSize][RowStride].</param>
/// <param name="YOffset">Start of the outputs, [BatchSize][RowStride].</param>
/// <param name="DeltaOffset">Start of the loss gradient with respect to the outputs, [BatchSize][RowStride].</param>
/// <param name="NoiseOffset">RRelu: start of the slopes drawn by the last training pass, [BatchSize][RowStride]; else -1.</param>
/// <param name="InitScale">Half-width of a symmetric uniform initialization, or standard deviation of a normal one.</param>
/// <param name="UnrollInputs">Whether the loop over inputs is written out statement by statement.</param>
/// <param name="ChainsActivation">Whether backward multiplies by the activation's derivative (false when the loss fused it).</param>
/// <param name="RunsBackward">Whether backward reaches this layer: it or a layer below it is trainable.</param>
/// <param name="SendsInputGradient">Whether backward hands dx to the layer below: some layer below is trainable.</param>
/// <param name="StoresZ">False: the layer keeps no z (<see cref="KernelBlocking.StoresZ"/>); <see cref="ZOffset"/> is y's.</param>
/// <param name="TransposeOffset">
/// Where backward transposes the weights for dx = dz·Wᵀ as a forward product (the activation buffer's scratch, shared by
/// the layers), or -1: dot products with lane sums. See <see cref="NetworkPlan.TransposesForInputGradient"/>.
/// </param>
internal sealed record DensePlan(
    DenseSpec Layer,
    int Stride,
    int RowStride,
    int WeightOffset,
    int BiasOffset,
    int ActivationParameterOffset,
    int End,
    int ZOffset,
    int YOffset,
    int DeltaOffset,
    int NoiseOffset,
    float InitScale,
    bool UnrollInputs,
    bool ChainsActivation,
    bool RunsBackward,
    bool SendsInputGradient,
    bool StoresZ,
    int TransposeOffset = -1)
{
    public int Index => Layer.Index;
    public string Name => Layer.Name;
    /// <summary>The constant naming <see cref="RowStride"/>: the weight stride's when they are equal.</summary>
    public string RowStrideName => RowStride == Stride ? Name + "Stride" : Name + "RowStride";
    public bool HasActivationParameters => ActivationParameterOffset >= 0;
    public bool HasBias => BiasOffset >= 0;
    /// <summary>Whether backward computes this layer's parameter gradients (false for a frozen layer).</summary>
    public bool Trainable => Layer.Trainable;
    public bool HasNoise => NoiseOffset >= 0;
    /// <summary>Whether the layer's forward pass differs between training and evaluation (RRelu's drawn slopes).</summary>
    public bool DiffersInTraining => HasNoise;
    public bool TransposesForInputGradient => TransposeOffset >= 0;
}
