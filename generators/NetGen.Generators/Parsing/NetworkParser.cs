using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generators.Diagnostics;
using NetGen.Generators.Model;

namespace NetGen.Generators.Parsing;

/// <summary>
/// Turns a class's NetGen attributes into a <see cref="NetworkSpec"/>. The only code that reads
/// symbols; every rule about what a declaration means and whether it is valid lives here.
/// </summary>
internal sealed partial class NetworkParser
{
    public const string NetworkAttributeName = "NetGen.NetworkAttribute";
    private const string InputAttributeName = "NetGen.InputAttribute";
    private const string ClippingAttributeName = "NetGen.GradientClippingAttribute";

    /// <summary>The attributes that mean something only beside [Network] (NG0020 without it).</summary>
    public static readonly string[] LayerAttributeNames = [InputAttributeName, DenseAttributeName, ClippingAttributeName];

    private readonly INamedTypeSymbol _type;
    private readonly CancellationToken _cancellationToken;
    private readonly NetworkSourceMap _map;
    private readonly ImmutableArray<DiagnosticInfo>.Builder _diagnostics = ImmutableArray.CreateBuilder<DiagnosticInfo>();

    private readonly bool _withUserMembers;

    private NetworkParser(INamedTypeSymbol type, CancellationToken cancellationToken, bool withUserMembers)
    {
        _type = type;
        _cancellationToken = cancellationToken;
        _withUserMembers = withUserMembers;
        _map = new NetworkSourceMap(type.Locations.FirstOrDefault() ?? Location.None);
    }

    /// <summary>
    /// The declaration on <paramref name="type"/>, its spec null where it has errors. <paramref name="withUserMembers"/>
    /// false leaves <see cref="NetworkSpec.UserMembers"/> empty: that list is for the generator's NG0017 check, and the
    /// analyzers, which do not use it, see the generated half of the class too (a hundred members a network whose
    /// signatures the list would bind: most of the analyzers' time on a 200-network project).
    /// </summary>
    public static ParsedNetwork Parse(INamedTypeSymbol type, CancellationToken cancellationToken, bool withUserMembers = true)
    {
        var parser = new NetworkParser(type, cancellationToken, withUserMembers);
        var spec = parser.Parse();
        var diagnostics = parser._diagnostics.ToImmutable();
        return new ParsedNetwork(diagnostics.IsEmpty ? spec : null, parser._map, diagnostics);
    }

    private NetworkSpec? Parse()
    {
        CheckTypeShape();
        CheckCapturedNames();
        AttributeData? network = null, input = null, clipping = null;
        var nodes = ImmutableArray.CreateBuilder<(AttributeData Attribute, NodeParser Parse)>();
        foreach (var attribute in _type.GetAttributes())
        {
            string? name = attribute.AttributeClass?.ToDisplayString();
            switch (name)
            {
                case NetworkAttributeName: network = attribute; break;
                case InputAttributeName: input = attribute; break;
                case ClippingAttributeName: clipping = attribute; break;
                default:
                    if (name is not null && NodeKinds.TryGetValue(name, out var parse))
                        nodes.Add((attribute, parse));
                    break;
            }
        }
        if (network is null)
            return null;

        var training = ParseTraining(network);
        int inputSize = ParseInput(input);
        var layers = ParseLayers(nodes.ToImmutable(), inputSize, training.Trainable);
        var clippingSpec = ParseClipping(clipping);
        if (!training.Trainable && clipping is not null)
            Report(Descriptors.InvalidOption, _map.ClippingAttribute ?? _map.TypeName, "[GradientClipping]",
                "used only by a trainable network (this one is declared Trainable = false)", "declared");
        if (layers.IsEmpty || !FitsSizeLimits(layers, training.BatchSize))
            return null;
        CheckLossFitsOutput(training, layers[layers.Length - 1]);
        int parameterCount = layers.Sum(l => l.ParameterCount);
        if (training.Optimizer == Optimizer.Newton && training.Trainable && layers.FirstOrDefault(l => !l.Trainable) is { } frozen)
            Report(Descriptors.InvalidOption, _map.Layers[frozen.Index].ArgumentOrAttribute("Trainable"), "Trainable",
                "true with Optimizer.Newton (its step solves for every parameter at once)", "false");
        if (training.Optimizer == Optimizer.Newton && training.Trainable && parameterCount > NetworkDefaults.NewtonParameterLimit)
            Report(Descriptors.TooLargeForNewton, _map.NetworkArgumentOrAttribute("Optimizer"), _type.Name, Invariant(parameterCount), Invariant(NetworkDefaults.NewtonParameterLimit));

        var spec = new NetworkSpec(TypeSpec.Of(_type), inputSize, layers, training, clippingSpec) { WeightsFile = ParseWeightsFile(network), UserMembers = _withUserMembers ? UserMembers() : default };
        CheckMemoryBudget(network, spec);
        return spec;
    }

    /// <summary>The Weights path: "" when not declared; a ".ngw" file otherwise (its contents are checked later, against AdditionalFiles).</summary>
    private string ParseWeightsFile(AttributeData network)
    {
        string? path = Named<string?>(network, "Weights", null);
        if (path is null)
            return "";
        if (path.Trim().Length == 0 || !path.EndsWith(".ngw", System.StringComparison.OrdinalIgnoreCase))
            Report(Descriptors.InvalidOption, _map.NetworkArgumentOrAttribute("Weights"), "Weights", "the path of a .ngw file written by SaveEmbeddable", Literals.String(path));
        return path;
    }

    /// <summary>
    /// NG0019, before anything is planned: the layer count, and the parameter storage and activation buffer counted in
    /// long (their rows padded as the plan pads them), against NetworkDefaults' limits. Past them the plan's int offsets
    /// would overflow. Reported at the first layer past the count limit, the layer that takes the storage past its
    /// limit, or BatchSize for the activations.
    /// </summary>
    private bool FitsSizeLimits(ImmutableArray<DenseSpec> layers, int batchSize)
    {
        static long Pad(long count) => (count + NetworkPlan.Padding - 1) / NetworkPlan.Padding * NetworkPlan.Padding;
        if (layers.Length > NetworkDefaults.LayerLimit)
        {
            Report(Descriptors.NetworkTooLarge, _map.Layers[NetworkDefaults.LayerLimit].Attribute, _type.Name,
                $"declares {Invariant(layers.Length)} layers", $"{Invariant(NetworkDefaults.LayerLimit)} layers");
            return false;
        }
        // A size already refused (NG0003, NG0006 on Pieces) would make the counts below meaningless, or overflow them.
        if (layers.Any(layer => layer.Units < 1 || layer.Inputs < 1 || (layer.Activation == Activation.Maxout && layer.Options.Pieces < 2)))
            return false;
        long parameters = 0, rows = Pad(layers[0].Inputs) + Pad(layers[layers.Length - 1].Units); // the batch's inputs and targets
        foreach (var layer in layers)
        {
            long linear = (long)layer.Units * (layer.Activation == Activation.Maxout ? layer.Options.Pieces : 1);
            long width = System.Math.Max(linear, layer.Activation == Activation.CRelu ? 2L * layer.Units : layer.Units);
            parameters += Pad(layer.Inputs * Pad(linear)) + Pad(linear) + Pad(layer.Units);
            rows += 4 * Pad(width); // z, y, delta and a spare (noise, scratch)
            if (parameters > NetworkDefaults.StorageFloatLimit)
            {
                Report(Descriptors.NetworkTooLarge, _map.Layers[layer.Index].Units ?? _map.Layers[layer.Index].Attribute, _type.Name,
                    $"stores about {Invariant(parameters)} parameter floats up to Layer{Invariant(layer.Index)}", $"{Invariant(NetworkDefaults.StorageFloatLimit)} floats");
                return false;
            }
        }
        if (rows * batchSize > NetworkDefaults.StorageFloatLimit)
        {
            Report(Descriptors.NetworkTooLarge, _map.NetworkArgumentOrAttribute("BatchSize"), _type.Name,
                $"needs about {Invariant(rows * batchSize)} activation floats for BatchSize {Invariant(batchSize)}", $"{Invariant(NetworkDefaults.StorageFloatLimit)} floats");
            return false;
        }
        return true;
    }

    /// <summary>NG0013: checked on a declaration that is otherwise valid, so its plan can be made.</summary>
    private void CheckMemoryBudget(AttributeData network, NetworkSpec spec)
    {
        long budget = Named(network, "MaxMemoryBytes", 0L);
        if (budget < 0)
            Report(Descriptors.InvalidOption, _map.NetworkArgumentOrAttribute("MaxMemoryBytes"), "MaxMemoryBytes", "0 (no limit) or a positive number of bytes", Invariant(budget));
        if (budget <= 0 || _diagnostics.Count > 0)
            return;
        var memory = NetworkPlan.Create(spec).Memory;
        if (memory.Total > budget)
        {
            Report(Descriptors.MemoryBudgetExceeded, _map.NetworkArgumentOrAttribute("MaxMemoryBytes"), _type.Name, Invariant(memory.Total),
                Invariant(memory.Parameters), Invariant(memory.Gradients), Invariant(memory.OptimizerState), Invariant(memory.Activations), Invariant(budget));
        }
    }

    private void CheckTypeShape()
    {
        string name = _type.Name;
        foreach (var reference in _type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(_cancellationToken) is ClassDeclarationSyntax declaration
                && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                Report(Descriptors.NotPartial, declaration.Identifier.GetLocation(), name);
                return;
            }
        }
        string? problem =
            _type.IsRecord ? "records are not supported; declare a partial class"
            : _type.TypeKind != TypeKind.Class ? "only classes are supported; declare a partial class"
            : _type.IsFileLocal ? "file-local classes are not supported: the generated part is another file"
            : _type.ContainingType is not null ? "nested classes are not supported; declare it directly in a namespace"
            : _type.IsGenericType ? "generic classes are not supported"
            : _type.IsStatic || _type.IsAbstract ? "it must be a concrete, non-static class"
            : HasPrimaryConstructor() ? "a primary constructor is not supported: the generated constructors could not call it"
            : BaseWithoutParameterlessConstructor() is { } baseType ? $"its base class {baseType} has no parameterless constructor the generated constructors can call"
            : RequiredMember() is { } required ? $"its member {required} is required, and the generated Load methods create instances that could not set it"
            : null;
        if (problem is not null)
            Report(Descriptors.UnsupportedTypeShape, _map.TypeName, name, problem);
    }

    /// <summary>A <c>required</c> member of the class or a base class, or null.</summary>
    private string? RequiredMember()
    {
        for (var type = _type; type is not null; type = type.BaseType)
            foreach (var member in type.GetMembers())
                if (member is IFieldSymbol { IsRequired: true } or IPropertySymbol { IsRequired: true })
                    return member.Name;
        return null;
    }

    private bool HasPrimaryConstructor() =>
        _type.DeclaringSyntaxReferences.Any(reference => reference.GetSyntax(_cancellationToken) is TypeDeclarationSyntax { ParameterList: not null });

    /// <summary>The base class, when it has no constructor the generated <c>: base()</c> (implicit) can call: none without required parameters that the class can reach.</summary>
    private string? BaseWithoutParameterlessConstructor()
    {
        if (_type.BaseType is not { SpecialType: not SpecialType.System_Object } baseType || baseType.TypeKind == TypeKind.Error)
            return null; // no base, or one the compiler cannot find (CS0246 says so)
        bool callable = baseType.InstanceConstructors.Any(constructor =>
            constructor.Parameters.All(p => p.IsOptional || p.IsParams)
            && constructor.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal
                or Accessibility.Internal or Accessibility.ProtectedAndInternal);
        return callable ? null : baseType.ToDisplayString();
    }

    private TrainingSpec ParseTraining(AttributeData network)
    {
        var syntax = AttributeArguments.SyntaxOf(network, _cancellationToken);
        _map.NetworkAttribute = syntax?.GetLocation() ?? _map.TypeName;
        foreach (var argument in network.NamedArguments)
        {
            if (AttributeArguments.Named(syntax, argument.Key) is { } location)
                _map.NetworkArguments[argument.Key] = location;
        }

        var loss = (Loss)Named(network, "Loss", 0);
        var optimizer = (Optimizer)Named(network, "Optimizer", 0);
        CheckDefined(loss, "Loss", "Loss", _map.NetworkArgumentOrAttribute("Loss"));
        CheckDefined(optimizer, "Optimizer", "Optimizer", _map.NetworkArgumentOrAttribute("Optimizer"));
        var schedule = new ScheduleSpec(
            (LearningRateSchedule)Named(network, "Schedule", 0),
            Named(network, "ScheduleStepSize", 0),
            Named(network, "ScheduleGamma", NetworkDefaults.ScheduleGamma),
            Named(network, "ScheduleSteps", 0),
            Named(network, "MinLearningRate", 0f));
        var training = new TrainingSpec(
            loss,
            optimizer,
            LearningRate: Named(network, "LearningRate", NetworkDefaults.LearningRate),
            Momentum: Named(network, "Momentum", NetworkDefaults.Momentum),
            Beta1: Named(network, "Beta1", NetworkDefaults.Beta1),
            Beta2: Named(network, "Beta2", NetworkDefaults.Beta2),
            Epsilon: Named(network, "Epsilon", optimizer == Optimizer.AdaGrad ? NetworkDefaults.AdaGradEpsilon : NetworkDefaults.Epsilon),
            WeightDecay: Named(network, "WeightDecay", optimizer == Optimizer.AdamW ? NetworkDefaults.AdamWWeightDecay : NetworkDefaults.WeightDecay),
            BatchSize: Named(network, "BatchSize", NetworkDefaults.BatchSize),
            Seed: Named(network, "Seed", NetworkDefaults.Seed))
        {
            Trainable = Named(network, "Trainable", true),
            Nesterov = Named(network, "Nesterov", false),
            Alpha = Named(network, "Alpha", NetworkDefaults.RmsPropAlpha),
            Centered = Named(network, "Centered", false),
            L1 = Named(network, "L1", NetworkDefaults.L1),
            RegularizeBias = Named(network, "RegularizeBias", true),
            Damping = Named(network, "Damping", NetworkDefaults.Damping),
            Schedule = schedule,
            HuberDelta = Named(network, "HuberDelta", NetworkDefaults.HuberDelta),
            FocalGamma = Named(network, "FocalGamma", NetworkDefaults.FocalGamma),
            FocalAlpha = Named(network, "FocalAlpha", NetworkDefaults.FocalAlpha),
            ClassWeights = new EquatableArray<float>(FloatArray(network, "ClassWeights")),
        };

        CheckOption("LearningRate", training.LearningRate, training.LearningRate > 0f, "a positive finite number");
        CheckOption("Momentum", training.Momentum, training.Momentum >= 0f && training.Momentum < 1f, "in [0, 1)");
        CheckOption("Beta1", training.Beta1, training.Beta1 >= 0f && training.Beta1 < 1f, "in [0, 1)");
        CheckOption("Beta2", training.Beta2, training.Beta2 >= 0f && training.Beta2 < 1f, "in [0, 1)");
        CheckOption("Epsilon", training.Epsilon, training.Epsilon > 0f, "a positive finite number");
        CheckOption("WeightDecay", training.WeightDecay, training.WeightDecay >= 0f, "zero or a positive finite number");
        CheckOption("L1", training.L1, training.L1 >= 0f, "zero or a positive finite number");
        CheckOption("Alpha", training.Alpha, training.Alpha >= 0f && training.Alpha < 1f, "in [0, 1)");
        CheckOption("Damping", training.Damping, training.Damping > 0f, "a positive finite number");
        CheckOption("HuberDelta", training.HuberDelta, training.HuberDelta > 0f, "a positive finite number");
        CheckOption("FocalGamma", training.FocalGamma, training.FocalGamma >= 0f, "zero or a positive finite number");
        CheckOption("FocalAlpha", training.FocalAlpha, training.FocalAlpha <= 1f, "at most 1 (negative turns the weighting off)");
        if (schedule.Kind is LearningRateSchedule.Step or LearningRateSchedule.Exponential)
            CheckOption("ScheduleGamma", schedule.Gamma, schedule.Gamma > 0f && schedule.Gamma <= 1f, "in (0, 1]");
        if (schedule.Kind == LearningRateSchedule.Cosine)
            CheckOption("MinLearningRate", schedule.MinLearningRate, schedule.MinLearningRate >= 0f && schedule.MinLearningRate < training.LearningRate, "in [0, LearningRate)");
        if (training.BatchSize < 1)
            Report(Descriptors.InvalidOption, _map.NetworkArgumentOrAttribute("BatchSize"), "BatchSize", "at least 1", Invariant(training.BatchSize));
        CheckDefined(schedule.Kind, "Schedule", "LearningRateSchedule", _map.NetworkArgumentOrAttribute("Schedule"));
        if (schedule.Kind == LearningRateSchedule.Step && schedule.StepSize < 1)
            Report(Descriptors.InvalidOption, _map.NetworkArgumentOrAttribute("ScheduleStepSize"), "ScheduleStepSize", "at least 1 with Schedule = LearningRateSchedule.Step", Invariant(schedule.StepSize));
        if (schedule.Kind == LearningRateSchedule.Cosine && schedule.Steps < 1)
            Report(Descriptors.InvalidOption, _map.NetworkArgumentOrAttribute("ScheduleSteps"), "ScheduleSteps", "at least 1 with Schedule = LearningRateSchedule.Cosine", Invariant(schedule.Steps));
        // A network that is never trained has no optimizer: every option of the step is one that does nothing.
        foreach (string option in TrainingOnlyOptions)
            OnlyWith(network, option, training.Trainable, "used only by a trainable network (this one is declared Trainable = false)");
        if (training.Trainable)
            CheckOptimizerOptions(network, optimizer, training, schedule);
        OnlyWith(network, "HuberDelta", loss == Loss.Huber, "used only with Loss.Huber");
        OnlyWith(network, "FocalGamma", loss == Loss.Focal, "used only with Loss.Focal");
        OnlyWith(network, "FocalAlpha", loss == Loss.Focal, "used only with Loss.Focal");
        OnlyWith(network, "ClassWeights", loss == Loss.CrossEntropy, "used only with Loss.CrossEntropy");
        foreach (float weight in training.ClassWeights)
        {
            if (!(weight > 0f) || !IsFinite(weight))
                Report(Descriptors.InvalidOption, _map.NetworkArgumentOrAttribute("ClassWeights"), "Every class weight", "a positive finite number", Invariant(weight));
        }
        if (training.Trainable && loss == Loss.ZeroOne)
        {
            Report(Descriptors.NotDifferentiable, _map.NetworkArgumentOrAttribute("Loss"), "Loss.ZeroOne",
                "it is a metric (Evaluate reports it for every classifier); train on CrossEntropy or BinaryCrossEntropy");
        }
        return training;
    }

    /// <summary>The [Network] options of the training step: an error on a network declared <c>Trainable = false</c>.</summary>
    private static readonly string[] TrainingOnlyOptions =
    [
        "Optimizer", "LearningRate", "Momentum", "Nesterov", "Beta1", "Beta2", "Epsilon", "WeightDecay", "L1", "RegularizeBias",
        "Alpha", "Centered", "Damping", "Schedule", "ScheduleStepSize", "ScheduleGamma", "ScheduleSteps", "MinLearningRate",
    ];

    /// <summary>The options that belong to one optimizer or schedule, on a trainable network.</summary>
    private void CheckOptimizerOptions(AttributeData network, Optimizer optimizer, TrainingSpec training, ScheduleSpec schedule)
    {
        OnlyWith(network, "Nesterov", optimizer == Optimizer.Sgd && training.Momentum > 0f, "used only with Optimizer.Sgd and Momentum > 0");
        OnlyWith(network, "Momentum", optimizer is Optimizer.Sgd or Optimizer.RmsProp, "used only with Optimizer.Sgd or Optimizer.RmsProp");
        OnlyWith(network, "Alpha", optimizer == Optimizer.RmsProp, "used only with Optimizer.RmsProp");
        OnlyWith(network, "Centered", optimizer == Optimizer.RmsProp, "used only with Optimizer.RmsProp");
        OnlyWith(network, "Beta1", optimizer is Optimizer.Adam or Optimizer.AdamW, "used only with Optimizer.Adam or Optimizer.AdamW");
        OnlyWith(network, "Beta2", optimizer is Optimizer.Adam or Optimizer.AdamW, "used only with Optimizer.Adam or Optimizer.AdamW");
        OnlyWith(network, "Damping", optimizer == Optimizer.Newton, "used only with Optimizer.Newton");
        OnlyWith(network, "ScheduleStepSize", schedule.Kind == LearningRateSchedule.Step, "used only with Schedule = LearningRateSchedule.Step");
        OnlyWith(network, "ScheduleGamma", schedule.Kind is LearningRateSchedule.Step or LearningRateSchedule.Exponential, "used only with the Step and Exponential schedules");
        OnlyWith(network, "ScheduleSteps", schedule.Kind == LearningRateSchedule.Cosine, "used only with Schedule = LearningRateSchedule.Cosine");
        OnlyWith(network, "MinLearningRate", schedule.Kind == LearningRateSchedule.Cosine, "used only with Schedule = LearningRateSchedule.Cosine");
    }

    /// <summary>Reports a named argument that is written where it has no effect.</summary>
    private void OnlyWith(AttributeData attribute, string name, bool applies, string expectation, LayerSourceMap? layer = null)
    {
        if (applies || !attribute.NamedArguments.Any(a => a.Key == name))
            return;
        var value = attribute.NamedArguments.First(a => a.Key == name).Value;
        string text = value.Kind == TypedConstantKind.Array ? "set" : value.Value is IFormattable f ? Invariant(f) : value.Value?.ToString() ?? "null";
        Report(Descriptors.InvalidOption, layer?.ArgumentOrAttribute(name) ?? _map.NetworkArgumentOrAttribute(name), name, expectation, text);
    }

    private int ParseInput(AttributeData? input)
    {
        if (input is null)
        {
            Report(Descriptors.MissingInput, _map.NetworkAttribute ?? _map.TypeName, _type.Name);
            return 0;
        }
        var syntax = AttributeArguments.SyntaxOf(input, _cancellationToken);
        _map.InputAttribute = syntax?.GetLocation() ?? _map.TypeName;
        int size = Positional(input, 0, 0);
        if (size < 1)
            Report(Descriptors.NonPositiveSize, AttributeArguments.Positional(syntax, 0, "size") ?? _map.InputAttribute, "The input size", Invariant(size));
        return size;
    }

    /// <summary>A node kind's parser: its attribute and where it is written, and its position in the network.</summary>
    private delegate DenseSpec NodeParser(NetworkParser parser, AttributeData attribute, LayerSourceMap map, NodePosition position);

    /// <summary>Where a node stands: its index, whether it is the last, the width it reads, whether the network trains.</summary>
    private readonly record struct NodePosition(int Index, bool IsLast, int Inputs, bool Trainable);

    /// <summary>
    /// The node kinds, by attribute: each kind parses its own attribute in its own file (NetworkParser.Dense.cs).
    /// Adding a kind is its files and one line here.
    /// </summary>
    private static readonly System.Collections.Generic.Dictionary<string, NodeParser> NodeKinds = new()
    {
        [DenseAttributeName] = (parser, attribute, map, position) => parser.ParseDense(attribute, map, position),
    };

    private ImmutableArray<DenseSpec> ParseLayers(ImmutableArray<(AttributeData Attribute, NodeParser Parse)> nodes, int inputSize, bool trainable)
    {
        if (nodes.IsEmpty)
        {
            Report(Descriptors.NoLayers, _map.NetworkAttribute ?? _map.TypeName, _type.Name);
            return ImmutableArray<DenseSpec>.Empty;
        }
        CheckOneDeclaration(nodes.Select(node => node.Attribute));
        var layers = ImmutableArray.CreateBuilder<DenseSpec>(nodes.Length);
        int inputs = inputSize;
        for (int index = 0; index < nodes.Length; index++)
        {
            var (attribute, parse) = nodes[index];
            var syntax = AttributeArguments.SyntaxOf(attribute, _cancellationToken);
            var map = new LayerSourceMap(syntax?.GetLocation() ?? _map.TypeName);
            foreach (var argument in attribute.NamedArguments)
            {
                if (AttributeArguments.Named(syntax, argument.Key) is { } location)
                    map.Arguments[argument.Key] = location;
            }
            _map.Layers.Add(map);
            var layer = parse(this, attribute, map, new NodePosition(index, index == nodes.Length - 1, inputs, trainable));
            layers.Add(layer);
            inputs = layer.OutputWidth;
        }
        if (trainable && layers.All(layer => !layer.Trainable))
        {
            Report(Descriptors.InvalidOption, _map.Layers[layers.Count - 1].ArgumentOrAttribute("Trainable"), "Trainable",
                "true on at least one layer of a trainable network (a network that is never trained declares [Network(Trainable = false)])", "false on every layer");
        }
        return layers.MoveToImmutable();
    }

    /// <summary>
    /// NG0018: the class, a type nested in it, one of its members or its base classes' (private ones aside), a type of an
    /// enclosing namespace, or a namespace inside one, named like a type the generated code writes without qualification (<see cref="GeneratedNames.ImportedTypes"/>) would capture that name.
    /// </summary>
    private void CheckCapturedNames()
    {
        foreach (string name in GeneratedNames.ImportedTypes)
        {
            if (_type.Name == name)
                Report(Descriptors.NameCapturesGeneratedCode, _map.TypeName, name, "the network class", _type.Name);
            foreach (var member in _type.GetMembers(name))
                if (!member.IsImplicitlyDeclared && member.Locations.FirstOrDefault() is { IsInSource: true } location)
                    Report(Descriptors.NameCapturesGeneratedCode, location, name, "a member of the network class", _type.Name);
            // Inherited members are found before the imports too (private ones are not in scope).
            for (var baseType = _type.BaseType; baseType is { SpecialType: not SpecialType.System_Object }; baseType = baseType.BaseType)
                if (baseType.GetMembers(name).FirstOrDefault(m => !m.IsImplicitlyDeclared && m.DeclaredAccessibility != Accessibility.Private) is { } inherited)
                    Report(Descriptors.NameCapturesGeneratedCode, inherited.Locations.FirstOrDefault(l => l.IsInSource) ?? _map.TypeName,
                        name, $"a member of the base class {baseType.ToDisplayString()}", _type.Name);
            for (var ns = _type.ContainingNamespace; ns is not null; ns = ns.ContainingNamespace)
                foreach (var sibling in ns.GetTypeMembers(name))
                    if (!SymbolEqualityComparer.Default.Equals(sibling, _type) // reported above
                        && !GeneratedNames.ImportedNamespaces.Contains(sibling.ContainingNamespace.ToDisplayString())) // the imported type itself
                        Report(Descriptors.NameCapturesGeneratedCode, sibling.Locations.FirstOrDefault(l => l.IsInSource) ?? _map.TypeName,
                        name, $"a type in {(ns.IsGlobalNamespace ? "the global namespace" : "namespace " + ns.ToDisplayString())}", _type.Name);
        }
        // So is a namespace of such a name inside an enclosing one (Acme.Math, for a class in Acme or Acme.Models).
        for (var ns = _type.ContainingNamespace; ns is not null; ns = ns.ContainingNamespace)
            foreach (var child in ns.GetNamespaceMembers())
                if (System.Array.IndexOf(GeneratedNames.ImportedTypes, child.Name) >= 0)
                    Report(Descriptors.NameCapturesGeneratedCode, child.Locations.FirstOrDefault(l => l.IsInSource) ?? _map.TypeName,
                        child.Name, $"the namespace {child.ToDisplayString()}", _type.Name);
    }

    /// <summary>The members written on the class in source (not the compiler's implicit ones), for NG0017.</summary>
    private EquatableArray<UserMember> UserMembers()
    {
        var members = ImmutableArray.CreateBuilder<UserMember>();
        foreach (var member in _type.GetMembers())
        {
            if (member.IsImplicitlyDeclared || member.Locations.IsEmpty || !member.Locations[0].IsInSource
                || member.Locations[0].SourceTree!.FilePath.Contains("NetGen.Generators.NetworkGenerator"))
                continue; // the analyzers see the generated half too: it is not the user's (and a hundred members to skip)
            string? parameters = member is IMethodSymbol method
                ? method.MethodKind is MethodKind.Ordinary or MethodKind.Constructor
                    ? string.Join(", ", method.Parameters.Select(p => RefKindText(p.RefKind) + UserMember.TypeName(p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))))
                    : "-" // accessors and operators: never generated under these names
                : null;
            if (parameters == "-")
                continue;
            string name = member is IMethodSymbol { MethodKind: MethodKind.Constructor } ? ".ctor" : member.Name;
            members.Add(new UserMember(name, parameters, LocationInfo.From(member.Locations[0])));
        }
        return new EquatableArray<UserMember>(members.ToImmutable());

        static string RefKindText(RefKind kind) => kind switch { RefKind.Ref => "ref ", RefKind.Out => "out ", RefKind.In => "in ", RefKind.RefReadOnlyParameter => "ref readonly ", _ => "" };
    }

    /// <summary>
    /// NG0016: the compiler lists the attributes of a partial class in the order of its files, so layers written in two
    /// declarations would take an order no one wrote. Reported at the first layer outside the first declaration.
    /// </summary>
    private void CheckOneDeclaration(System.Collections.Generic.IEnumerable<AttributeData> nodes)
    {
        SyntaxNode? first = null;
        foreach (var attribute in nodes)
        {
            var syntax = AttributeArguments.SyntaxOf(attribute, _cancellationToken);
            var declaration = syntax?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (declaration is null)
                continue;
            first ??= declaration;
            if (declaration != first)
            {
                Report(Descriptors.LayersInSeveralDeclarations, syntax!.GetLocation(), _type.Name);
                return;
            }
        }
    }

    private ClippingSpec ParseClipping(AttributeData? clipping)
    {
        if (clipping is null)
            return ClippingSpec.None;
        var syntax = AttributeArguments.SyntaxOf(clipping, _cancellationToken);
        var location = syntax?.GetLocation() ?? _map.TypeName;
        _map.ClippingAttribute = location;
        bool hasNorm = clipping.NamedArguments.Any(a => a.Key == "MaxNorm");
        bool hasValue = clipping.NamedArguments.Any(a => a.Key == "MaxValue");
        if (hasNorm == hasValue)
        {
            Report(Descriptors.InvalidClipping, location, hasNorm
                ? "sets both MaxNorm and MaxValue: choose one"
                : "needs MaxNorm (clip the global norm) or MaxValue (clip each element)");
            return ClippingSpec.None;
        }
        string name = hasNorm ? "MaxNorm" : "MaxValue";
        float limit = Named(clipping, name, 0f);
        if (!(limit > 0f) || !IsFinite(limit))
            Report(Descriptors.InvalidClipping, AttributeArguments.Named(syntax, name) ?? location, $"{name} must be a positive finite number; it is {Invariant(limit)}");
        bool perLayer = Named(clipping, "PerLayer", false);
        if (perLayer && !hasNorm)
            Report(Descriptors.InvalidClipping, AttributeArguments.Named(syntax, "PerLayer") ?? location, "PerLayer applies to MaxNorm: clipping by value is already element by element");
        return new ClippingSpec(hasNorm ? ClippingKind.GlobalNorm : ClippingKind.Value, limit, perLayer);
    }

    private void CheckLossFitsOutput(TrainingSpec training, DenseSpec output)
    {
        if (!Activations.IsDefined(output.Activation))
            return;
        var loss = training.Loss;
        var last = AttributeTarget.At(_map.Layers[output.Index].Attribute);
        var sigmoidOutput = new AttributeFix("Use a Sigmoid output", AttributeEdit.SetActivation(last, Activation.Sigmoid));
        (string Problem, AttributeFix[] Fixes)? mismatch = loss switch
        {
            Loss.CrossEntropy or Loss.KullbackLeibler when output.OutputWidth < 2 =>
                ($"{loss} normalizes over at least 2 classes; for one output unit use BinaryCrossEntropy with Sigmoid",
                    [new AttributeFix("Use BinaryCrossEntropy with a Sigmoid output", LossEdit(Loss.BinaryCrossEntropy), AttributeEdit.SetActivation(last, Activation.Sigmoid))]),
            Loss.CrossEntropy when training.ClassWeights.Count > 0 && training.ClassWeights.Count != output.OutputWidth =>
                ($"ClassWeights has {training.ClassWeights.Count} weights for {output.OutputWidth} classes; give one per output unit", []),
            Loss.BinaryCrossEntropy when output.Activation == Activation.Softmax =>
                ("Softmax outputs sum to 1 and are not independent probabilities; use CrossEntropy",
                    [new AttributeFix("Use Loss.CrossEntropy", LossEdit(Loss.CrossEntropy))]),
            Loss.BinaryCrossEntropy when !output.ActivationInfo.OutputsProbability =>
                ($"it needs outputs in [0, 1] and {output.Activation} does not guarantee them; use a Sigmoid output",
                    [sigmoidOutput, new AttributeFix("Use Loss.BinaryCrossEntropyWithLogits", LossEdit(Loss.BinaryCrossEntropyWithLogits))]),
            _ => null,
        };
        if (mismatch is { } found)
            Report(Descriptors.LossDoesNotFitOutput, _map.NetworkArgumentOrAttribute("Loss"), found.Fixes, loss.ToString(), found.Problem);
    }

    private static AttributeEdit LossEdit(Loss loss) => AttributeEdit.SetNetwork("Loss", "Loss." + loss);

    private void CheckOption(string name, float value, bool valid, string expectation)
    {
        if (!valid || !IsFinite(value))
            Report(Descriptors.InvalidOption, _map.NetworkArgumentOrAttribute(name), name, expectation, Invariant(value));
    }

    private void CheckDefined<TEnum>(TEnum value, string what, string enumName, Location location) where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(typeof(TEnum), value))
            Report(Descriptors.UndefinedEnumValue, location, $"{what} value {Convert.ToInt32(value)}", enumName);
    }

    private void Report(DiagnosticDescriptor descriptor, Location location, params string[] arguments) =>
        _diagnostics.Add(new DiagnosticInfo(descriptor, LocationInfo.From(location), arguments.ToImmutableArray()));

    private void Report(DiagnosticDescriptor descriptor, Location location, AttributeFix[] fixes, params string[] arguments) =>
        _diagnostics.Add(new DiagnosticInfo(descriptor, LocationInfo.From(location), arguments.ToImmutableArray()) { Fixes = fixes.ToImmutableArray() });

    private static T Named<T>(AttributeData attribute, string name, T fallback)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Value is { } value)
                return (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
        }
        return fallback;
    }

    private static T Positional<T>(AttributeData attribute, int position, T fallback) =>
        position < attribute.ConstructorArguments.Length && attribute.ConstructorArguments[position].Value is { } value
            ? (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture)
            : fallback;

    private static ImmutableArray<float> FloatArray(AttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Kind == TypedConstantKind.Array && !argument.Value.IsNull)
                return argument.Value.Values.Select(v => v.Value is { } value ? Convert.ToSingle(value, System.Globalization.CultureInfo.InvariantCulture) : 0f).ToImmutableArray();
        }
        return ImmutableArray<float>.Empty;
    }

    private static bool IsFinite(float value) => !float.IsNaN(value) && !float.IsInfinity(value);

    private static string Invariant(IFormattable value) => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture);
}
