using System;

namespace NetGen.Runtime;

/// <summary>
/// The damped Newton step of <see cref="Optimizer.Newton"/>: solves <c>(H + λI) d = g</c> by Cholesky
/// in double and returns <c>d</c>. When <c>H + λI</c> is not positive definite (a network's Hessian is
/// often indefinite) λ is raised tenfold and the factorization retried: Levenberg-Marquardt damping.
/// Works in caller-owned buffers: no allocation.
/// </summary>
public static class NewtonSolver
{
    /// <summary>The largest damping tried before giving up on a step.</summary>
    public const double MaxDamping = 1e12;

    /// <summary>
    /// Symmetrizes <paramref name="hessian"/> (n × n, row-major) in place, then writes the Newton
    /// direction into <paramref name="direction"/>. <paramref name="factor"/> is n × n scratch.
    /// Returns the damping that succeeded, or NaN (and a zero direction) when none did.
    /// </summary>
    public static double Solve(Span<double> hessian, ReadOnlySpan<double> gradient, Span<double> direction, Span<double> factor, double damping)
    {
        int n = gradient.Length;
        for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            hessian[i * n + j] = hessian[j * n + i] = 0.5 * (hessian[i * n + j] + hessian[j * n + i]);
        for (double lambda = damping; lambda <= MaxDamping; lambda *= 10)
        {
            if (!TryCholesky(hessian, factor, n, lambda))
                continue;
            // L y = g, then Lᵀ d = y.
            for (int i = 0; i < n; i++)
            {
                double sum = gradient[i];
                for (int k = 0; k < i; k++) sum -= factor[i * n + k] * direction[k];
                direction[i] = sum / factor[i * n + i];
            }
            for (int i = n - 1; i >= 0; i--)
            {
                double sum = direction[i];
                for (int k = i + 1; k < n; k++) sum -= factor[k * n + i] * direction[k];
                direction[i] = sum / factor[i * n + i];
            }
            return lambda;
        }
        direction.Clear();
        return double.NaN;
    }

    /// <summary>Lower-triangular L with L Lᵀ = H + λI; false when a pivot is not positive.</summary>
    private static bool TryCholesky(ReadOnlySpan<double> hessian, Span<double> factor, int n, double lambda)
    {
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = hessian[i * n + j] + (i == j ? lambda : 0);
                for (int k = 0; k < j; k++) sum -= factor[i * n + k] * factor[j * n + k];
                if (i == j)
                {
                    if (!(sum > 0)) return false;
                    factor[i * n + i] = Math.Sqrt(sum);
                }
                else
                {
                    factor[i * n + j] = sum / factor[j * n + j];
                }
            }
        }
        return true;
    }
}
