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
    EquatableArray<DenseSpec> Layers,
    TrainingSpec Training,
    ClippingSpec Clipping)
{
    public DenseSpec OutputLayer => Layers[Layers.Count - 1];
    public int OutputSize => OutputLayer.OutputWidth;
    /// <summary>Every parameter in the state_dict, frozen ones included (what CopyParametersTo and Save cover).</summary>
    public int ParameterCount => Layers.Sum(layer => layer.ParameterCount);
    public int HiddenLayerCount => Layers.Count - 1;
    /// <summary>The declared <c>Weights</c> file (an AdditionalFiles path ending in ".ngw"), or "" for none.</summary>
    public string WeightsFile { get; init; } = "";
    /// <summary>The members the user wrote on the class, checked against the generated ones (NG0017).</summary>
    public EquatableArray<UserMember> UserMembers { get; init; }

    /// <summary>Shapes and activations, the part a weights file must agree with: "2 → 4 Tanh → 1 Sigmoid".</summary>
    public string Architecture => InputSize + string.Concat(Layers.Select(l => " → " + l.ArchitectureToken));

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

/// <summary>The user's partial class: its namespace as C# writes it (keywords escaped, <c>@class.Models</c>) and its name.</summary>
internal sealed record TypeSpec(string Namespace, string Name)
{
    /// <summary>The class's namespace (empty for the global one) and name.</summary>
    public static TypeSpec Of(Microsoft.CodeAnalysis.INamedTypeSymbol type) =>
        new(type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(), type.Name);

    public string FullName => Namespace.Length == 0 ? Name : Namespace + "." + Name;

    /// <summary>The name as the generated code writes it: a keyword escaped (<c>@event</c>).</summary>
    public string Identifier =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(Name) == Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? Name : "@" + Name;

    /// <summary>The generated file's name: unique per class (namespaces differ), without the '@' a hint name may not hold.</summary>
    public string HintName => FullName.Replace("@", "") + ".g.cs";

    /// <summary>
    /// The name when another network's <see cref="HintName"/> differs from this one's only by case (hint names ignore
    /// case): the positions of its capitals keep them apart, stable across runs ("Acme.NET.g.cs" → "Acme.NET.U0-5-6-7.g.cs").
    /// </summary>
    public string CaseDistinctHintName
    {
        get
        {
            string name = FullName.Replace("@", "");
            var capitals = Enumerable.Range(0, name.Length).Where(i => char.IsUpper(name[i])).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return name + ".U" + string.Join("-", capitals) + ".g.cs";
        }
    }
}

/// <summary>The <c>[Network]</c> options, defaults applied (Epsilon and WeightDecay per optimizer).</summary>
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
    int Seed)
{
    public bool Trainable { get; init; } = true;
    public bool Nesterov { get; init; }
    public float Alpha { get; init; } = NetworkDefaults.RmsPropAlpha;
    public bool Centered { get; init; }
    public float L1 { get; init; }
    /// <summary>WeightDecay and L1 on every trainable tensor (PyTorch's weight_decay); false: on matrices only.</summary>
    public bool RegularizeBias { get; init; } = true;
    public float Damping { get; init; } = NetworkDefaults.Damping;
    public ScheduleSpec Schedule { get; init; } = ScheduleSpec.Constant;
    public float HuberDelta { get; init; } = NetworkDefaults.HuberDelta;
    public float FocalGamma { get; init; } = NetworkDefaults.FocalGamma;
    public float FocalAlpha { get; init; } = NetworkDefaults.FocalAlpha;
    /// <summary>CrossEntropy's class weights; empty for none.</summary>
    public EquatableArray<float> ClassWeights { get; init; } = default;
}

/// <summary>The learning-rate schedule and its numbers.</summary>
internal sealed record ScheduleSpec(LearningRateSchedule Kind, int StepSize, float Gamma, int Steps, float MinLearningRate)
{
    public static readonly ScheduleSpec Constant = new(LearningRateSchedule.Constant, 0, NetworkDefaults.ScheduleGamma, 0, 0f);
}

internal enum ClippingKind
{
    None,
    /// <summary>torch.nn.utils.clip_grad_norm_ over all parameters.</summary>
    GlobalNorm,
    /// <summary>torch.nn.utils.clip_grad_value_.</summary>
    Value,
}

/// <summary>The <c>[GradientClipping]</c> declaration, if any.</summary>
internal sealed record ClippingSpec(ClippingKind Kind, float Limit, bool PerLayer = false)
{
    public static readonly ClippingSpec None = new(ClippingKind.None, 0f);
}
