using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generators.Model;

namespace NetGen.CodeFixes;

/// <summary>
/// Edits on NetGen attribute syntax that keep the user's style: an existing <c>Activation.Tanh</c>
/// or <c>NetGen.Activation.Tanh</c> keeps its qualifier, new arguments follow the attribute's own
/// qualification (<c>[NetGen.Network]</c> gets <c>NetGen.Loss.X</c>).
/// </summary>
internal static class AttributeSyntaxEdits
{
    /// <summary>The <c>[Network]</c> attribute of a class declaration.</summary>
    public static AttributeSyntax? FindNetwork(ClassDeclarationSyntax type) =>
        type.AttributeLists.SelectMany(list => list.Attributes).FirstOrDefault(a => NameOf(a) == "Network");

    /// <summary>The attribute whose span starts at <paramref name="position"/>: where the rule found the layer.</summary>
    public static AttributeSyntax? FindAt(SyntaxNode root, int position) =>
        position < root.FullSpan.End ? root.FindToken(position).Parent?.FirstAncestorOrSelf<AttributeSyntax>() is { } attribute
            && attribute.SpanStart == position ? attribute : null : null;

    public static AttributeSyntax Apply(AttributeSyntax attribute, AttributeEdit edit)
    {
        var list = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
        var existing = edit.Argument == AttributeEdit.ActivationArgument ? Positional(list, 1, edit.Argument) : Named(list, edit.Argument);
        if (edit.Value is null)
            return existing is null ? attribute : attribute.WithArgumentList(list.WithArguments(list.Arguments.Remove(existing)));
        if (existing is not null)
            return attribute.WithArgumentList(list.ReplaceNode(existing.Expression, Rewrite(existing.Expression, edit.Value)));

        var expression = SyntaxFactory.ParseExpression(Qualifier(attribute) + edit.Value);
        bool positional = edit.Argument == AttributeEdit.ActivationArgument;
        var added = (positional
            ? SyntaxFactory.AttributeArgument(expression)
            : SyntaxFactory.AttributeArgument(SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName(edit.Argument)), null, expression)).NormalizeWhitespace();
        // Dense(units) → Dense(units, activation): positional, right after units. Named ones go last.
        // Only the new argument is formatted: the user's own layout of the others stays as written.
        int after = positional ? 0 : list.Arguments.Count - 1;
        var arguments = list.Arguments.Count == 0
            ? SyntaxFactory.SingletonSeparatedList(added)
            : SyntaxFactory.SeparatedList<AttributeArgumentSyntax>(list.Arguments.GetWithSeparators().InsertRange(2 * after + 1,
                [SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space), added]));
        return attribute.WithArgumentList(list.WithArguments(arguments));
    }

    /// <summary><c>Activation.Sigmoid</c> → <c>Activation.Relu</c> keeping its qualifier; other values are replaced whole.</summary>
    private static ExpressionSyntax Rewrite(ExpressionSyntax old, string value)
    {
        var parsed = SyntaxFactory.ParseExpression(value);
        return old is MemberAccessExpressionSyntax access && parsed is MemberAccessExpressionSyntax member
            ? access.WithName(member.Name).WithTriviaFrom(old)
            : parsed.WithTriviaFrom(old);
    }

    private static AttributeArgumentSyntax? Named(AttributeArgumentListSyntax list, string name) =>
        list.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);

    private static AttributeArgumentSyntax? Positional(AttributeArgumentListSyntax list, int position, string parameter) =>
        list.Arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == parameter)
        ?? list.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ElementAtOrDefault(position);

    private static string NameOf(AttributeSyntax attribute)
    {
        string name = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => attribute.Name.ToString(),
        };
        return name.EndsWith("Attribute") ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }

    private static string Qualifier(AttributeSyntax attribute) =>
        attribute.Name is QualifiedNameSyntax qualified ? qualified.Left + "." : "";
}
