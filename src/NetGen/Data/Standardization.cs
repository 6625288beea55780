using System;

namespace NetGen;

/// <summary>
/// Per-feature standardization, <c>x' = (x - mean) / std</c>, fitted on the training rows only and
/// then applied to every set (fitting on the test rows would leak them into training).
/// </summary>
public sealed class Standardization
{
    private readonly float[] _mean;
    private readonly float[] _scale;

    private Standardization(float[] mean, float[] scale) => (_mean, _scale) = (mean, scale);

    /// <summary>Each feature's mean over the fitted rows.</summary>
    public ReadOnlySpan<float> Mean => _mean;
    /// <summary>1 / standard deviation per feature (1 for a constant feature, which then maps to 0).</summary>
    public ReadOnlySpan<float> Scale => _scale;

    /// <summary>Measures each feature's mean and standard deviation over <paramref name="data"/>.</summary>
    public static Standardization Fit(DataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.InputSize;
        var sum = new double[n];
        var squares = new double[n];
        for (int r = 0; r < data.Rows; r++)
        {
            var row = data.InputRow(r);
            for (int i = 0; i < n; i++) { sum[i] += row[i]; squares[i] += (double)row[i] * row[i]; }
        }
        var mean = new float[n];
        var scale = new float[n];
        for (int i = 0; i < n; i++)
        {
            double m = sum[i] / data.Rows;
            double variance = Math.Max(0, squares[i] / data.Rows - m * m);
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
            throw new ArgumentException($"Fitted on {_mean.Length} features; this data set has {data.InputSize}.", nameof(data));
        Apply(data.MutableInputs);
    }

    /// <summary>Standardizes rows of features in place (a sample to predict, say).</summary>
    public void Apply(Span<float> rows)
    {
        if (rows.Length % _mean.Length != 0)
            throw new ArgumentException($"Expected whole rows of {_mean.Length} features, got {rows.Length} floats.", nameof(rows));
        for (int r = 0; r < rows.Length; r += _mean.Length)
            for (int i = 0; i < _mean.Length; i++)
                rows[r + i] = (rows[r + i] - _mean[i]) * _scale[i];
    }
}
