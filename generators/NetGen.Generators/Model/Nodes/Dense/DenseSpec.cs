namespace NetGen.Generators.Model;

/// <summary>
/// The Dense node kind: one <c>[Dense]</c> layer, <c>y = f(W·x + b)</c>. <see cref="Init"/> is resolved: never
/// <c>Init.Default</c>. Its linear map has <see cref="LinearUnits"/> rows (Units × Pieces for Maxout) and it hands
/// <see cref="OutputWidth"/> values to the next layer (2 × Units for CRelu).
/// </summary>
internal sealed record DenseSpec(
    int Index,
    int Inputs,
    int Units,
    Activation Activation,
    Init Init,
    bool InitIsExplicit,
    float InitValue,
    InitRange InitRange,
    Init BiasInit,
    float BiasValue,
    ActivationOptions Options) : NodeSpec(Index, TensorShape.Vector(Inputs))
{
    /// <summary>False for <c>Bias = false</c>: no bias tensor (<c>nn.Linear(bias=False)</c>).</summary>
    public bool HasBias { get; init; } = true;
    public override TensorShape Output => TensorShape.Vector(OutputWidth);
    public int LinearUnits => Activation == Activation.Maxout ? Units * Options.Pieces : Units;
    public int OutputWidth => Activation == Activation.CRelu ? 2 * Units : Units;
    /// <summary>Learnable activation parameters: PRelu's slopes, a learnable Swish β.</summary>
    public int ActivationParameterCount => Activation switch
    {
        Activation.PRelu => Options.PerUnit ? Units : 1,
        Activation.Swish when Options.LearnableBeta => 1,
        _ => 0,
    };
    public override int ParameterCount => (Inputs + (HasBias ? 1 : 0)) * LinearUnits + ActivationParameterCount;
    public ActivationInfo ActivationInfo => Activations.Get(Activation);

    /// <summary>
    /// Whether the weights are stored by unit, <c>[units][stride]</c> (PyTorch's own layout), rather than transposed,
    /// <c>[inputs][stride]</c>: a narrow output layer (<see cref="KernelBlocking.StoresByUnit"/>).
    /// </summary>
    public bool StoredByUnit { get; init; }

    /// <summary>
    /// Floats per stored weight row (a row is an input's units, or a unit's inputs when <see cref="StoredByUnit"/>),
    /// padded to a whole vector of the layer's widest path (<see cref="KernelBlocking.WidestFor(DenseSpec)"/>): 4 up to
    /// 4 floats, 8 up to 8, else whole Vector512s. A 3-unit layer's rows take 4 floats, not 16.
    /// </summary>
    public int Stride
    {
        get
        {
            int lanes = KernelBlocking.WidestFor(this).Width;
            return ((StoredByUnit ? Inputs : LinearUnits) + lanes - 1) / lanes * lanes;
        }
    }

    /// <summary>An nn.Linear, then an activation module unless Identity (Softmax's too: PyTorch counts it).</summary>
    public override int Modules => Activation == Activation.Identity ? 1 : 2;

    /// <summary>
    /// The Linear's weight [out, in], stored transposed [in][stride]; its bias [out] unless <c>Bias = false</c>; then
    /// the activation module's learnable parameters: PReLU's slopes ("weight"), a learnable Swish β ("beta").
    /// </summary>
    public override System.Collections.Generic.IEnumerable<TensorLayout> Tensors()
    {
        // Each tensor's floats padded to whole Vector512s: the optimizer, penalty and clipping kernels step over whole ones.
        yield return new TensorLayout(ParameterRole.Weight, 0, "weight", ParameterBlock.ShapeOf(LinearUnits, Inputs),
            NetworkPlan.PadToVector((StoredByUnit ? LinearUnits : Inputs) * Stride)) { ByUnit = StoredByUnit };
        if (HasBias)
            yield return new TensorLayout(ParameterRole.Bias, 0, "bias", ParameterBlock.ShapeOf(LinearUnits), NetworkPlan.PadToVector(StoredByUnit ? LinearUnits : Stride));
        if (ActivationParameterCount > 0)
            yield return new TensorLayout(ParameterRole.ActivationParameter, 1, Activation == Activation.PRelu ? "weight" : "beta",
                ParameterBlock.ShapeOf(ActivationParameterCount), NetworkPlan.PadToVector(ActivationParameterCount));
    }

    /// <summary>
    /// "8 Tanh"; shape-changing options join it ("8 Maxout×3", "8 PRelu per unit", "8 Swish learnable β", "8 Tanh no bias").
    /// Freezing does not change the shapes, so a frozen layer's token is the trainable one's.
    /// </summary>
    public override string ArchitectureToken => $"{Units} {Activation}" + Activation switch
    {
        Activation.Maxout => "×" + Options.Pieces,
        Activation.PRelu when Options.PerUnit => " per unit",
        Activation.Swish when Options.LearnableBeta => " learnable β",
        _ => "",
    } + (HasBias ? "" : " no bias");
}

/// <summary>The two numbers of a Uniform (low, high) or Normal (mean, std) weight initialization.</summary>
internal sealed record InitRange(float Low, float High, float Mean, float Std)
{
    public static readonly InitRange Default = new(NetworkDefaults.InitLow, NetworkDefaults.InitHigh, NetworkDefaults.InitMean, NetworkDefaults.InitStd);
}

/// <summary>An activation's own parameters, defaults applied (Slope is PRelu's initial slope for PRelu).</summary>
internal sealed record ActivationOptions(float Slope, bool PerUnit, float Alpha, float Beta, bool LearnableBeta, int Pieces)
{
    public static ActivationOptions For(Activation activation) => new(
        activation == Activation.PRelu ? NetworkDefaults.PReluSlope : NetworkDefaults.LeakyReluSlope,
        false, NetworkDefaults.EluAlpha, NetworkDefaults.SwishBeta, false, NetworkDefaults.MaxoutPieces);
}
