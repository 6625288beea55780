using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;

namespace NetGen;

/// <summary>How <see cref="CsvLoader"/> reads a file.</summary>
public sealed record CsvOptions
{
    /// <summary>The field separator.</summary>
    public char Separator { get; init; } = ',';
    /// <summary>Whether the first line is a header to skip.</summary>
    public bool HasHeader { get; init; }
    /// <summary>
    /// The column holding a class index (0, 1, 2, ...); negative counts from the end (-1 is the last).
    /// Ignored when <see cref="TargetColumns"/> is set.
    /// </summary>
    public int LabelColumn { get; init; } = -1;
    /// <summary>Number of classes; 0 infers it as the largest label + 1.</summary>
    public int Classes { get; init; }
    /// <summary>When positive, the last this-many columns are float targets (regression) instead of a label column.</summary>
    public int TargetColumns { get; init; }
}

/// <summary>
/// Loads numeric CSV into a <see cref="DataSet"/>: invariant-culture numbers, one row per line,
/// every row as wide as the first. Fields are parsed from spans of the line (no per-field strings). A malformed row throws <see cref="InvalidDataException"/>
/// naming the line and column. Files ending in ".gz" are decompressed on the fly.
/// </summary>
public static class CsvLoader
{
    /// <summary>Loads the file at <paramref name="path"/>.</summary>
    public static DataSet Load(string path, CsvOptions? options = null)
    {
        using var file = File.OpenRead(path);
        using var reader = new StreamReader(path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file);
        return Load(reader, options, Path.GetFileName(path));
    }

    /// <summary>Loads CSV text from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    public static DataSet Load(TextReader reader, CsvOptions? options = null, string source = "CSV")
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= new CsvOptions();
        var features = new List<float>();
        var targets = new List<float>();
        var labels = new List<int>();
        int columns = -1, lineNumber = 0, featureCount = 0, labelColumn = -1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (lineNumber == 1 && options.HasHeader)
                continue;
            var text = line.AsSpan().Trim();
            if (text.IsEmpty)
                continue;
            if (columns < 0)
            {
                columns = CountFields(text, options.Separator);
                (featureCount, labelColumn) = Layout(columns, options, source);
            }
            int column = 0;
            foreach (var field in new FieldEnumerator(text, options.Separator))
            {
                if (column == columns)
                    throw Malformed(source, lineNumber, $"has more than {columns} columns (the first row has {columns})");
                float value = Parse(field, source, lineNumber, column, options.HasHeader || lineNumber > 1);
                if (options.TargetColumns > 0)
                {
                    if (column < featureCount) features.Add(value); else targets.Add(value);
                }
                else if (column == labelColumn)
                {
                    if (value != MathF.Round(value) || value < 0)
                        throw Malformed(source, lineNumber, $"column {column + 1}: the label {value.ToString(CultureInfo.InvariantCulture)} is not a class index (0, 1, 2, ...)");
                    labels.Add((int)value);
                }
                else
                {
                    features.Add(value);
                }
                column++;
            }
            if (column != columns)
                throw Malformed(source, lineNumber, $"has {column} columns; the first row has {columns}");
        }
        if (columns < 0)
            throw new InvalidDataException($"{source} has no data rows.");

        if (options.TargetColumns > 0)
            return new DataSet(features.ToArray(), featureCount, targets.ToArray(), options.TargetColumns);
        int[] labelArray = labels.ToArray();
        int classes = options.Classes;
        if (classes == 0)
            foreach (int label in labelArray) classes = Math.Max(classes, label + 1);
        for (int i = 0; i < labelArray.Length; i++)
        {
            if (labelArray[i] >= classes)
                throw new InvalidDataException($"{source}: row {i + 1} has label {labelArray[i]}, but there are {classes} classes (0 to {classes - 1}).");
        }
        return new DataSet(features.ToArray(), featureCount, labelArray, classes);
    }

    private static (int Features, int LabelColumn) Layout(int columns, CsvOptions options, string source)
    {
        if (options.TargetColumns > 0)
        {
            if (options.TargetColumns >= columns)
                throw new InvalidDataException($"{source} has {columns} columns; {options.TargetColumns} target columns leave no features.");
            return (columns - options.TargetColumns, -1);
        }
        if (columns < 2)
            throw new InvalidDataException($"{source} has {columns} column; a labelled row needs features and a label.");
        int label = options.LabelColumn < 0 ? columns + options.LabelColumn : options.LabelColumn;
        if (label < 0 || label >= columns)
            throw new InvalidDataException($"{source} has {columns} columns; LabelColumn {options.LabelColumn} is outside them.");
        return (columns - 1, label);
    }

    private static float Parse(ReadOnlySpan<char> field, string source, int line, int column, bool headerHandled)
    {
        if (float.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && float.IsFinite(value))
            return value;
        string hint = headerHandled ? "" : " (if the first line is a header, set HasHeader = true)";
        throw Malformed(source, line, $"column {column + 1}: \"{field.ToString()}\" is not a finite number{hint}");
    }

    private static InvalidDataException Malformed(string source, int line, string problem) =>
        new($"{source}, line {line}: {problem}.");

    private static int CountFields(ReadOnlySpan<char> line, char separator)
    {
        int count = 0;
        foreach (var _ in new FieldEnumerator(line, separator)) count++;
        return count;
    }

    /// <summary>Yields the fields of a line as spans, without allocating.</summary>
    private ref struct FieldEnumerator(ReadOnlySpan<char> line, char separator)
    {
        private ReadOnlySpan<char> _rest = line;
        private bool _done;

        public ReadOnlySpan<char> Current { get; private set; }
        public readonly FieldEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_done) return false;
            int at = _rest.IndexOf(separator);
            if (at < 0) { Current = _rest; _done = true; return true; }
            Current = _rest[..at];
            _rest = _rest[(at + 1)..];
            return true;
        }
    }
}
