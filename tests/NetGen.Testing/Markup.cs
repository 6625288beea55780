using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Text;

namespace NetGen.Testing;

/// <summary>A diagnostic a test expects: its ID and the exact span it must cover.</summary>
public sealed record ExpectedDiagnostic(string Id, TextSpan Span);

/// <summary>
/// Roslyn-testing style markup: <c>{|NG1001:Activation.Sigmoid|}</c> marks the span where NG1001
/// must be reported. Parse returns the plain source and the expectations.
/// </summary>
public static partial class Markup
{
    [GeneratedRegex(@"\{\|(?<id>[A-Z]+[0-9]+):|\|\}")]
    private static partial Regex Tokens();

    public static (string Source, ImmutableArray<ExpectedDiagnostic> Expected) Parse(string markup)
    {
        var source = new StringBuilder();
        var open = new Stack<(string Id, int Start)>();
        var expected = ImmutableArray.CreateBuilder<ExpectedDiagnostic>();
        int last = 0;
        foreach (Match token in Tokens().Matches(markup))
        {
            source.Append(markup, last, token.Index - last);
            last = token.Index + token.Length;
            if (token.Groups["id"].Success)
                open.Push((token.Groups["id"].Value, source.Length));
            else
            {
                var (id, start) = open.Pop();
                expected.Add(new ExpectedDiagnostic(id, TextSpan.FromBounds(start, source.Length)));
            }
        }
        source.Append(markup, last, markup.Length - last);
        return (source.ToString(), expected.ToImmutable());
    }
}
