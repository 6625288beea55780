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
internal sealed class NetworkParser
{
    public const string NetworkAttributeName = "NetGen.NetworkAttribute";
    private const string InputAttributeName = "NetGen.InputAttribute";
    private const string DenseAttributeName = "NetGen.DenseAttribute";
    private const string ClippingAttributeName = "NetGen.GradientClippingAttribute";

    private readonly INamedTypeSymbol _type;
    private readonly CancellationToken _cancellationToken;
    private readonly NetworkSourceMap _map;
    private readonly ImmutableArray<DiagnosticInfo>.Builder _diagnostics = ImmutableArray.CreateBuilder<DiagnosticInfo>();

    private NetworkParser(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        _type = type;
        _cancellationToken = cancellationToken;
        _map = new NetworkSourceMap(type.Locations.FirstOrDefault() ?? Location.None);
    }

    public static ParsedNetwork Parse(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var parser = new NetworkParser(type, cancellationToken);
        var spec = parser.Parse();
        var diagnostics = parser._diagnostics.ToImmutable();
        return new ParsedNetwork(diagnostics.IsEmpty ? spec : null, parser._map, diagnostics);
    }

    private NetworkSpec? Parse()
    {
        CheckTypeShape();
        AttributeData? network = null, input = null, clipping = null;
        var dense = ImmutableArray.CreateBuilder<AttributeData>();
        foreach (var attribute in _type.GetAttributes())
        {
            switch (attribute.AttributeClass?.ToDisplayString())
            {
                case NetworkAttributeName: network = attribute; break;
                case InputAttributeName: input = attribute; break;
                case DenseAttributeName: dense.Add(attribute); break;
                case ClippingAttributeName: clipping = attribute; break;
            }
        }
        if (network is null)
            return null;

        var training = ParseTraining(network);
        int inputSize = ParseInput(input);
        var layers = ParseLayers(dense.ToImmutable(), inputSize);
        var clippingSpec = ParseClipping(clipping);
        if (layers.IsEmpty)
            return null;
        CheckLossFitsOutput(training.Loss, layers[layers.Length - 1]);

        var ns = _type.ContainingNamespace.IsGlobalNamespace ? "" : _type.ContainingNamespace.ToDisplayString();
        return new NetworkSpec(new TypeSpec(ns, _type.Name), inputSize, layers, training, clippingSpec);
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
        if (_type.ContainingType is not null)
            Report(Descriptors.UnsupportedTypeShape, _map.TypeName, name, "nested classes are not supported; declare it directly in a namespace");
        else if (_type.IsGenericType)
            Report(Descriptors.UnsupportedTypeShape, _map.TypeName, name, "generic classes are not supported");
        else if (_type.IsStatic || _type.IsAbstract)
            Report(Descriptors.UnsupportedTypeShape, _map.TypeName, name, "it must be a concrete, non-static class");
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
        var training = new TrainingSpec(
            loss,
            optimizer,
            LearningRate: Named(network, "LearningRate", NetworkDefaults.LearningRate),
            Momentum: Named(network, "Momentum", NetworkDefaults.Momentum),
            Beta1: Named(network, "Beta1", NetworkDefaults.Beta1),
            Beta2: Named(network, "Beta2", NetworkDefaults.Beta2),
            Epsilon: Named(network, "Epsilon", NetworkDefaults.Epsilon),
            WeightDecay: Named(network, "WeightDecay", NetworkDefaults.WeightDecay),
            BatchSize: Named(network, "BatchSize", NetworkDefaults.BatchSize),
            Seed: Named(network, "Seed", NetworkDefaults.Seed));

        CheckOption("LearningRate", training.LearningRate, training.LearningRate > 0f, "a positive finite number");
        CheckOption("Momentum", training.Momentum, training.Momentum >= 0f && training.Momentum < 1f, "in [0, 1)");
        CheckOption("Beta1", training.Beta1, training.Beta1 >= 0f && training.Beta1 < 1f, "in [0, 1)");
        CheckOption("Beta2", training.Beta2, training.Beta2 >= 0f && training.Beta2 < 1f, "in [0, 1)");
        CheckOption("Epsilon", training.Epsilon, training.Epsilon > 0f, "a positive finite number");
        CheckOption("WeightDecay", training.WeightDecay, training.WeightDecay >= 0f, "zero or a positive finite number");
        if (training.BatchSize < 1)
            Report(Descriptors.InvalidOption, _map.NetworkArgumentOrAttribute("BatchSize"), "BatchSize", "at least 1", Invariant(training.BatchSize));
        return training;
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

    private ImmutableArray<LayerSpec> ParseLayers(ImmutableArray<AttributeData> dense, int inputSize)
    {
        if (dense.IsEmpty)
        {
            Report(Descriptors.NoLayers, _map.NetworkAttribute ?? _map.TypeName, _type.Name);
            return ImmutableArray<LayerSpec>.Empty;
        }
        var layers = ImmutableArray.CreateBuilder<LayerSpec>(dense.Length);
        int inputs = inputSize;
        for (int index = 0; index < dense.Length; index++)
        {
            var attribute = dense[index];
            var syntax = AttributeArguments.SyntaxOf(attribute, _cancellationToken);
            var map = new LayerSourceMap(syntax?.GetLocation() ?? _map.TypeName)
            {
                Units = AttributeArguments.Positional(syntax, 0, "units"),
                Activation = AttributeArguments.Positional(syntax, 1, "activation"),
                Init = AttributeArguments.Named(syntax, "Init"),
                InitValue = AttributeArguments.Named(syntax, "InitValue"),
            };
            _map.Layers.Add(map);

            int units = Positional(attribute, 0, 0);
            var activation = (Activation)Positional(attribute, 1, 0);
            var declaredInit = (Init)Named(attribute, "Init", 0);
            float initValue = Named(attribute, "InitValue", 0f);
            if (units < 1)
                Report(Descriptors.NonPositiveSize, map.Units ?? map.Attribute, $"Layer {index}'s unit count", Invariant(units));
            if (!Activations.IsDefined(activation))
                Report(Descriptors.UndefinedEnumValue, map.Activation ?? map.Attribute, Invariant((int)activation), "Activation");
            else if (activation == Activation.Softmax && index != dense.Length - 1)
                Report(Descriptors.SoftmaxNotLast, map.Activation ?? map.Attribute, Invariant(index));
            CheckDefined(declaredInit, "Init", "Init", map.Init ?? map.Attribute);
            bool initValueGiven = attribute.NamedArguments.Any(a => a.Key == "InitValue");
            if (initValueGiven && declaredInit != Init.Constant)
                Report(Descriptors.InvalidOption, map.InitValue ?? map.Attribute, "InitValue", "used only with Init = Init.Constant", Invariant(initValue));
            else if (declaredInit == Init.Constant && !IsFinite(initValue))
                Report(Descriptors.InvalidOption, map.InitValue ?? map.Attribute, "InitValue", "a finite number", Invariant(initValue));

            var init = declaredInit == Init.Default ? Activations.DefaultInit(activation) : declaredInit;
            layers.Add(new LayerSpec(index, inputs, units, activation, init, declaredInit != Init.Default, initValue));
            inputs = units;
        }
        return layers.MoveToImmutable();
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
        return new ClippingSpec(hasNorm ? ClippingKind.GlobalNorm : ClippingKind.Value, limit);
    }

    private void CheckLossFitsOutput(Loss loss, LayerSpec output)
    {
        if (!Activations.IsDefined(output.Activation))
            return;
        string? problem = loss switch
        {
            Loss.CrossEntropy when output.Units < 2 =>
                "CrossEntropy normalizes over at least 2 classes; for one output unit use BinaryCrossEntropy with Sigmoid",
            Loss.BinaryCrossEntropy when output.Activation == Activation.Softmax =>
                "Softmax outputs sum to 1 and are not independent probabilities; use CrossEntropy",
            Loss.BinaryCrossEntropy when !output.ActivationInfo.OutputsProbability =>
                $"it needs outputs in [0, 1] and {output.Activation} does not guarantee them; use a Sigmoid output",
            _ => null,
        };
        if (problem is not null)
            Report(Descriptors.LossDoesNotFitOutput, _map.NetworkArgumentOrAttribute("Loss"), loss.ToString(), problem);
    }

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

    private static bool IsFinite(float value) => !float.IsNaN(value) && !float.IsInfinity(value);

    private static string Invariant(IFormattable value) => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture);
}
