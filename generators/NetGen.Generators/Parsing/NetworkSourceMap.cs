using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace NetGen.Generators.Parsing;

/// <summary>
/// Where each part of a declaration is written, for diagnostics that point at the exact attribute
/// or argument. Used inside one compilation only (analyzers, and the generator's parse step):
/// it holds real <see cref="Location"/>s and never enters the cached pipeline.
/// </summary>
internal sealed class NetworkSourceMap(Location typeName)
{
    public Location TypeName { get; } = typeName;
    public Location? NetworkAttribute { get; set; }
    public Location? InputAttribute { get; set; }
    public Location? ClippingAttribute { get; set; }
    public Dictionary<string, Location> NetworkArguments { get; } = new();
    public Dictionary<string, Location> ClippingArguments { get; } = new();
    public ImmutableArray<LayerSourceMap>.Builder Layers { get; } = ImmutableArray.CreateBuilder<LayerSourceMap>();

    /// <summary>The named <c>[Network]</c> argument if written, else the attribute, else the class name.</summary>
    public Location NetworkArgumentOrAttribute(string name) =>
        NetworkArguments.TryGetValue(name, out var location) ? location : NetworkAttribute ?? TypeName;
}

/// <summary>Locations inside one <c>[Dense]</c> attribute.</summary>
internal sealed class LayerSourceMap(Location attribute)
{
    public Location Attribute { get; } = attribute;
    public Location? Units { get; set; }
    /// <summary>The activation argument's expression, e.g. <c>Activation.Sigmoid</c>; null when defaulted.</summary>
    public Location? Activation { get; set; }
    /// <summary>The whole <c>Init = ...</c> argument; null when defaulted.</summary>
    public Location? Init { get; set; }
    /// <summary>The whole <c>InitValue = ...</c> argument; null when defaulted.</summary>
    public Location? InitValue { get; set; }
    /// <summary>Every named argument written, by property name.</summary>
    public Dictionary<string, Location> Arguments { get; } = new();

    /// <summary>The named argument if written, else the attribute.</summary>
    public Location ArgumentOrAttribute(string name) => Arguments.TryGetValue(name, out var location) ? location : Attribute;
}
