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

    /// <summary>
    /// Applies the edits: those of <c>[Network]</c> to the diagnosed class, those of a layer to the attribute written
    /// where the rule found it, in whichever document of the project it stands (a partial class may be split).
    /// </summary>
    private static async Task<Solution> ApplyAsync(Document document, ClassDeclarationSyntax type, AttributeFix fix, CancellationToken cancellationToken)
    {
        var solution = document.Project.Solution;
        string here = type.SyntaxTree.FilePath;
        foreach (var group in fix.Edits.Items.GroupBy(edit => edit.Target.IsNetwork ? here : edit.Target.FilePath))
        {
            var target = group.Key == here ? document : await DocumentAtAsync(document.Project, group.Key, cancellationToken).ConfigureAwait(false);
            if (target is null)
                continue;
            target = solution.GetDocument(target.Id)!;
            var root = (await target.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            // Every attribute to edit is found before any is replaced: the positions are the original text's.
            var found = group.Select(edit => (Edit: edit, Attribute: edit.Target.IsNetwork
                    ? AttributeSyntaxEdits.FindNetwork(root.FindNode(type.Span).FirstAncestorOrSelf<ClassDeclarationSyntax>() ?? type)
                    : AttributeSyntaxEdits.FindAt(root, edit.Target.Position)))
                .Where(pair => pair.Attribute is not null).ToList();
            var edited = root.ReplaceNodes(found.Select(pair => pair.Attribute!).Distinct(), (original, _) =>
                found.Where(pair => pair.Attribute == original).Aggregate(original, (attribute, pair) => AttributeSyntaxEdits.Apply(attribute, pair.Edit)));
            solution = solution.WithDocumentSyntaxRoot(target.Id, edited);
        }
        return solution;
    }

    private static async Task<Document?> DocumentAtAsync(Project project, string path, CancellationToken cancellationToken)
    {
        foreach (var candidate in project.Documents)
        {
            var tree = await candidate.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
            if (tree?.FilePath == path)
                return candidate;
        }
        return null;
    }
}
