using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NetGen.Generators;
using NetGen.Testing;
using Xunit;

namespace NetGen.Generators.Tests;

/// <summary>
/// The C# examples of the diagnostic pages, run through the generator as written: a block marked "// NGxxxx" reports
/// that diagnostic, a block without a mark (the valid alternative a page shows) reports none.
/// </summary>
public class DocsExamplesTests
{
    public static TheoryData<string> Pages() =>
        new(Directory.GetFiles(Path.Combine(GeneratorDiagnosticTests.RepositoryRoot(), "docs", "diagnostics"), "NG0*.md")
            .Where(page => File.ReadAllText(page).Contains("```csharp"))
            .Select(Path.GetFileNameWithoutExtension)
            .Order()!);

    [Theory]
    [MemberData(nameof(Pages))]
    public void A_diagnostic_pages_example_reports_what_it_says(string id)
    {
        string page = File.ReadAllText(Path.Combine(GeneratorDiagnosticTests.RepositoryRoot(), "docs", "diagnostics", id + ".md"));
        string example = Regex.Match(page, "```csharp\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        // NG0015's example reads a weights file saved from the network with 8 hidden units its comment names.
        Microsoft.CodeAnalysis.AdditionalText[] files = id == "NG0015"
            ? [new InMemoryAdditionalText("/project/xor.ngw", EmbeddedWeightsTests.Ngw(EmbeddedWeightsTests.HashOf("using NetGen;\n[Network(Loss = Loss.BinaryCrossEntropy), Input(2), Dense(8, Activation.Tanh), Dense(1, Activation.Sigmoid)]\npublic partial class XorNet { }"), new float[33]))]
            : [];
        var run = GeneratorHarness.Run(new NetworkGenerator(), files, "using System;\nusing NetGen;\n\n" + example);

        var reported = run.GeneratorDiagnostics.Select(d => d.Id).Distinct().ToArray();
        if (example.Contains("// " + id))
            Assert.Equal([id], reported);
        else
            Assert.Empty(reported);
    }
}
