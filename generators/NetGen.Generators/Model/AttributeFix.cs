using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace NetGen.Generators.Model;

/// <summary>
/// The attribute an edit changes: a layer's own attribute, found by where it is written (its file and the start of
/// its span), so a fix reaches the right node whatever kind it is and in whichever partial declaration it stands;
/// or <see cref="Network"/>, the <c>[Network]</c> attribute of the diagnosed class.
/// </summary>
internal sealed record AttributeTarget(string FilePath, int Position)
{
    public static readonly AttributeTarget Network = new("", -1);
    public bool IsNetwork => Position < 0;

    /// <summary>The attribute written at <paramref name="location"/>.</summary>
    public static AttributeTarget At(Microsoft.CodeAnalysis.Location location) =>
        new(location.SourceTree?.FilePath ?? "", location.SourceSpan.Start);
}

/// <summary>
/// One change to a network's attributes: set or remove one argument of the attribute <see cref="Target"/>.
/// <see cref="Argument"/> is a property name, or <see cref="ActivationArgument"/> for Dense's second positional
/// argument. <see cref="Value"/> is C# text (<c>Activation.Relu</c>, <c>0.001f</c>), or null to remove the argument.
/// </summary>
internal sealed record AttributeEdit(AttributeTarget Target, string Argument, string? Value)
{
    public const string ActivationArgument = "activation";

    public static AttributeEdit SetActivation(AttributeTarget layer, Activation activation) => new(layer, ActivationArgument, "Activation." + activation);
    public static AttributeEdit SetInit(AttributeTarget layer, Init init) => new(layer, "Init", "Init." + init);
    public static AttributeEdit Remove(AttributeTarget layer, string argument) => new(layer, argument, null);
    public static AttributeEdit SetNetwork(string argument, string value) => new(AttributeTarget.Network, argument, value);
}

/// <summary>
/// A mechanical fix a rule offers: a title and the edits that make it. Rules (the analyzers' and the
/// parser's) attach fixes to their diagnostics as properties; <c>AttributeFixCodeFix</c> reads them
/// back. The rule decides what to change, the code fix only knows how to edit attribute syntax.
/// Plain equatable data, so parser diagnostics carrying fixes stay cacheable.
/// </summary>
internal sealed record AttributeFix(string Title, EquatableArray<AttributeEdit> Edits)
{
    private const string TitleKey = "Fix{0}";
    private const string EditsKey = "Fix{0}.Edits";
    private const char EditSeparator = '\n', FieldSeparator = '\t';

    public AttributeFix(string title, params AttributeEdit[] edits) : this(title, new EquatableArray<AttributeEdit>(edits.ToImmutableArray())) { }

    public static ImmutableDictionary<string, string?> ToProperties(IReadOnlyList<AttributeFix> fixes)
    {
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        for (int i = 0; i < fixes.Count; i++)
        {
            properties[string.Format(TitleKey, i)] = fixes[i].Title;
            properties[string.Format(EditsKey, i)] = string.Join(EditSeparator.ToString(),
                fixes[i].Edits.Items.Select(e => string.Join(FieldSeparator.ToString(), e.Target.Position.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Argument, e.Value ?? "", System.Uri.EscapeDataString(e.Target.FilePath))));
        }
        return properties.ToImmutable();
    }

    public static ImmutableArray<AttributeFix> FromProperties(ImmutableDictionary<string, string?> properties)
    {
        var fixes = ImmutableArray.CreateBuilder<AttributeFix>();
        for (int i = 0; properties.TryGetValue(string.Format(TitleKey, i), out var title) && title is not null; i++)
        {
            if (!properties.TryGetValue(string.Format(EditsKey, i), out var text) || text is null)
                break;
            var edits = text.Split(EditSeparator).Select(line => line.Split(new[] { FieldSeparator }, 4)).Where(f => f.Length == 4)
                .Select(f => new AttributeEdit(new AttributeTarget(System.Uri.UnescapeDataString(f[3]), int.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture)), f[1], f[2].Length == 0 ? null : f[2]));
            fixes.Add(new AttributeFix(title, new EquatableArray<AttributeEdit>(edits.ToImmutableArray())));
        }
        return fixes.ToImmutable();
    }
}
