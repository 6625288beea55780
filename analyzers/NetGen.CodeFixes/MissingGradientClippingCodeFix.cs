using System.Linq;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generators.Diagnostics;

namespace NetGen.CodeFixes;

/// <summary>NG1003: add <c>[GradientClipping(MaxNorm = 1f)]</c> right after the <c>[Network]</c> attribute list.</summary>
[ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(MissingGradientClippingCodeFix)), Shared]
public sealed class MissingGradientClippingCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.MissingGradientClipping);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan) is not AttributeSyntax network || network.Parent is not AttributeListSyntax list)
                continue;
            context.RegisterCodeFix(CodeAction.Create(
                "Add [GradientClipping(MaxNorm = 1f)]",
                cancellationToken => FixAsync(context.Document, network, list, cancellationToken),
                equivalenceKey: DiagnosticIds.MissingGradientClipping), diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, AttributeSyntax network, AttributeListSyntax list, CancellationToken cancellationToken)
    {
        var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        // Keep the user's qualification: [NetGen.Network] gets [NetGen.GradientClipping].
        string prefix = network.Name is QualifiedNameSyntax qualified ? qualified.Left + "." : "";
        var clipping = SyntaxFactory.ParseCompilationUnit($"[{prefix}GradientClipping(MaxNorm = 1f)] class C {{ }}")
            .DescendantNodes().OfType<AttributeListSyntax>().First()
            .WithLeadingTrivia(list.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
            .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
        var newRoot = root.InsertNodesAfter(list, [clipping.WithTrailingTrivia(list.GetTrailingTrivia())]);
        return document.WithSyntaxRoot(newRoot);
    }
}
