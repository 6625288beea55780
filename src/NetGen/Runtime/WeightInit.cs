using System;

namespace NetGen.Runtime;

/// <summary>Initializers too involved to print inline in a generated constructor.</summary>
public static class WeightInit
{
    /// <summary>
    /// torch.nn.init.orthogonal_ (gain 1) for a [<paramref name="rows"/>][<paramref name="columns"/>]
    /// row-major matrix: the Q of a QR decomposition of a standard normal matrix, with the signs that
    /// make R's diagonal positive. Rows are orthonormal when rows ≤ columns, else columns are.
    /// Runs once per layer at construction, in double (modified Gram-Schmidt).
    /// </summary>
    public static void Orthogonal(ref DeterministicRandom random, Span<float> matrix, int rows, int columns)
    {
        ThrowHelper.ThrowIfLengthIsNot(matrix.Length, rows * columns, nameof(matrix));
        // Orthonormalize the k = min(rows, columns) vectors of length n = max(rows, columns).
        bool byRows = rows <= columns;
        int k = byRows ? rows : columns, n = byRows ? columns : rows;
        var q = new double[k * n];
        for (int i = 0; i < q.Length; i++)
            q[i] = random.NextGaussian();
        for (int j = 0; j < k; j++)
        {
            var v = q.AsSpan(j * n, n);
            for (int previous = 0; previous < j; previous++)
            {
                var u = q.AsSpan(previous * n, n);
                double dot = 0;
                for (int e = 0; e < n; e++) dot += u[e] * v[e];
                for (int e = 0; e < n; e++) v[e] -= dot * u[e];
            }
            double norm = 0;
            for (int e = 0; e < n; e++) norm += v[e] * v[e];
            norm = Math.Sqrt(norm);
            for (int e = 0; e < n; e++) v[e] /= norm;
        }
        for (int r = 0; r < rows; r++)
        for (int c = 0; c < columns; c++)
            matrix[r * columns + c] = (float)(byRows ? q[r * n + c] : q[c * n + r]);
    }
}
