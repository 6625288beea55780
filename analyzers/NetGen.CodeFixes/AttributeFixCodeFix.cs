using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generators.Model;
using NetGen.Generators.Diagnostics;

namespace NetGen.CodeFixes;

/// <summary>
/// Applies the fixes NG1xxx rules (and the parser, for NG0005) attach to their diagnostics (<see cref="AttributeFix"/>): set or
/// remove arguments of the network's <c>[Network]</c> and <c>[Dense]</c> attributes. The rule
/// decides what to change; this class only edits syntax. FixAll applies each diagnostic's fix of
/// the same position (the first, or the second) across the scope.
/// </summary>
[ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(AttributeFixCodeFix)), Shared]
public sealed class AttributeFixCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticIds.LossDoesNotFitOutput,
        DiagnosticIds.SigmoidInDeepNetwork,
        DiagnosticIds.SymmetricInitialization,
        DiagnosticIds.InitDoesNotSuitActivation,
        DiagnosticIds.OutputDoesNotFitLoss,
        DiagnosticIds.MissingNonlinearity,
        DiagnosticIds.LearningRateOutOfRange,
        DiagnosticIds.EpsilonTooSmall,
        DiagnosticIds.DeadReluRisk,
        DiagnosticIds.AdaGradDecay,
        DiagnosticIds.InitScaleDoesNotFitLayer,
        DiagnosticIds.CoupledWeightDecay);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            var type = root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<ClassDeclarationSyntax>();
            if (type is null)
                continue;
            var fixes = AttributeFix.FromProperties(diagnostic.Properties);
            for (int i = 0; i < fixes.Length; i++)
            {
                var fix = fixes[i];
                context.RegisterCodeFix(CodeAction.Create(
                    fix.Title,
                    cancellationToken => ApplyAsync(context.Document, type, fix, cancellationToken),
                    equivalenceKey: $"{diagnostic.Id}.{i}"), diagnostic);
            }
        }
    }

    private static async Task<Document> ApplyAsync(Document document, ClassDeclarationSyntax type, AttributeFix fix, CancellationToken cancellationToken)
    {
        var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var fixedType = type;
        foreach (var edit in fix.Edits)
        {
            var attribute = AttributeSyntaxEdits.Find(fixedType, edit.Layer);
            if (attribute is null)
                continue;
            fixedType = fixedType.ReplaceNode(attribute, AttributeSyntaxEdits.Apply(attribute, edit));
        }
        return document.WithSyntaxRoot(root.ReplaceNode(type, fixedType));
    }
}
