using System.Text.RegularExpressions;

namespace NetGen.Generators.Model;

/// <summary>
/// A member the user declared on the network class: its name (".ctor" for a constructor) and, for methods and
/// constructors, its parameter types ("ReadOnlySpan<float>, Span<float>"; null for fields, properties, events and
/// nested types), so the emitter can tell which of them the generated code would declare again (NG0017).
/// </summary>
internal sealed record UserMember(string Name, string? Parameters, LocationInfo? Location)
{
    /// <summary>A type as both sides spell it: without <c>global::</c> or namespaces (<c>ReadOnlySpan&lt;float&gt;</c>, <c>Stream</c>).</summary>
    public static string TypeName(string type) => Qualifier.Replace(type.Replace("global::", ""), "");

    private static readonly Regex Qualifier = new(@"\b(?:[A-Za-z_]\w*\.)+(?=[A-Za-z_])", RegexOptions.CultureInvariant);
}
