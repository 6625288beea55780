using System;

namespace NetGen;

/// <summary>
/// Declares a partial class as a fixed-shape network. NetGen generates its predict and train code.
/// Layers come from <see cref="InputAttribute"/> and the <see cref="DenseAttribute"/>s in source order.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NetworkAttribute : Attribute
{
    /// <summary>The training loss (default <see cref="NetGen.Loss.MeanSquaredError"/>).</summary>
    public Loss Loss { get; set; }
    /// <summary>The optimizer (default <see cref="NetGen.Optimizer.Sgd"/>).</summary>
    public Optimizer Optimizer { get; set; }
    /// <summary>Step size; must be positive.</summary>
    public float LearningRate { get; set; } = NetworkDefaults.LearningRate;
    /// <summary>Momentum μ in [0, 1) of SGD and RMSprop; 0 is none.</summary>
    public float Momentum { get; set; } = NetworkDefaults.Momentum;
    /// <summary>SGD: Nesterov momentum, <c>p -= lr · (g + μ v)</c> (needs Momentum &gt; 0).</summary>
    public bool Nesterov { get; set; }
    /// <summary>RMSprop's smoothing constant α in [0, 1).</summary>
    public float Alpha { get; set; } = NetworkDefaults.RmsPropAlpha;
    /// <summary>RMSprop: normalize by the variance estimate <c>v - ḡ²</c> instead of <c>v</c>.</summary>
    public bool Centered { get; set; }
    /// <summary>Adam's first-moment decay in [0, 1).</summary>
    public float Beta1 { get; set; } = NetworkDefaults.Beta1;
    /// <summary>Adam's second-moment decay in [0, 1).</summary>
    public float Beta2 { get; set; } = NetworkDefaults.Beta2;
    /// <summary>ε of Adam, AdamW, RMSprop and AdaGrad, added after the square root; must be positive. AdaGrad uses 1e-10 unless set.</summary>
    public float Epsilon { get; set; } = NetworkDefaults.Epsilon;
    /// <summary>
    /// L2 penalty: <c>wd · p</c> is added to every trainable parameter's gradient inside the step, after clipping
    /// (torch's weight_decay). AdamW decays decoupled, <c>p *= 1 - lr · wd</c>, and defaults to 0.01.
    /// </summary>
    public float WeightDecay { get; set; } = NetworkDefaults.WeightDecay;
    /// <summary>L1 penalty: <c>l1 · sign(p)</c> is added to every trainable parameter's gradient inside the step, after clipping.</summary>
    public float L1 { get; set; } = NetworkDefaults.L1;
    /// <summary>
    /// Apply WeightDecay and L1 to every trainable parameter, biases and activation parameters included (the default,
    /// as torch.optim's weight_decay does). False restricts them to tensors of two or more dimensions: weight matrices.
    /// </summary>
    public bool RegularizeBias { get; set; } = true;
    /// <summary>Newton's starting damping λ &gt; 0.</summary>
    public float Damping { get; set; } = NetworkDefaults.Damping;
    /// <summary>How the learning rate changes with the steps taken.</summary>
    public LearningRateSchedule Schedule { get; set; }
    /// <summary>Step schedule: steps between two decays.</summary>
    public int ScheduleStepSize { get; set; }
    /// <summary>Step and Exponential schedules: the decay factor γ in (0, 1].</summary>
    public float ScheduleGamma { get; set; } = NetworkDefaults.ScheduleGamma;
    /// <summary>Cosine schedule: the steps T over which the rate falls to MinLearningRate.</summary>
    public int ScheduleSteps { get; set; }
    /// <summary>Cosine schedule: the final rate η_min.</summary>
    public float MinLearningRate { get; set; }
    /// <summary>Huber's δ &gt; 0.</summary>
    public float HuberDelta { get; set; } = NetworkDefaults.HuberDelta;
    /// <summary>Focal's γ ≥ 0.</summary>
    public float FocalGamma { get; set; } = NetworkDefaults.FocalGamma;
    /// <summary>Focal's α in [0, 1], or negative for no weighting.</summary>
    public float FocalAlpha { get; set; } = NetworkDefaults.FocalAlpha;
    /// <summary>CrossEntropy: one positive weight per class (output unit).</summary>
    public float[]? ClassWeights { get; set; }
    /// <summary>False for a network that is only ever loaded and run: no training members are generated.</summary>
    public bool Trainable { get; set; } = true;
    /// <summary>The largest number of rows <c>TrainBatch</c>, <c>ComputeLoss</c> and <c>ComputeGradients</c> take.</summary>
    public int BatchSize { get; set; } = NetworkDefaults.BatchSize;
    /// <summary>Seed of the deterministic weight initialization used by the parameterless constructor.</summary>
    public int Seed { get; set; } = NetworkDefaults.Seed;
    /// <summary>
    /// The most bytes the network may allocate (parameters, gradients, optimizer state, activations
    /// and buffers); 0 for no limit. A declaration above it does not compile (NG0013). The generated
    /// doc comment states each of these sizes.
    /// </summary>
    public long MaxMemoryBytes { get; set; }
    /// <summary>
    /// Embedded weights: a ".ngw" file written by <c>SaveEmbeddable</c> and listed as an
    /// <c>AdditionalFiles</c> item. Its parameters are compiled into the assembly as constant data and
    /// the parameterless constructor starts from them (no file at run time). A missing file (NG0014)
    /// or one saved by another architecture (NG0015) does not compile.
    /// </summary>
    public string? Weights { get; set; }
}

/// <summary>The number of input features.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    /// <summary>Declares the input width.</summary>
    public InputAttribute(int size) => Size = size;
    /// <summary>The number of input features.</summary>
    public int Size { get; }
}

/// <summary>A fully connected layer <c>y = activation(W·x + b)</c>. Layers are applied in source order.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute : Attribute
{
    /// <summary>Declares a layer of <paramref name="units"/> outputs.</summary>
    public DenseAttribute(int units, Activation activation = Activation.Identity)
    {
        Units = units;
        Activation = activation;
    }

    /// <summary>The number of outputs.</summary>
    public int Units { get; }
    /// <summary>The non-linearity.</summary>
    public Activation Activation { get; }
    /// <summary>How the weights start; by default LeCun normal for Selu, He for the ReLU family and Xavier otherwise.</summary>
    public Init Init { get; set; }
    /// <summary>The value every weight starts at with <see cref="NetGen.Init.Constant"/>.</summary>
    public float InitValue { get; set; }
    /// <summary>Lower bound of <see cref="NetGen.Init.Uniform"/>.</summary>
    public float InitLow { get; set; } = NetworkDefaults.InitLow;
    /// <summary>Upper bound of <see cref="NetGen.Init.Uniform"/>.</summary>
    public float InitHigh { get; set; } = NetworkDefaults.InitHigh;
    /// <summary>Mean of <see cref="NetGen.Init.Normal"/>.</summary>
    public float InitMean { get; set; } = NetworkDefaults.InitMean;
    /// <summary>Standard deviation of <see cref="NetGen.Init.Normal"/>.</summary>
    public float InitStd { get; set; } = NetworkDefaults.InitStd;
    /// <summary>How the biases start: Zero (default), Constant (<see cref="BiasValue"/>) or Uniform (nn.Linear's ±1/√fan_in).</summary>
    public Init BiasInit { get; set; }
    /// <summary>The value every bias starts at with <c>BiasInit = Init.Constant</c>.</summary>
    public float BiasValue { get; set; }
    /// <summary>LeakyRelu's negative slope (0.01 unless set), or PRelu's initial slope (0.25 unless set).</summary>
    public float Slope { get; set; } = NetworkDefaults.LeakyReluSlope;
    /// <summary>PRelu: one learnable slope per unit instead of one for the layer.</summary>
    public bool PerUnit { get; set; }
    /// <summary>Elu's α (1).</summary>
    public float Alpha { get; set; } = NetworkDefaults.EluAlpha;
    /// <summary>Swish's β (1, SiLU), or its initial value with <see cref="LearnableBeta"/>.</summary>
    public float Beta { get; set; } = NetworkDefaults.SwishBeta;
    /// <summary>Swish: learn β, one per layer.</summary>
    public bool LearnableBeta { get; set; }
    /// <summary>Maxout's linear pieces per unit, at least 2.</summary>
    public int Pieces { get; set; } = NetworkDefaults.MaxoutPieces;
    /// <summary>Whether the layer adds a bias (default true); false is <c>nn.Linear(bias=False)</c>: no bias tensor at all.</summary>
    public bool Bias { get; set; } = true;
    /// <summary>
    /// False freezes the layer (<c>requires_grad_(False)</c>): its parameters are never stepped, decayed or clipped, its
    /// gradients are not computed (<c>CopyGradientsTo</c> writes 0 for them) and backward stops below the lowest trainable
    /// layer. For fine-tuning: load pre-trained parameters, then train the layers above.
    /// </summary>
    public bool Trainable { get; set; } = true;
}

/// <summary>
/// Clips gradients before each optimizer step: set exactly one of <see cref="MaxNorm"/>
/// (torch.nn.utils.clip_grad_norm_) or <see cref="MaxValue"/> (torch.nn.utils.clip_grad_value_).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class GradientClippingAttribute : Attribute
{
    /// <summary>Scale all gradients by <c>MaxNorm / (‖g‖ + 1e-6)</c> when their global L2 norm exceeds it.</summary>
    public float MaxNorm { get; set; }
    /// <summary>Clamp every gradient element to <c>[-MaxValue, MaxValue]</c>.</summary>
    public float MaxValue { get; set; }
    /// <summary>Clip each layer's gradients (weights, bias and activation parameters) by their own norm.</summary>
    public bool PerLayer { get; set; }
}
