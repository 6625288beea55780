using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using NetGen.CodeFixes;
using NetGen.Generators;
using NetGen.Testing;

namespace NetGen.Analyzers.Tests;

/// <summary>
/// A fix of one of the generator's own errors (NG0xxx), checked by the Roslyn SDK's code-fix test with the generator
/// in the loop: it reports the marked errors before, none after, and its code for the fixed declaration compiles
/// without warnings.
/// </summary>
internal static class GeneratorFixVerifier
{
    public static Task VerifyAsync(string source, string fixedSource, int codeActionIndex = 0) =>
        new Test { TestCode = source, FixedCode = fixedSource, CodeActionIndex = codeActionIndex }.RunAsync();

    public sealed class Test : CSharpCodeFixTest<EmptyDiagnosticAnalyzer, AttributeFixCodeFix, DefaultVerifier>
    {
        public Test()
        {
            RoslynTestDefaults.Apply(this);
            TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck; // the generated text is the snapshot tests' concern
        }

        protected override IEnumerable<Type> GetSourceGenerators() => [typeof(NetworkGenerator)];

        protected override async Task<(Compilation compilation, ImmutableArray<Diagnostic> generatorDiagnostics)> GetProjectCompilationAsync(
            Project project, IVerifier verifier, CancellationToken cancellationToken)
        {
            var (compilation, diagnostics) = await base.GetProjectCompilationAsync(project, verifier, cancellationToken);
            return (compilation, diagnostics.Select(diagnostic => InSource(diagnostic, compilation)).ToImmutableArray());
        }

        /// <summary>
        /// The generator's model holds paths and spans, not syntax trees, so its diagnostics point at external files.
        /// The IDE maps such a location to the document of that path and offers the fixes the error carries there;
        /// the code-fix test fixes only diagnostics in a document, so this maps them the same way.
        /// </summary>
        private static Diagnostic InSource(Diagnostic diagnostic, Compilation compilation)
        {
            var location = diagnostic.Location;
            var tree = location.Kind == LocationKind.ExternalFile
                ? compilation.SyntaxTrees.FirstOrDefault(tree => tree.FilePath == location.GetLineSpan().Path)
                : null;
            if (tree is null)
                return diagnostic;
            // The message as reported: a Diagnostic does not give back its arguments.
            var descriptor = diagnostic.Descriptor;
            var reported = new DiagnosticDescriptor(descriptor.Id, descriptor.Title, diagnostic.GetMessage().Replace("{", "{{").Replace("}", "}}"),
                descriptor.Category, descriptor.DefaultSeverity, descriptor.IsEnabledByDefault, descriptor.Description, descriptor.HelpLinkUri,
                descriptor.CustomTags.ToArray());
            return Diagnostic.Create(reported, Location.Create(tree, location.SourceSpan), diagnostic.Severity, diagnostic.AdditionalLocations, diagnostic.Properties);
        }
    }
}
