using System;
using System.ComponentModel;

namespace NetGen.Runtime;

/// <summary>What the generated <c>Evaluate</c> of a regression network needs beyond its own sums.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RegressionMetrics
{
    /// <summary>R² from Σ(output - target)² and the targets ([rows][columns]); NaN when the targets do not vary.</summary>
    public static float RSquared(double squaredErrors, ReadOnlySpan<float> targets, int columns)
    {
        double spread = SpreadOfColumns(targets, columns);
        return spread > 0 ? (float)(1 - squaredErrors / spread) : float.NaN;
    }

    /// <summary>
    /// Σ over the columns of Σ over the rows of (target - the column's mean)²: R²'s denominator, pooled over the outputs.
    /// Two passes per column in double (a mean, then the squares about it), so it does not cancel as Σt² - (Σt)²/n would.
    /// </summary>
    private static double SpreadOfColumns(ReadOnlySpan<float> targets, int columns)
    {
        int rows = targets.Length / columns;
        double spread = 0;
        for (int c = 0; c < columns; c++)
        {
            double mean = 0;
            for (int r = 0; r < rows; r++) mean += targets[r * columns + c];
            mean /= rows;
            for (int r = 0; r < rows; r++)
            {
                double d = targets[r * columns + c] - mean;
                spread += d * d;
            }
        }
        return spread;
    }
}
