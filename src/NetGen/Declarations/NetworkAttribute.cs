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
    /// <summary>SGD momentum μ in [0, 1); 0 is plain SGD.</summary>
    public float Momentum { get; set; } = NetworkDefaults.Momentum;
    /// <summary>Adam's first-moment decay in [0, 1).</summary>
    public float Beta1 { get; set; } = NetworkDefaults.Beta1;
    /// <summary>Adam's second-moment decay in [0, 1).</summary>
    public float Beta2 { get; set; } = NetworkDefaults.Beta2;
    /// <summary>Adam's ε, added after the square root; must be positive.</summary>
    public float Epsilon { get; set; } = NetworkDefaults.Epsilon;
    /// <summary>L2 penalty: <c>wd · p</c> is added to every gradient before the step (torch's weight_decay).</summary>
    public float WeightDecay { get; set; } = NetworkDefaults.WeightDecay;
    /// <summary>The largest number of rows <c>TrainBatch</c>, <c>ComputeLoss</c> and <c>ComputeGradients</c> take.</summary>
    public int BatchSize { get; set; } = NetworkDefaults.BatchSize;
    /// <summary>Seed of the deterministic weight initialization used by the parameterless constructor.</summary>
    public int Seed { get; set; } = NetworkDefaults.Seed;
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
    /// <summary>How the weights start; by default He for the ReLU family and Xavier otherwise.</summary>
    public Init Init { get; set; }
    /// <summary>The value every weight starts at with <see cref="NetGen.Init.Constant"/>.</summary>
    public float InitValue { get; set; }
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
}
