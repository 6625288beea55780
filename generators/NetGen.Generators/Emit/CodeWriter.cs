using System;
using System.Text;

namespace NetGen.Generators.Emit;

/// <summary>Indented text with '\n' line ends, so output is byte-identical on every OS.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public void Line(string line = "")
    {
        if (line.Length > 0)
            _text.Append(' ', _depth * 4).Append(line);
        _text.Append('\n');
    }

    public void Lines(string block)
    {
        foreach (var line in block.Split('\n'))
            Line(line.TrimEnd('\r'));
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until disposed.</summary>
    public IDisposable Block(string header, string close = "}")
    {
        if (header.Length > 0)
            Line(header);
        Line("{");
        _depth++;
        return new Closer(this, close);
    }

    public override string ToString() => _text.ToString();

    private sealed class Closer(CodeWriter writer, string close) : IDisposable
    {
        public void Dispose()
        {
            writer._depth--;
            writer.Line(close);
        }
    }
}
