using System;
using System.Buffers.Binary;
using System.IO;
using NetGen.Runtime;

namespace NetGen;

/// <summary>
/// Per-column standardization, <c>x' = (x - mean) / std</c>, of a data set's features (<see cref="Fit"/>) or of a
/// regression's targets (<see cref="FitTargets"/>), fitted on the training rows only and then applied to every set
/// (fitting on the test rows would leak them into training). <see cref="Restore"/> undoes it on a regression network's
/// outputs; <see cref="Save(Stream)"/> keeps it beside the network's weights, and <see cref="ScaledPredictor"/> applies
/// both around <c>Predict</c>.
/// </summary>
public sealed class Standardization
{
    private const uint Magic = 0x4453474E; // "NGSD"
    private const ushort FormatVersion = 1;

    private readonly float[] _mean;
    private readonly float[] _scale;

    private Standardization(float[] mean, float[] scale) => (_mean, _scale) = (mean, scale);

    /// <summary>A standardization with known means and scales (1 / standard deviation), one per column.</summary>
    /// <exception cref="ArgumentException">Different lengths, no columns, a mean that is not finite or a scale that is not positive and finite.</exception>
    public Standardization(ReadOnlySpan<float> mean, ReadOnlySpan<float> scale)
    {
        if (mean.Length == 0 || mean.Length != scale.Length)
            throw new ArgumentException($"Expected as many scales as means (at least one), got {mean.Length} means and {scale.Length} scales.", nameof(scale));
        for (int i = 0; i < mean.Length; i++)
        {
            if (!float.IsFinite(mean[i]))
                throw new ArgumentException($"Mean {i} is {mean[i]}; means must be finite.", nameof(mean));
            if (!(scale[i] > 0f) || !float.IsFinite(scale[i]))
                throw new ArgumentException($"Scale {i} is {scale[i]}; scales must be positive and finite.", nameof(scale));
        }
        (_mean, _scale) = (mean.ToArray(), scale.ToArray());
    }

    /// <summary>Each column's mean over the fitted rows.</summary>
    public ReadOnlySpan<float> Mean => _mean;
    /// <summary>1 / standard deviation per column (1 for a constant column, which then maps to 0).</summary>
    public ReadOnlySpan<float> Scale => _scale;
    /// <summary>The number of columns: features, or targets.</summary>
    public int Columns => _mean.Length;

    /// <summary>Measures each feature's mean and standard deviation over <paramref name="data"/>.</summary>
    public static Standardization Fit(DataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return FitColumns(data.Inputs, data.InputSize, data.Rows);
    }

    /// <summary>Measures each target column's mean and standard deviation over <paramref name="data"/> (a regression's float targets).</summary>
    /// <exception cref="ArgumentException">The data set has class labels, not float targets.</exception>
    public static Standardization FitTargets(DataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.HasLabels)
            throw new ArgumentException("This data set has class labels; targets are standardized for regression, on float targets.", nameof(data));
        return FitColumns(data.Targets, data.TargetSize, data.Rows);
    }

    private static Standardization FitColumns(ReadOnlySpan<float> values, int columns, int rows)
    {
        var sum = new double[columns];
        var squares = new double[columns];
        for (int r = 0; r < rows; r++)
        {
            var row = values.Slice(r * columns, columns);
            for (int i = 0; i < columns; i++) { sum[i] += row[i]; squares[i] += (double)row[i] * row[i]; }
        }
        var mean = new float[columns];
        var scale = new float[columns];
        for (int i = 0; i < columns; i++)
        {
            double m = sum[i] / rows;
            double variance = Math.Max(0, squares[i] / rows - m * m);
            mean[i] = (float)m;
            scale[i] = variance > 1e-12 ? (float)(1 / Math.Sqrt(variance)) : 1f;
        }
        return new Standardization(mean, scale);
    }

    /// <summary>Standardizes the data set's features in place.</summary>
    public void Apply(DataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.InputSize != _mean.Length)
            throw new ArgumentException($"Fitted on {_mean.Length} columns; this data set has {data.InputSize} features.", nameof(data));
        Apply(data.MutableInputs);
    }

    /// <summary>Standardizes the data set's float targets in place (a standardization from <see cref="FitTargets"/>).</summary>
    public void ApplyToTargets(DataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.HasLabels || data.TargetSize != _mean.Length)
            throw new ArgumentException($"Fitted on {_mean.Length} columns; this data set has {(data.HasLabels ? "class labels" : data.TargetSize + " target columns")}.", nameof(data));
        Apply(data.MutableTargets);
    }

    /// <summary>Standardizes whole rows in place (a sample to predict, say). Allocates nothing.</summary>
    public void Apply(Span<float> rows)
    {
        CheckRows(rows.Length);
        for (int r = 0; r < rows.Length; r += _mean.Length)
            for (int i = 0; i < _mean.Length; i++)
                rows[r + i] = (rows[r + i] - _mean[i]) * _scale[i];
    }

    /// <summary>Undoes <see cref="Apply(Span{float})"/> in place, <c>x = x' · std + mean</c>: a regression network's outputs, trained on standardized targets, back in the targets' units. Allocates nothing.</summary>
    public void Restore(Span<float> rows)
    {
        CheckRows(rows.Length);
        for (int r = 0; r < rows.Length; r += _mean.Length)
            for (int i = 0; i < _mean.Length; i++)
                rows[r + i] = rows[r + i] / _scale[i] + _mean[i];
    }

    private void CheckRows(int length)
    {
        if (length % _mean.Length != 0)
            throw new ArgumentException($"Expected whole rows of {_mean.Length} values, got {length} floats.", "rows");
    }

    /// <summary>Writes the means and scales: "NGSD", version, columns, the floats, and a CRC-32 (little-endian).</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = new byte[12 + 8 * _mean.Length + 4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), _mean.Length);
        for (int i = 0; i < _mean.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(12 + 4 * i), _mean[i]);
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(12 + 4 * (_mean.Length + i)), _scale[i]);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), Crc32.Finish(Crc32.Append(Crc32.Initial, bytes.AsSpan(0, bytes.Length - 4))));
        stream.Write(bytes);
    }

    /// <summary>Writes the standardization to a file (created, or replaced atomically).</summary>
    public void Save(string path) => Runtime.AtomicFile.Write(path, Save);

    /// <summary>Reads a standardization written by <see cref="Save(Stream)"/>, checking all of it first.</summary>
    /// <exception cref="InvalidDataException">Not a standardization file, another version, truncated, corrupted, or values that are not valid.</exception>
    public static Standardization Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        const string File = "The standardization file";
        Span<byte> header = stackalloc byte[12];
        stream.ReadPart(header, File, "header");
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic)
            throw new InvalidDataException($"{File} does not start with NGSD: it is not a standardization written by Standardization.Save.");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        if (version != FormatVersion)
            throw new InvalidDataException($"{File} is format version {version}; this NetGen reads version {FormatVersion}.");
        int columns = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (columns is < 1 or > 1 << 24)
            throw new InvalidDataException($"{File} says it has {columns} columns.");
        var body = new byte[8 * columns + 4];
        stream.ReadPart(body, File, "values");
        uint crc = Crc32.Finish(Crc32.Append(Crc32.Append(Crc32.Initial, header), body.AsSpan(0, body.Length - 4)));
        if (crc != BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(body.Length - 4)))
            throw new InvalidDataException($"{File} is corrupted: its checksum does not match.");
        var mean = new float[columns];
        var scale = new float[columns];
        for (int i = 0; i < columns; i++)
        {
            mean[i] = BinaryPrimitives.ReadSingleLittleEndian(body.AsSpan(4 * i));
            scale[i] = BinaryPrimitives.ReadSingleLittleEndian(body.AsSpan(4 * (columns + i)));
        }
        try
        {
            return new Standardization(mean, scale);
        }
        catch (ArgumentException error)
        {
            throw new InvalidDataException($"{File} holds values that are not valid: {error.Message}");
        }
    }

    /// <summary>Reads a standardization from a file written by <see cref="Save(string)"/>.</summary>
    public static Standardization Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream);
    }
}
