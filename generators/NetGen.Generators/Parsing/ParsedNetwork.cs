using System.Collections.Immutable;
using NetGen.Generators.Model;

namespace NetGen.Generators.Parsing;

/// <summary>The parser's answer: a spec when the declaration is valid, its source map, and NG0xxx errors.</summary>
internal sealed class ParsedNetwork(NetworkSpec? spec, NetworkSourceMap map, ImmutableArray<DiagnosticInfo> diagnostics)
{
    public NetworkSpec? Spec { get; } = spec;
    public NetworkSourceMap Map { get; } = map;
    public ImmutableArray<DiagnosticInfo> Diagnostics { get; } = diagnostics;
}
