using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Analyzers;
using NetGen.Generators.Diagnostics;

namespace NetGen.CodeFixes;

/// <summary>NG1002: replace Zero/Constant with the init the analyzer suggests for the activation, and drop InitValue.</summary>
[ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(SymmetricInitializationCodeFix)), Shared]
public sealed class SymmetricInitializationCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SymmetricInitialization);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(SymmetricInitializationAnalyzer.SuggestedInitProperty, out var suggested) || suggested is null)
                continue;
            if (root?.FindNode(diagnostic.Location.SourceSpan) is not AttributeArgumentSyntax init)
                continue;
            context.RegisterCodeFix(CodeAction.Create(
                $"Use Init.{suggested}",
                cancellationToken => FixAsync(context.Document, init, suggested, cancellationToken),
                equivalenceKey: DiagnosticIds.SymmetricInitialization), diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, AttributeArgumentSyntax init, string suggested, CancellationToken cancellationToken)
    {
        var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        if (init.Parent is not AttributeArgumentListSyntax list)
            return document;
        var fixedList = list.ReplaceNode(init.Expression, SyntaxEdits.WithMemberName(init.Expression, suggested, "Init"));
        foreach (var argument in fixedList.Arguments)
        {
            if (argument.NameEquals?.Name.Identifier.ValueText == "InitValue")
            {
                fixedList = fixedList.WithArguments(fixedList.Arguments.Remove(argument));
                break;
            }
        }
        return document.WithSyntaxRoot(root.ReplaceNode(list, fixedList));
    }
}
