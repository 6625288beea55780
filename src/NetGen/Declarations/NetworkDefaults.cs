// This file is compiled into the runtime and into the generator: the defaults the attributes
// show and the defaults the generator applies are the same constants.
namespace NetGen;

/// <summary>Values a <see cref="NetworkAttribute"/> or <see cref="DenseAttribute"/> property takes when the user does not set it.</summary>
#if NETGEN_COMPILER
internal
#else
public
#endif
static class NetworkDefaults
{
    /// <summary>Default learning rate.</summary>
    public const float LearningRate = 0.01f;
    /// <summary>Default momentum, SGD's and RMSprop's (none).</summary>
    public const float Momentum = 0f;
    /// <summary>Adam's β1, as torch.optim.Adam.</summary>
    public const float Beta1 = 0.9f;
    /// <summary>Adam's β2, as torch.optim.Adam.</summary>
    public const float Beta2 = 0.999f;
    /// <summary>ε of Adam, AdamW and RMSprop, as torch.optim.</summary>
    public const float Epsilon = 1e-8f;
    /// <summary>ε of AdaGrad, as torch.optim.Adagrad.</summary>
    public const float AdaGradEpsilon = 1e-10f;
    /// <summary>RMSprop's smoothing constant α, as torch.optim.RMSprop.</summary>
    public const float RmsPropAlpha = 0.99f;
    /// <summary>Default L2 weight decay (none) of every optimizer but AdamW.</summary>
    public const float WeightDecay = 0f;
    /// <summary>AdamW's decoupled weight decay, as torch.optim.AdamW.</summary>
    public const float AdamWWeightDecay = 0.01f;
    /// <summary>Default L1 penalty (none).</summary>
    public const float L1 = 0f;
    /// <summary>Newton's starting Levenberg-Marquardt damping λ.</summary>
    public const float Damping = 1e-3f;
    /// <summary>The most parameters a Newton network may have: its Hessian is ParameterCount² doubles.</summary>
    public const int NewtonParameterLimit = 512;
    /// <summary>
    /// The most floats a network's parameter storage, or its activation buffer, may hold: 2^28, 1 GiB each. A larger
    /// declaration is NG0019 (its offsets would overflow, and its build and memory would be out of proportion).
    /// </summary>
    public const long StorageFloatLimit = 1L << 28;
    /// <summary>The most layers a network may declare: NG0019 above (each adds its methods to the generated source).</summary>
    public const int LayerLimit = 256;
    /// <summary>Default largest batch <c>TrainBatch</c> takes.</summary>
    public const int BatchSize = 1;
    /// <summary>Default seed of the weight initialization.</summary>
    public const int Seed = 0;
    /// <summary>LeakyRelu's negative slope, as torch.nn.LeakyReLU.</summary>
    public const float LeakyReluSlope = 0.01f;
    /// <summary>PRelu's initial slope, as torch.nn.PReLU.</summary>
    public const float PReluSlope = 0.25f;
    /// <summary>RRelu's slope range while training, as torch.nn.RReLU.</summary>
    public const float RReluLower = 1f / 8f, RReluUpper = 1f / 3f;
    /// <summary>Elu's α, as torch.nn.ELU.</summary>
    public const float EluAlpha = 1f;
    /// <summary>Selu's constants, as torch.nn.SELU.</summary>
    public const float SeluAlpha = 1.6732632423543772848170429916717f, SeluScale = 1.0507009873554804934193349852946f;
    /// <summary>Swish's β (1 is SiLU).</summary>
    public const float SwishBeta = 1f;
    /// <summary>Maxout's default number of linear pieces per unit.</summary>
    public const int MaxoutPieces = 2;
    /// <summary>Softplus switches to <c>y = z</c> above this, as torch.nn.Softplus.</summary>
    public const float SoftplusThreshold = 20f;
    /// <summary>torch.nn.HuberLoss's δ.</summary>
    public const float HuberDelta = 1f;
    /// <summary>torchvision.ops.sigmoid_focal_loss's γ.</summary>
    public const float FocalGamma = 2f;
    /// <summary>torchvision.ops.sigmoid_focal_loss's α; a negative value turns the weighting off.</summary>
    public const float FocalAlpha = 0.25f;
    /// <summary>torch.nn.init.uniform_'s bounds.</summary>
    public const float InitLow = 0f, InitHigh = 1f;
    /// <summary>torch.nn.init.normal_'s mean and standard deviation.</summary>
    public const float InitMean = 0f, InitStd = 1f;
    /// <summary>StepLR's and ExponentialLR's γ.</summary>
    public const float ScheduleGamma = 0.1f;
}
