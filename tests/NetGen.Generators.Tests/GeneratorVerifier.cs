using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using NetGen.Testing;

namespace NetGen.Generators.Tests;

/// <summary>
/// The generator, checked by the Roslyn SDK's source-generator test: exactly the diagnostics marked in the source
/// (<c>{|NG0003:0|}</c>, compiler diagnostics included), and the code compiling without warnings.
/// </summary>
internal static class GeneratorVerifier
{
    /// <summary>The marked diagnostics, and no generated file at all.</summary>
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>
    /// The marked diagnostics (none if none is marked), and the code generated for the class <c>Net</c> compiling beside
    /// the user's without warnings. Its text is the snapshot tests' concern; a use of it makes sure it is there.
    /// </summary>
    public static Task VerifyGeneratesNetAsync(string source)
    {
        var test = new Test { TestState = { Sources = { source, "static class UsesTheGeneratedNet { static NetGen.IPredictor Predictor => new Net(); }" } } };
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        return test.RunAsync();
    }

    public sealed class Test : CSharpSourceGeneratorTest<NetworkGenerator, DefaultVerifier>
    {
        public Test() => RoslynTestDefaults.Apply(this);
    }
}
