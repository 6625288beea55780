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
    /// <summary>Default SGD momentum (none).</summary>
    public const float Momentum = 0f;
    /// <summary>Adam's β1, as torch.optim.Adam.</summary>
    public const float Beta1 = 0.9f;
    /// <summary>Adam's β2, as torch.optim.Adam.</summary>
    public const float Beta2 = 0.999f;
    /// <summary>Adam's ε, as torch.optim.Adam.</summary>
    public const float Epsilon = 1e-8f;
    /// <summary>Default L2 weight decay (none).</summary>
    public const float WeightDecay = 0f;
    /// <summary>Default largest batch <c>TrainBatch</c> takes.</summary>
    public const int BatchSize = 1;
    /// <summary>Default seed of the weight initialization.</summary>
    public const int Seed = 0;
    /// <summary>LeakyRelu's negative slope, as torch.nn.LeakyReLU.</summary>
    public const float LeakyReluSlope = 0.01f;
}
