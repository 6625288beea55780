using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generators.Diagnostics;

namespace NetGen.CodeFixes;

/// <summary>NG1001: switch the layer to Relu; an explicit Xavier init becomes He, the init Relu wants.</summary>
[ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(SigmoidInDeepNetworkCodeFix)), Shared]
public sealed class SigmoidInDeepNetworkCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SigmoidInDeepNetwork);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            // A positional argument spans exactly its expression, so FindNode returns the argument.
            var node = root?.FindNode(diagnostic.Location.SourceSpan);
            if ((node is AttributeArgumentSyntax argument ? argument.Expression : node) is not ExpressionSyntax activation)
                continue;
            context.RegisterCodeFix(CodeAction.Create(
                "Use Relu with He initialization",
                cancellationToken => FixAsync(context.Document, activation, cancellationToken),
                equivalenceKey: DiagnosticIds.SigmoidInDeepNetwork), diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, ExpressionSyntax activation, CancellationToken cancellationToken)
    {
        var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var attribute = activation.FirstAncestorOrSelf<AttributeSyntax>();
        if (attribute is null)
            return document;
        var fixedAttribute = attribute.ReplaceNode(activation, SyntaxEdits.WithMemberName(activation, nameof(NetGen.Activation.Relu), "Activation"));
        if (SyntaxEdits.Named(fixedAttribute, "Init") is { } init && init.Expression.ToString().EndsWith("XavierUniform"))
            fixedAttribute = fixedAttribute.ReplaceNode(init.Expression, SyntaxEdits.WithMemberName(init.Expression, nameof(NetGen.Init.HeUniform), "Init"));
        return document.WithSyntaxRoot(root.ReplaceNode(attribute, fixedAttribute));
    }
}
