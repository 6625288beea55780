using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Testing;

/// <summary>The compilation settings of every test, the Roslyn SDK's and our own harness's alike.</summary>
public static class TestCompilation
{
    /// <summary>The .NET 10 reference pack plus NetGen.dll (<see cref="NetGenReferences"/>).</summary>
    public static readonly ImmutableArray<MetadataReference> References =
        Task.Run(() => NetGenReferences.Net100.ResolveAsync(LanguageNames.CSharp, default)).GetAwaiter().GetResult().Add(NetGenReferences.NetGen);

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static readonly CSharpCompilationOptions Options = new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    public static CSharpCompilation Create(params string[] sources) =>
        CSharpCompilation.Create(
            "Tests",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Test{i}.cs")),
            References,
            Options);
}
