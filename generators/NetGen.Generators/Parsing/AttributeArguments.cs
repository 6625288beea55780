using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NetGen.Generators.Parsing;

/// <summary>Finds where an attribute's arguments are written.</summary>
internal static class AttributeArguments
{
    public static AttributeSyntax? SyntaxOf(AttributeData attribute, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;

    /// <summary>The expression of constructor argument <paramref name="position"/> (or written as <c>name:</c>).</summary>
    public static Location? Positional(AttributeSyntax? syntax, int position, string parameterName)
    {
        if (syntax?.ArgumentList is null)
            return null;
        var byName = syntax.ArgumentList.Arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == parameterName);
        if (byName is not null)
            return byName.Expression.GetLocation();
        var positional = syntax.ArgumentList.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToList();
        return position < positional.Count ? positional[position].Expression.GetLocation() : null;
    }

    /// <summary>The whole <c>Name = value</c> argument for property <paramref name="name"/>.</summary>
    public static Location? Named(AttributeSyntax? syntax, string name) =>
        syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.GetLocation();
}
