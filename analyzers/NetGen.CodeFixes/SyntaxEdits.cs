using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NetGen.CodeFixes;

/// <summary>Small edits on attribute syntax that keep the user's own qualification (Activation.X or NetGen.Activation.X).</summary>
internal static class SyntaxEdits
{
    /// <summary><c>Activation.Sigmoid</c> → <c>Activation.Relu</c>, keeping whatever qualifies it.</summary>
    public static ExpressionSyntax WithMemberName(ExpressionSyntax expression, string member, string enumName) =>
        expression is MemberAccessExpressionSyntax access
            ? access.WithName(SyntaxFactory.IdentifierName(member)).WithTriviaFrom(expression)
            : SyntaxFactory.ParseExpression($"{enumName}.{member}").WithTriviaFrom(expression);

    public static AttributeArgumentSyntax? Named(AttributeSyntax attribute, string name) =>
        attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
}
