#!/usr/bin/python3
"""Fits the rational tanh of src/NetGen/Runtime/VectorMath.cs (TanhCore) and measures it in float32.

tanh x ≈ x·P(x²)/Q(x²), P of degree 6, Q of degree 3 with Q(0) = 1, for minimal relative error on
[0, 9.02] (beyond, tanh rounds to 1 in float32). Linearized least squares (Loeb), reweighted towards
the largest errors (Lawson) until the error levels out. Needs numpy and mpmath (Debian: python3-numpy,
python3-mpmath). Prints the coefficients as float32 literals and the worst float32 error in ulps,
with the polynomials evaluated as TanhCore does (pairs in t, combined in t², fused multiply-adds).
"""
import mpmath
import numpy as np

SATURATION, P_DEGREE, Q_DEGREE = 9.02, 6, 3


def fit():
    x = SATURATION * (1 - np.cos(np.linspace(0, np.pi / 2, 20000)))
    x[0] = 1e-6
    g = np.array([float(mpmath.tanh(v) / v) for v in map(mpmath.mpf, x)])  # tanh x / x as a function of t = x²
    u = (x / SATURATION) ** 2  # scaled so the monomials stay well conditioned
    weights, q_previous = np.ones_like(x), np.ones_like(x)
    for _ in range(200):
        columns = [u**k for k in range(P_DEGREE + 1)] + [-g * u**k for k in range(1, Q_DEGREE + 1)]
        scale = np.sqrt(weights) / (g * q_previous)
        solution = np.linalg.lstsq(np.stack(columns, 1) * scale[:, None], g * scale, rcond=None)[0]
        p = np.polyval(solution[P_DEGREE::-1], u)
        q_previous = 1 + u * np.polyval(solution[:P_DEGREE:-1], u)
        error = p / q_previous / g - 1
        weights = np.maximum(weights * np.abs(error) / np.sum(weights * np.abs(error)), 1e-16)
    print(f"relative error in exact arithmetic: {np.abs(error).max():.2e}")
    p = [solution[k] / SATURATION ** (2 * k) for k in range(P_DEGREE + 1)]
    q = [1.0] + [solution[P_DEGREE + k] / SATURATION ** (2 * k) for k in range(1, Q_DEGREE + 1)]
    return [np.float32(c) for c in p], [np.float32(c) for c in q]


def fma(a, b, c):
    return (a.astype(np.float64) * b + c).astype(np.float32)  # a float32 product is exact in float64


def tanh_float32(x, p, q):
    f = lambda c: np.full_like(x, c)
    x = np.clip(x, np.float32(-SATURATION), np.float32(SATURATION))
    t = x * x
    t2 = t * t
    p01, p23, p45 = fma(f(p[1]), t, f(p[0])), fma(f(p[3]), t, f(p[2])), fma(f(p[5]), t, f(p[4]))
    # x·P as x·p01 + (x t²)·R, R = p23 + t² (p45 + t² p6): TanhCore's order (no multiplication by x after P).
    r = fma(fma(f(p[6]), t2, p45), t2, p23)
    xp = fma(x * t2, r, x * p01)
    qt = fma(fma(f(q[3]), t, f(q[2])), t2, fma(f(q[1]), t, f(q[0])))
    return xp / qt


def worst_ulps(p, q):
    worst = 0.0
    bits = np.arange(np.float32(2**-20).view(np.int32), np.float32(16).view(np.int32), 7, dtype=np.int32)
    for chunk in np.array_split(bits, 40):
        x = chunk.view(np.float32)
        exact = np.tanh(x.astype(np.float64))
        ulp = np.spacing(exact.astype(np.float32)).astype(np.float64)
        worst = max(worst, float((np.abs(tanh_float32(x, p, q) - exact) / ulp).max()))
    return worst


if __name__ == "__main__":
    p, q = fit()
    print("P:", ", ".join(str(c) + "f" for c in p))  # shortest float32 round-trip
    print("Q:", ", ".join(str(c) + "f" for c in q))
    print(f"worst float32 error on every 7th float in [2^-20, 16]: {worst_ulps(p, q):.2f} ulps")
