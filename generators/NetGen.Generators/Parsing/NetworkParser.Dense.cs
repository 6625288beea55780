using Microsoft.CodeAnalysis;
using NetGen.Generators.Diagnostics;
using NetGen.Generators.Model;

namespace NetGen.Generators.Parsing;

/// <summary>The Dense node kind: what a <c>[Dense]</c> attribute means and when it is invalid.</summary>
internal sealed partial class NetworkParser
{
    private const string DenseAttributeName = "NetGen.DenseAttribute";

    private DenseSpec ParseDense(AttributeData attribute, LayerSourceMap map, NodePosition position)
    {
        var syntax = AttributeArguments.SyntaxOf(attribute, _cancellationToken);
        map.Units = AttributeArguments.Positional(syntax, 0, "units");
        map.Activation = AttributeArguments.Positional(syntax, 1, "activation");
        map.Init = AttributeArguments.Named(syntax, "Init");
        map.InitValue = AttributeArguments.Named(syntax, "InitValue");
        int index = position.Index;

        int units = Positional(attribute, 0, 0);
        var activation = (Activation)Positional(attribute, 1, 0);
        if (units < 1)
            Report(Descriptors.NonPositiveSize, map.Units ?? map.Attribute, $"Layer {index}'s unit count", Invariant(units));
        if (!Activations.IsDefined(activation))
        {
            Report(Descriptors.UndefinedEnumValue, map.Activation ?? map.Attribute, Invariant((int)activation), "Activation");
            activation = Activation.Identity; // reported: the rest of the layer is checked as if it were linear
        }
        else if (activation == Activation.Softmax && !position.IsLast)
            Report(Descriptors.SoftmaxNotLast, map.Activation ?? map.Attribute, Invariant(index));
        else if (Activations.Get(activation).HasZeroDerivative && position.Trainable)
            Report(Descriptors.NotDifferentiable, map.Activation ?? map.Attribute, $"Layer {index}'s {activation}",
                "gradients stop at it; use Sigmoid (or HardSigmoid) to train, then threshold the outputs");

        var options = ParseActivationOptions(attribute, map, activation);
        var (init, initIsExplicit, initValue, range) = ParseWeightInit(attribute, map, activation);
        bool hasBias = Named(attribute, "Bias", true);
        var (biasInit, biasValue) = ParseBiasInit(attribute, map, hasBias);
        bool layerTrainable = Named(attribute, "Trainable", true);
        OnlyWith(attribute, "Trainable", position.Trainable, "used only in a trainable network (this one declares Trainable = false)", map);
        var layer = new DenseSpec(index, position.Inputs, units, activation, init, initIsExplicit, initValue, range, biasInit, biasValue, options)
        {
            HasBias = hasBias,
            Trainable = layerTrainable || !position.Trainable,
        };
        // A layout is planned only for a valid width: the declaration is refused anyway, and the plan's arithmetic assumes one.
        return units < 1 || position.Inputs < 1 ? layer : layer with { StoredByUnit = KernelBlocking.StoresByUnit(layer, position.IsLast) };
    }

    private ActivationOptions ParseActivationOptions(AttributeData attribute, LayerSourceMap map, Activation activation)
    {
        var defaults = ActivationOptions.For(activation);
        var options = new ActivationOptions(
            Named(attribute, "Slope", defaults.Slope),
            Named(attribute, "PerUnit", false),
            Named(attribute, "Alpha", defaults.Alpha),
            Named(attribute, "Beta", defaults.Beta),
            Named(attribute, "LearnableBeta", false),
            Named(attribute, "Pieces", defaults.Pieces));
        OnlyWith(attribute, "Slope", activation is Activation.LeakyRelu or Activation.PRelu, "used only with LeakyRelu or PRelu", map);
        OnlyWith(attribute, "PerUnit", activation == Activation.PRelu, "used only with PRelu", map);
        OnlyWith(attribute, "Alpha", activation == Activation.Elu, "used only with Elu (Selu's constants are fixed)", map);
        OnlyWith(attribute, "Beta", activation == Activation.Swish, "used only with Swish", map);
        OnlyWith(attribute, "LearnableBeta", activation == Activation.Swish, "used only with Swish", map);
        OnlyWith(attribute, "Pieces", activation == Activation.Maxout, "used only with Maxout", map);
        CheckLayerOption(map, "Slope", options.Slope, IsFinite(options.Slope), "a finite number");
        CheckLayerOption(map, "Alpha", options.Alpha, options.Alpha > 0f, "a positive finite number");
        CheckLayerOption(map, "Beta", options.Beta, IsFinite(options.Beta), "a finite number");
        if (options.Pieces < 2)
            Report(Descriptors.InvalidOption, map.ArgumentOrAttribute("Pieces"), "Pieces", "at least 2", Invariant(options.Pieces));
        return options;
    }

    private (Init Init, bool IsExplicit, float Value, InitRange Range) ParseWeightInit(AttributeData attribute, LayerSourceMap map, Activation activation)
    {
        var declared = (Init)Named(attribute, "Init", 0);
        float value = Named(attribute, "InitValue", 0f);
        var range = new InitRange(
            Named(attribute, "InitLow", NetworkDefaults.InitLow),
            Named(attribute, "InitHigh", NetworkDefaults.InitHigh),
            Named(attribute, "InitMean", NetworkDefaults.InitMean),
            Named(attribute, "InitStd", NetworkDefaults.InitStd));
        CheckDefined(declared, "Init", "Init", map.Init ?? map.Attribute);
        OnlyWith(attribute, "InitValue", declared == Init.Constant, "used only with Init = Init.Constant", map);
        OnlyWith(attribute, "InitLow", declared == Init.Uniform, "used only with Init = Init.Uniform", map);
        OnlyWith(attribute, "InitHigh", declared == Init.Uniform, "used only with Init = Init.Uniform", map);
        OnlyWith(attribute, "InitMean", declared == Init.Normal, "used only with Init = Init.Normal", map);
        OnlyWith(attribute, "InitStd", declared == Init.Normal, "used only with Init = Init.Normal", map);
        if (declared == Init.Constant)
            CheckLayerOption(map, "InitValue", value, true, "a finite number");
        if (declared == Init.Uniform && !(range.Low < range.High && IsFinite(range.Low) && IsFinite(range.High)))
            Report(Descriptors.InvalidOption, map.ArgumentOrAttribute("InitHigh"), "InitHigh", $"a finite number above InitLow ({Invariant(range.Low)})", Invariant(range.High));
        if (declared == Init.Normal)
        {
            CheckLayerOption(map, "InitMean", range.Mean, true, "a finite number");
            CheckLayerOption(map, "InitStd", range.Std, range.Std > 0f, "a positive finite number");
        }
        return (declared == Init.Default ? Activations.DefaultInit(activation) : declared, declared != Init.Default, value, range);
    }

    private (Init Init, float Value) ParseBiasInit(AttributeData attribute, LayerSourceMap map, bool hasBias)
    {
        var declared = (Init)Named(attribute, "BiasInit", 0);
        float value = Named(attribute, "BiasValue", 0f);
        OnlyWith(attribute, "BiasInit", hasBias, "used only with Bias = true (this layer has no bias)", map);
        if (declared is not (Init.Default or Init.Zero or Init.Constant or Init.Uniform))
            Report(Descriptors.InvalidOption, map.ArgumentOrAttribute("BiasInit"), "BiasInit", "Zero, Constant or Uniform", declared.ToString());
        OnlyWith(attribute, "BiasValue", declared == Init.Constant, "used only with BiasInit = Init.Constant", map);
        if (declared == Init.Constant)
            CheckLayerOption(map, "BiasValue", value, true, "a finite number");
        return (declared == Init.Default ? Init.Zero : declared, value);
    }

    private void CheckLayerOption(LayerSourceMap map, string name, float value, bool valid, string expectation)
    {
        if (!valid || !IsFinite(value))
            Report(Descriptors.InvalidOption, map.ArgumentOrAttribute(name), name, expectation, Invariant(value));
    }
}
