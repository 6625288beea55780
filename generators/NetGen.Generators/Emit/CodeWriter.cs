using System;
using System.Runtime.CompilerServices;
using System.Text;

namespace NetGen.Generators.Emit;

/// <summary>
/// Indented text with '\n' line ends, so output is byte-identical on every OS. Interpolated lines and blocks go
/// straight into the text through <see cref="CodeText"/>: no string for each line or block on the way (a 200-network
/// project prints 12 MB of source; the copies were most of what the generator allocated).
/// </summary>
internal sealed class CodeWriter
{
    // One network's text is written at a time on a thread: the next network's writer reuses its buffer.
    // A huge network's buffer is not kept for the thread's lifetime (an IDE's threads live long).
    [ThreadStatic] private static StringBuilder? t_spareText;
    private const int SpareTextLimit = 1 << 20;
    private readonly StringBuilder _text = TakeSpareText();
    private int _depth;
    private bool _indentPending;

    public void Line(string line = "")
    {
        if (line.Length > 0)
            _text.Append(' ', _depth * 4).Append(line);
        _text.Append('\n');
    }

    /// <summary>An interpolated line, written as <see cref="Lines(string)"/> writes it.</summary>
    public void Line([InterpolatedStringHandlerArgument("")] ref CodeText line) => EndLine();

    /// <summary>Each line of <paramref name="block"/> as <see cref="Line(string)"/> writes it.</summary>
    public void Lines(string block)
    {
        BeginLine();
        Write(block);
        EndLine();
    }

    /// <summary>An interpolated block: each of its lines (those of the values put in too) indented as <see cref="Line(string)"/> does it.</summary>
    public void Lines([InterpolatedStringHandlerArgument("")] ref CodeText block) => EndLine();

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until disposed.</summary>
    public IDisposable Block(string header, string close = "}")
    {
        if (header.Length > 0)
            Line(header);
        Line("{");
        _depth++;
        return new Closer(this, close);
    }

    /// <summary>The text written, and the buffer handed on to the thread's next writer: write nothing after this.</summary>
    public string Finish()
    {
        string text = _text.ToString();
        if (_text.Capacity <= SpareTextLimit)
        {
            _text.Clear();
            t_spareText = _text;
        }
        return text;
    }

    private static StringBuilder TakeSpareText()
    {
        var text = t_spareText ?? new StringBuilder(64 * 1024);
        t_spareText = null;
        return text;
    }

    internal void BeginLine() => _indentPending = true;

    private void EndLine()
    {
        _text.Append('\n');
        _indentPending = false;
    }

    /// <summary>
    /// Appends <paramref name="text"/>; each '\n' in it ends a line, and a line's indentation is written before its first
    /// character, so empty lines stay empty. A '\r' before a '\n' is dropped (a source checked out with CRLF line ends
    /// has them in its raw strings).
    /// </summary>
    internal void Write(string? text)
    {
        if (text is null)
            return;
        int start = 0;
        while (start <= text.Length)
        {
            int end = text.IndexOf('\n', start);
            int stop = end < 0 ? text.Length : end;
            int length = stop - start;
            if (end >= 0 && length > 0 && text[stop - 1] == '\r')
                length--;
            if (length > 0)
                IndentIfPending().Append(text, start, length);
            if (end < 0)
                return;
            _text.Append('\n');
            _indentPending = true;
            start = end + 1;
        }
    }

    internal void Write(int value) => IndentIfPending().Append(value); // as string.Format prints it: the same text as before the handler

    /// <summary>The line's indentation, before its first character.</summary>
    private StringBuilder IndentIfPending()
    {
        if (_indentPending)
        {
            _text.Append(' ', _depth * 4);
            _indentPending = false;
        }
        return _text;
    }

    private sealed class Closer(CodeWriter writer, string close) : IDisposable
    {
        public void Dispose()
        {
            writer._depth--;
            writer.Line(close);
        }
    }
}

/// <summary>The parts of an interpolated line or block, appended to the writer as they come.</summary>
[InterpolatedStringHandler]
internal readonly ref struct CodeText
{
    private readonly CodeWriter _writer;

    public CodeText(int literalLength, int formattedCount, CodeWriter writer)
    {
        _writer = writer;
        writer.BeginLine();
    }

    public void AppendLiteral(string text) => _writer.Write(text);

    public void AppendFormatted(string? text) => _writer.Write(text);

    public void AppendFormatted(int value) => _writer.Write(value);

    /// <summary>Any other value as string.Format prints it (IFormattable with the current culture's defaults).</summary>
    public void AppendFormatted<T>(T value) => _writer.Write(Text(value, null));

    public void AppendFormatted<T>(T value, string? format) => _writer.Write(Text(value, format));

    /// <summary>A column of a table: padded to <paramref name="alignment"/> characters, on the left when positive (as string.Format).</summary>
    public void AppendFormatted<T>(T value, int alignment, string? format = null)
    {
        string text = Text(value, format) ?? "";
        _writer.Write(alignment >= 0 ? text.PadLeft(alignment) : text.PadRight(-alignment));
    }

    private static string? Text<T>(T value, string? format) => value is IFormattable formattable ? formattable.ToString(format, null) : value?.ToString();
}
