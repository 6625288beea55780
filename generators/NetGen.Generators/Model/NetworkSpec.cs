using System.Linq;

namespace NetGen.Generators.Model;

/// <summary>
/// What a <c>[Network]</c> declaration means, after validation: the only input of the emitter and
/// of the analyzers' rules. Plain data (strings, numbers, enums, equatable arrays) so the
/// incremental pipeline can compare it; source locations live in <c>NetworkSourceMap</c>.
/// </summary>
internal sealed record NetworkSpec(
    TypeSpec Type,
    int InputSize,
    EquatableArray<LayerSpec> Layers,
    TrainingSpec Training,
    ClippingSpec Clipping)
{
    public LayerSpec OutputLayer => Layers[Layers.Count - 1];
    public int OutputSize => OutputLayer.Units;
    public int ParameterCount => Layers.Sum(layer => layer.ParameterCount);
    public int HiddenLayerCount => Layers.Count - 1;

    /// <summary>Shapes and activations, the part a weights file must agree with: "2 → 4 Tanh → 1 Sigmoid".</summary>
    public string Architecture => InputSize + string.Concat(Layers.Select(l => $" → {l.Units} {l.Activation}"));

    /// <summary>FNV-1a 64 of <see cref="Architecture"/>'s UTF-16 code units: stable across runs and machines.</summary>
    public ulong ArchitectureHash
    {
        get
        {
            ulong hash = 14695981039346656037UL;
            foreach (char c in Architecture)
                hash = unchecked((hash ^ c) * 1099511628211UL);
            return hash;
        }
    }
}

/// <summary>The user's partial class.</summary>
internal sealed record TypeSpec(string Namespace, string Name)
{
    public string FullName => Namespace.Length == 0 ? Name : Namespace + "." + Name;
}

/// <summary>One <c>[Dense]</c> layer. <see cref="Init"/> is resolved: never <c>Init.Default</c>.</summary>
internal sealed record LayerSpec(int Index, int Inputs, int Units, Activation Activation, Init Init, bool InitIsExplicit, float InitValue)
{
    public int ParameterCount => (Inputs + 1) * Units;
    public ActivationInfo ActivationInfo => Activations.Get(Activation);
}

/// <summary>The <c>[Network]</c> options, defaults applied.</summary>
internal sealed record TrainingSpec(
    Loss Loss,
    Optimizer Optimizer,
    float LearningRate,
    float Momentum,
    float Beta1,
    float Beta2,
    float Epsilon,
    float WeightDecay,
    int BatchSize,
    int Seed);

internal enum ClippingKind
{
    None,
    /// <summary>torch.nn.utils.clip_grad_norm_ over all parameters.</summary>
    GlobalNorm,
    /// <summary>torch.nn.utils.clip_grad_value_.</summary>
    Value,
}

/// <summary>The <c>[GradientClipping]</c> declaration, if any.</summary>
internal sealed record ClippingSpec(ClippingKind Kind, float Limit)
{
    public static readonly ClippingSpec None = new(ClippingKind.None, 0f);
}
