using System.Linq;
using Microsoft.CodeAnalysis;

namespace NetGen.Generators.Diagnostics;

/// <summary>The diagnostic catalogue. Each ID has a page at docs/diagnostics/ID.md: the why, the math, the fix.</summary>
internal static class Descriptors
{
    /// <summary>
    /// Where the diagnostic pages are: docs/diagnostics/ of the repository whose address the build property
    /// RepositoryUrl (Directory.Build.props) states, stamped into this assembly; so the help links and the package's
    /// repository link are one fact. Declared before the descriptors, which read it as they are initialized.
    /// </summary>
    public static readonly string HelpLinkBase = RepositoryUrl() + "/blob/main/docs/diagnostics/";

    private static string RepositoryUrl() =>
        typeof(Descriptors).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepositoryUrl")?.Value ?? "";

    private const string Declaration = "NetGen.Declaration";
    private const string Training = "NetGen.Training";

    public static readonly DiagnosticDescriptor NotPartial = Error(DiagnosticIds.NotPartial,
        "Network class must be partial",
        "'{0}' must be declared partial so NetGen can add the generated members");

    public static readonly DiagnosticDescriptor MissingInput = Error(DiagnosticIds.MissingInput,
        "Network has no [Input]",
        "'{0}' needs an [Input(size)] attribute giving the number of input features");

    public static readonly DiagnosticDescriptor NonPositiveSize = Error(DiagnosticIds.NonPositiveSize,
        "Size must be positive",
        "{0} must be at least 1; it is {1}");

    public static readonly DiagnosticDescriptor SoftmaxNotLast = Error(DiagnosticIds.SoftmaxNotLast,
        "Softmax is only allowed on the last layer",
        "Layer {0} uses Softmax, which is only allowed on the last layer: use Relu or Tanh for hidden layers");

    public static readonly DiagnosticDescriptor LossDoesNotFitOutput = Error(DiagnosticIds.LossDoesNotFitOutput,
        "Loss does not fit the output layer",
        "{0} cannot be used with this output layer: {1}");

    public static readonly DiagnosticDescriptor InvalidOption = Error(DiagnosticIds.InvalidOption,
        "Invalid option value",
        "{0} must be {1}; it is {2}");

    public static readonly DiagnosticDescriptor InvalidClipping = Error(DiagnosticIds.InvalidClipping,
        "Invalid gradient clipping",
        "[GradientClipping] {0}");

    public static readonly DiagnosticDescriptor NoLayers = Error(DiagnosticIds.NoLayers,
        "Network has no layers",
        "'{0}' needs at least one [Dense(units, activation)] attribute");

    public static readonly DiagnosticDescriptor UnsupportedTypeShape = Error(DiagnosticIds.UnsupportedTypeShape,
        "Network class shape is not supported",
        "'{0}' cannot be a network: {1}");

    public static readonly DiagnosticDescriptor UndefinedEnumValue = Error(DiagnosticIds.UndefinedEnumValue,
        "Undefined enum value",
        "{0} is not a defined {1} value");

    public static readonly DiagnosticDescriptor NotDifferentiable = Error(DiagnosticIds.NotDifferentiable,
        "Nothing can be learned through a zero derivative",
        "{0} has a zero derivative, so a trained network learns nothing through it: {1}, or declare [Network(Trainable = false)]");

    public static readonly DiagnosticDescriptor TooLargeForNewton = Error(DiagnosticIds.TooLargeForNewton,
        "Network is too large for the Newton optimizer",
        "'{0}' has {1} parameters; Newton builds a {1} × {1} Hessian and allows at most {2}: use Adam, or shrink the network");

    public static readonly DiagnosticDescriptor MemoryBudgetExceeded = Error(DiagnosticIds.MemoryBudgetExceeded,
        "Network exceeds its memory budget",
        "'{0}' needs {1} bytes (parameters {2}, gradients {3}, optimizer state {4}, activations and buffers {5}), above MaxMemoryBytes = {6}: shrink the layers, lower BatchSize, or use an optimizer with less state");

    public static readonly DiagnosticDescriptor WeightsFileNotFound = Error(DiagnosticIds.WeightsFileNotFound,
        "Embedded weights file not found",
        "'{0}' is not among the project's AdditionalFiles: add <AdditionalFiles Include=\"{0}\" /> (a file written by SaveEmbeddable)");

    public static readonly DiagnosticDescriptor WeightsFileInvalid = Error(DiagnosticIds.WeightsFileInvalid,
        "Embedded weights file does not fit the network",
        "'{0}' cannot be embedded in '{1}': {2}");

    public static readonly DiagnosticDescriptor LayersInSeveralDeclarations = Error(DiagnosticIds.LayersInSeveralDeclarations,
        "Layers are declared in more than one partial declaration",
        "The layers of '{0}' are declared in more than one partial declaration; their order would depend on the order of the files: declare every layer in one place");

    public static readonly DiagnosticDescriptor MemberClashesWithGenerated = Error(DiagnosticIds.MemberClashesWithGenerated,
        "A member of the network class is also generated",
        "'{0}' of '{1}' is also generated by NetGen ({2}): rename it or remove it; overloads with other parameters are fine");

    public static readonly DiagnosticDescriptor NameCapturesGeneratedCode = Error(DiagnosticIds.NameCapturesGeneratedCode,
        "A name the generated code uses is taken",
        "'{0}' ({1}) would take the place of the type '{0}' that the generated code of '{2}' uses: rename it");

    public static readonly DiagnosticDescriptor NetworkTooLarge = Error(DiagnosticIds.NetworkTooLarge,
        "Network too large to generate",
        "'{0}' {1}, above NetGen's limit of {2}: shrink the network, or split it into networks trained one after the other");

    public static readonly DiagnosticDescriptor LayersWithoutNetwork = Error(DiagnosticIds.LayersWithoutNetwork,
        "Layer attributes without [Network]",
        "'{0}' has [{1}] but no [Network], so NetGen generates nothing for it: add [Network(...)] (its loss, optimizer and batch size) or remove the layer attributes");

    public static readonly DiagnosticDescriptor GeneratorFailure = Error(DiagnosticIds.GeneratorFailure,
        "NetGen failed to generate the network",
        "NetGen could not generate '{0}': {1}. Please report this with the declaration.");

    public static readonly DiagnosticDescriptor SigmoidInDeepNetwork = Warning(DiagnosticIds.SigmoidInDeepNetwork,
        "Saturating activation in a deep network",
        "Layer {0} uses {1} in a network with {2} hidden layers: its derivative is at most {3}, so early layers' gradients vanish; use Relu with He initialization");

    public static readonly DiagnosticDescriptor SymmetricInitialization = Warning(DiagnosticIds.SymmetricInitialization,
        "Weights start equal",
        "Layer {0} starts every weight at {1}: all {2} units get the same gradient and stay identical; use {3}");

    public static readonly DiagnosticDescriptor MissingGradientClipping = Warning(DiagnosticIds.MissingGradientClipping,
        "Gradient clipping is missing",
        "'{0}' {1} but clips no gradients: add [GradientClipping(MaxNorm = 1f)]");

    public static readonly DiagnosticDescriptor InitDoesNotSuitActivation = Warning(DiagnosticIds.InitDoesNotSuitActivation,
        "Initialization does not suit the activation",
        "Layer {0} initializes {1} weights with {2}, which is scaled for {3}: {4}; use {5}");

    public static readonly DiagnosticDescriptor OutputDoesNotFitLoss = Warning(DiagnosticIds.OutputDoesNotFitLoss,
        "Output activation and loss do not fit",
        "{0} after a {1} output: {2}; {3}");

    public static readonly DiagnosticDescriptor MissingNonlinearity = Warning(DiagnosticIds.MissingNonlinearity,
        "No non-linearity between weight layers",
        "Layer {0} is linear and feeds layer {1}: two linear maps compose into one, so the extra layer adds parameters but no expressive power; use Relu");

    public static readonly DiagnosticDescriptor LearningRateOutOfRange = Warning(DiagnosticIds.LearningRateOutOfRange,
        "Learning rate outside the sane range for its optimizer",
        "LearningRate {0} is {1} for {2} (sane: {3} to {4}): {5}; start from {6}");

    public static readonly DiagnosticDescriptor EpsilonTooSmall = Warning(DiagnosticIds.EpsilonTooSmall,
        "Epsilon is too small",
        "Epsilon {0} is below {1}: {2} divides by √v + ε, and a parameter whose gradient has been near zero then takes a step of about lr · m / ε; use {3}");

    public static readonly DiagnosticDescriptor DeadReluRisk = Warning(DiagnosticIds.DeadReluRisk,
        "ReLU units may die",
        "Layer {0} uses Relu {1}: a unit whose input goes negative for every row gets zero gradient and never recovers; use LeakyRelu");

    public static readonly DiagnosticDescriptor AdaGradDecay = Info(DiagnosticIds.AdaGradDecay,
        "AdaGrad's step size only decays",
        "AdaGrad divides the learning rate by the root of every squared gradient so far: the step only shrinks, and long training stalls; for long runs use RmsProp or Adam");

    public static readonly DiagnosticDescriptor WidthGrowsTowardOutput = Info(DiagnosticIds.WidthGrowsTowardOutput,
        "Layer widths grow toward the output",
        "Layer {0} has {1} outputs after layer {2}'s {3}: what layer {2} dropped cannot come back, so the extra width mostly adds parameters; widths usually shrink toward the output");

    public static readonly DiagnosticDescriptor InitScaleDoesNotFitLayer = Warning(DiagnosticIds.InitScaleDoesNotFitLayer,
        "Initial weight scale does not fit the layer",
        "Layer {0} starts with weights of mean {1} and standard deviation {2}, but {3} inputs through {4} want mean 0 and about {5}: {6}; use {7}");

    public static readonly DiagnosticDescriptor CoupledWeightDecay = Info(DiagnosticIds.CoupledWeightDecay,
        "Adam with L2 weight decay",
        "Adam adds WeightDecay · p to the gradient and then divides by √v, so parameters with large gradients are barely decayed; use AdamW, which decays every weight at the same rate");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Training, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");

    private static DiagnosticDescriptor Info(string id, string title, string message) =>
        new(id, title, message, Training, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
}
