namespace NetGen.Generators.Diagnostics;

/// <summary>
/// Every NetGen diagnostic ID. NG0xxx: the declaration cannot be generated (errors, from the
/// generator). NG1xxx: it can, but training is likely to go wrong (warnings, from the analyzers;
/// the code fixes find their diagnostics by these constants).
/// </summary>
internal static class DiagnosticIds
{
    public const string NotPartial = "NG0001";
    public const string MissingInput = "NG0002";
    public const string NonPositiveSize = "NG0003";
    public const string SoftmaxNotLast = "NG0004";
    public const string LossDoesNotFitOutput = "NG0005";
    public const string InvalidOption = "NG0006";
    public const string InvalidClipping = "NG0007";
    public const string NoLayers = "NG0008";
    public const string UnsupportedTypeShape = "NG0009";
    public const string UndefinedEnumValue = "NG0010";
    public const string NotDifferentiable = "NG0011";
    public const string TooLargeForNewton = "NG0012";
    public const string MemoryBudgetExceeded = "NG0013";
    public const string WeightsFileNotFound = "NG0014";
    public const string WeightsFileInvalid = "NG0015";
    public const string LayersInSeveralDeclarations = "NG0016";
    public const string MemberClashesWithGenerated = "NG0017";
    public const string NameCapturesGeneratedCode = "NG0018";
    public const string NetworkTooLarge = "NG0019";
    public const string LayersWithoutNetwork = "NG0020";
    public const string GeneratorFailure = "NG0099";

    public const string SigmoidInDeepNetwork = "NG1001";
    public const string SymmetricInitialization = "NG1002";
    public const string MissingGradientClipping = "NG1003";
    public const string InitDoesNotSuitActivation = "NG1004";
    public const string OutputDoesNotFitLoss = "NG1005";
    public const string MissingNonlinearity = "NG1006";
    public const string LearningRateOutOfRange = "NG1007";
    public const string EpsilonTooSmall = "NG1008";
    public const string DeadReluRisk = "NG1009";
    public const string AdaGradDecay = "NG1010";
    public const string WidthGrowsTowardOutput = "NG1011";
    public const string InitScaleDoesNotFitLayer = "NG1012";
    public const string CoupledWeightDecay = "NG1013";
}
