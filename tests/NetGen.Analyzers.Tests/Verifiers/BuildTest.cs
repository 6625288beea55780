using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using NetGen.Generators;
using NetGen.Testing;

namespace NetGen.Analyzers.Tests;

/// <summary>
/// The code as a build sees it, by the Roslyn SDK's analyzer test: the given rules and the generator at once, exactly
/// the diagnostics marked (none if none is marked), and the generated code compiling without warnings.
/// </summary>
internal sealed class BuildTest : CSharpAnalyzerTest<EmptyDiagnosticAnalyzer, DefaultVerifier>
{
    private readonly DiagnosticAnalyzer[] _rules;

    public BuildTest(params DiagnosticAnalyzer[] rules)
    {
        _rules = rules;
        RoslynTestDefaults.Apply(this);
        TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck; // the generated text is the snapshot tests' concern
    }

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => _rules;

    protected override IEnumerable<Type> GetSourceGenerators() => [typeof(NetworkGenerator)];
}
