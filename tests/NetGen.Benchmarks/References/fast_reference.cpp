// A second C++ reference, written for speed rather than brevity: the small workloads (xor, iris, digits) of
// docs/benchmarks.md with hand-written AVX-512 kernels, every size a compile-time constant, weights laid out for
// the kernels, no allocation and no virtual calls in a step. Same semantics (PyTorch 1.13), same command line and
// JSON lines as eigen_reference.cpp, so the same tooling runs it. See fast_reference.md.
// Without AVX-512 it builds an AVX2 + FMA path (8 lanes, 16 registers): the same algorithms. What does not depend on
// the vector width (the MLP struct, exp/log/tanh, the dense and input-gradient tiles) is written once; the kernels that
// do stand beside the AVX-512 ones (#if FAST_AVX512), which stay as they were.
// Build: g++ -O3 -march=native -std=c++17 -Wall fast_reference.cpp -o fast_reference   (needs AVX-512F/VL or AVX2+FMA)
// Run:   fast_reference verify <weights dir> [data dir]     first 20 training losses from NetGen's starting weights
//        fast_reference protocol <weights dir> [data dir]   every metric, one JSON line each (the shared protocol)
//        fast_reference check <weights dir> [data dir]      extra outputs (predict logits, batch-1 losses) to compare
#if defined(__AVX512F__) && defined(__AVX512VL__)
#define FAST_AVX512 1
// gcc 12's avx512fintrin.h builds _mm512_undefined_ps() as `__m512 __Y = __Y;`, which -Wall reports as
// uninitialized wherever max/min/getexp/... get inlined (a known false positive of the header, not of this code).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#elif defined(__AVX2__) && defined(__FMA__)
#define FAST_AVX512 0
#else
#error "fast_reference needs AVX-512F and AVX-512VL, or AVX2 and FMA (build with -march=native)"
#endif
#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <numeric>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#define INLINE inline __attribute__((always_inline))

// Floats in one of Adam's vectors (the tools that include this file count them).
constexpr int VectorFloats = FAST_AVX512 ? 16 : 8;

// ---- Vector math: 16 lanes (__m512) with AVX-512, 8 lanes (__m256) with AVX2 + FMA, and 4 lanes (__m128, xor's
// hidden layer) on both -------------------------------------------------------------------------------------------
// One set of overloads so exp/log/tanh are written once. AVX-512VL gives the 128-bit forms of getexp/scalef; AVX2
// has neither, so there exp builds 2^n and log splits x from the bits (the same polynomials).
#if FAST_AVX512
INLINE __m512 vset(__m512, float a) { return _mm512_set1_ps(a); }
INLINE __m512 vadd(__m512 a, __m512 b) { return _mm512_add_ps(a, b); }
INLINE __m512 vsub(__m512 a, __m512 b) { return _mm512_sub_ps(a, b); }
INLINE __m512 vmul(__m512 a, __m512 b) { return _mm512_mul_ps(a, b); }
INLINE __m512 vdiv(__m512 a, __m512 b) { return _mm512_div_ps(a, b); }
INLINE __m512 vfma(__m512 a, __m512 b, __m512 c) { return _mm512_fmadd_ps(a, b, c); }
INLINE __m512 vfnma(__m512 a, __m512 b, __m512 c) { return _mm512_fnmadd_ps(a, b, c); }
INLINE __m512 vmin(__m512 a, __m512 b) { return _mm512_min_ps(a, b); }
INLINE __m512 vmax(__m512 a, __m512 b) { return _mm512_max_ps(a, b); }
INLINE __m512 vround(__m512 a) { return _mm512_roundscale_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
INLINE __m128 vround(__m128 a) { return _mm_roundscale_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
INLINE __m512 vscalef(__m512 a, __m512 n) { return _mm512_scalef_ps(a, n); }
INLINE __m128 vscalef(__m128 a, __m128 n) { return _mm_scalef_ps(a, n); }
INLINE __m512 vgetexp(__m512 a) { return _mm512_getexp_ps(a); }
INLINE __m128 vgetexp(__m128 a) { return _mm_getexp_ps(a); }
// The kernels' loads, stores and broadcasts, and the ReLU gradient's mask: s where a > 0, else 0.
INLINE __m512 vload(const float* p) { return _mm512_load_ps(p); }
INLINE void vstore(float* p, __m512 a) { _mm512_store_ps(p, a); }
INLINE __m512 vzero() { return _mm512_setzero_ps(); }
INLINE __m512 vbroadcast(float a) { return _mm512_set1_ps(a); }
INLINE __m512 vwherePositive(__m512 a, __m512 s) { return _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(a, _mm512_setzero_ps(), _CMP_GT_OQ), s); }
using Vector = __m512;
#else
INLINE __m256 vset(__m256, float a) { return _mm256_set1_ps(a); }
INLINE __m256 vadd(__m256 a, __m256 b) { return _mm256_add_ps(a, b); }
INLINE __m256 vsub(__m256 a, __m256 b) { return _mm256_sub_ps(a, b); }
INLINE __m256 vmul(__m256 a, __m256 b) { return _mm256_mul_ps(a, b); }
INLINE __m256 vdiv(__m256 a, __m256 b) { return _mm256_div_ps(a, b); }
INLINE __m256 vfma(__m256 a, __m256 b, __m256 c) { return _mm256_fmadd_ps(a, b, c); }
INLINE __m256 vfnma(__m256 a, __m256 b, __m256 c) { return _mm256_fnmadd_ps(a, b, c); }
INLINE __m256 vmin(__m256 a, __m256 b) { return _mm256_min_ps(a, b); }
INLINE __m256 vmax(__m256 a, __m256 b) { return _mm256_max_ps(a, b); }
INLINE __m256 vand(__m256 a, __m256 b) { return _mm256_and_ps(a, b); }
INLINE __m128 vand(__m128 a, __m128 b) { return _mm_and_ps(a, b); }
INLINE __m256 vless(__m256 a, __m256 b) { return _mm256_cmp_ps(a, b, _CMP_LT_OQ); }
INLINE __m128 vless(__m128 a, __m128 b) { return _mm_cmp_ps(a, b, _CMP_LT_OQ); }
INLINE __m256 vblend(__m256 a, __m256 b, __m256 mask) { return _mm256_blendv_ps(a, b, mask); }
INLINE __m128 vblend(__m128 a, __m128 b, __m128 mask) { return _mm_blendv_ps(a, b, mask); }
INLINE __m256 vround(__m256 a) { return _mm256_round_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
INLINE __m128 vround(__m128 a) { return _mm_round_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
INLINE __m256 vload(const float* p) { return _mm256_load_ps(p); }
INLINE void vstore(float* p, __m256 a) { _mm256_store_ps(p, a); }
INLINE __m256 vzero() { return _mm256_setzero_ps(); }
INLINE __m256 vbroadcast(float a) { return _mm256_set1_ps(a); }
INLINE __m256 vwherePositive(__m256 a, __m256 s) { return _mm256_and_ps(_mm256_cmp_ps(a, _mm256_setzero_ps(), _CMP_GT_OQ), s); }
using Vector = __m256;
#endif
INLINE __m128 vset(__m128, float a) { return _mm_set1_ps(a); }
INLINE __m128 vadd(__m128 a, __m128 b) { return _mm_add_ps(a, b); }
INLINE __m128 vsub(__m128 a, __m128 b) { return _mm_sub_ps(a, b); }
INLINE __m128 vmul(__m128 a, __m128 b) { return _mm_mul_ps(a, b); }
INLINE __m128 vdiv(__m128 a, __m128 b) { return _mm_div_ps(a, b); }
INLINE __m128 vfma(__m128 a, __m128 b, __m128 c) { return _mm_fmadd_ps(a, b, c); }
INLINE __m128 vfnma(__m128 a, __m128 b, __m128 c) { return _mm_fnmadd_ps(a, b, c); }
INLINE __m128 vmin(__m128 a, __m128 b) { return _mm_min_ps(a, b); }
INLINE __m128 vmax(__m128 a, __m128 b) { return _mm_max_ps(a, b); }
template <class V> INLINE V vfma(V a, float b, float c) { return vfma(a, vset(a, b), vset(a, c)); }

#if FAST_AVX512
// exp's last step, (1 + r + r^2·y)·2^n: scalef does the 2^n scaling, including the overflow and gradual-underflow
// cases, without integer tricks.
template <class V> struct ExpScale {
    V n;
    INLINE explicit ExpScale(V n_) : n(n_) {}
    INLINE V operator()(V y, V r, V r2) const { return vscalef(vfma(y, r2, vadd(r, vset(r, 1.f))), n); }
};

// log's split of x > 0 (normal or denormal) into e and the mantissa f + 1 in [sqrt(1/2), sqrt(2)), returning f:
// getexp/scalef split x without integer bit tricks; scaling by the same e keeps the split consistent.
template <class V> INLINE V logSplit(V x, V& e) {
    e = vgetexp(vmul(x, vset(x, 1.41421356237f)));
    return vsub(vscalef(x, vsub(vset(x, 0.f), e)), vset(x, 1.f));
}
#else
// 2^(n >> 1) and 2^(n - (n >> 1)) for an integral n in [-150, 128]: two normal powers of two whose product is 2^n
// (2^n alone is subnormal below -126, unrepresentable at -150 and 128), built in the exponent field.
INLINE void halfPowers(__m256 n, __m256& low, __m256& high) {
    __m256i k = _mm256_cvtps_epi32(n), k1 = _mm256_srai_epi32(k, 1), bias = _mm256_set1_epi32(127);
    low = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(k1, bias), 23));
    high = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(_mm256_sub_epi32(k, k1), bias), 23));
}
INLINE void halfPowers(__m128 n, __m128& low, __m128& high) {
    __m128i k = _mm_cvtps_epi32(n), k1 = _mm_srai_epi32(k, 1), bias = _mm_set1_epi32(127);
    low = _mm_castsi128_ps(_mm_slli_epi32(_mm_add_epi32(k1, bias), 23));
    high = _mm_castsi128_ps(_mm_slli_epi32(_mm_add_epi32(_mm_sub_epi32(k, k1), bias), 23));
}
// x = 2^e·z with z in [sqrt(1/2), sqrt(2)), for a normal x > 0, from the bits: subtracting sqrt(1/2)'s bits puts the
// boundary at an exponent step (as ARM's optimized-routines logf). z - 1 is then exact.
INLINE __m256 splitExponent(__m256 x, __m256& e) {
    __m256i bits = _mm256_castps_si256(x), offset = _mm256_sub_epi32(bits, _mm256_set1_epi32(0x3F3504F3));
    e = _mm256_cvtepi32_ps(_mm256_srai_epi32(offset, 23));
    return _mm256_castsi256_ps(_mm256_sub_epi32(bits, _mm256_and_si256(offset, _mm256_set1_epi32((int)0xFF800000u))));
}
INLINE __m128 splitExponent(__m128 x, __m128& e) {
    __m128i bits = _mm_castps_si128(x), offset = _mm_sub_epi32(bits, _mm_set1_epi32(0x3F3504F3));
    e = _mm_cvtepi32_ps(_mm_srai_epi32(offset, 23));
    return _mm_castsi128_ps(_mm_sub_epi32(bits, _mm_and_si128(offset, _mm_set1_epi32((int)0xFF800000u))));
}

// exp's last step, (1 + r + r^2·y)·2^n: 2^n is two factors (halfPowers); the first goes into the last FMA's operands
// (exact power-of-two products), so one multiply follows the polynomial, as scalef does, and a subnormal result
// (n < -126) is rounded once, by that multiply.
template <class V> struct ExpScale {
    V low, high;
    INLINE explicit ExpScale(V n) { halfPowers(n, low, high); }
    INLINE V operator()(V y, V r, V r2) const { return vmul(vfma(y, vmul(r2, low), vmul(vadd(r, vset(r, 1.f)), low)), high); }
};

// log's split of x > 0 (normal or denormal) into e and the mantissa f + 1 in [sqrt(1/2), sqrt(2)), returning f:
// a denormal x is multiplied by 2^23 first (exact) and 23 taken off its exponent.
template <class V> INLINE V logSplit(V x, V& e) {
    V denormal = vless(x, vset(x, 0x1p-126f));
    V f = vsub(splitExponent(vblend(x, vmul(x, vset(x, 0x1p23f)), denormal), e), vset(x, 1.f));
    e = vsub(e, vand(denormal, vset(x, 23.f)));
    return f;
}
#endif

// exp: Cephes' degree-6 polynomial on x - n ln2 (about 1 ulp), then ExpScale. The clamps keep -inf from making NaN
// (exp(-104) rounds to 0) and n within [-150, 128].
template <class V> INLINE V vexp(V x) {
    x = vmin(vmax(x, vset(x, -104.f)), vset(x, 88.72f));
    V n = vround(vmul(x, vset(x, 1.44269504088896341f)));
    ExpScale<V> scale(n);
    V r = vfnma(n, vset(x, 0.693359375f), x);
    r = vfnma(n, vset(x, -2.12194440e-4f), r);
    // Estrin's scheme (pairs, then powers of r^2) rather than Horner: 3 dependent FMAs instead of 6, which is
    // what a dependent call (predict_1_dep, the training chain) waits on.
    V r2 = vmul(r, r), r4 = vmul(r2, r2);
    V c01 = vfma(r, 1.6666665459e-1f, 5.0000001201e-1f);
    V c23 = vfma(r, 8.3334519073e-3f, 4.1665795894e-2f);
    V c45 = vfma(r, 1.9875691500e-4f, 1.3981999507e-3f);
    V y = vfma(c45, r4, vfma(c23, r2, c01));
    return scale(y, r, r2);
}

// log for x > 0 (normal or denormal): Cephes' logf polynomial on the mantissa scaled into [sqrt(1/2), sqrt(2)).
template <class V> INLINE V vlog(V x) {
    V e, f = logSplit(x, e);
    V z = vmul(f, f);
    V y = vfma(f, 7.0376836292e-2f, -1.1514610310e-1f);
    y = vfma(y, f, vset(x, 1.1676998740e-1f));
    y = vfma(y, f, vset(x, -1.2420140846e-1f));
    y = vfma(y, f, vset(x, 1.4249322787e-1f));
    y = vfma(y, f, vset(x, -1.6668057665e-1f));
    y = vfma(y, f, vset(x, 2.0000714765e-1f));
    y = vfma(y, f, vset(x, -2.4999993993e-1f));
    y = vfma(y, f, vset(x, 3.3333331174e-1f));
    y = vmul(vmul(y, f), z);
    y = vfma(e, vset(x, -2.12194440e-4f), y);
    y = vfma(z, vset(x, -0.5f), y);
    return vfma(e, vset(x, 0.693359375f), vadd(f, y));
}

// tanh: the odd/even rational approximation Eigen and XLA use (13/6 degrees, clamped at +-7.905, where it
// rounds to +-1). One division and no exp, so a shorter dependency chain than (e^2x - 1) / (e^2x + 1).
template <class V> INLINE V vtanh(V x) {
    x = vmin(vmax(x, vset(x, -7.90531110763549805f)), vset(x, 7.90531110763549805f));
    // Numerator and denominator by Estrin's scheme in x^2 (x^4, x^8 in parallel): 3-4 dependent FMAs, not 6.
    V x2 = vmul(x, x), x4 = vmul(x2, x2), x8 = vmul(x4, x4);
    V p01 = vfma(x2, 6.37261928875436e-04f, 4.89352455891786e-03f);
    V p23 = vfma(x2, 5.12229709037114e-08f, 1.48572235717979e-05f);
    V p45 = vfma(x2, 2.00018790482477e-13f, -8.60467152213735e-11f);
    V p6 = vset(x, -2.76076847742355e-16f);
    V p = vfma(vfma(p6, x4, p45), x8, vfma(p23, x4, p01));
    p = vmul(p, x);
    V q01 = vfma(x2, 2.26843463243900e-03f, 4.89352518554385e-03f);
    V q23 = vfma(x2, 1.19825839466702e-06f, 1.18534705686654e-04f);
    V q = vfma(q23, x4, q01);
    return vdiv(p, q);
}

// ---- Adam ---------------------------------------------------------------------------------------------------
// Bias corrections precomputed per step, in double as PyTorch does (beta ** step in Python floats): the
// timing protocol restarts every 1000 steps, so a table replaces two pow() calls per step (~100 ns of a
// sub-microsecond step). Past the table it falls back to pow.
struct AdamSchedule {
    static constexpr int Steps = 1024;
    double lr;
    float stepSize[Steps + 1], inverseBias2Sqrt[Steps + 1];
    explicit AdamSchedule(double lr_) : lr(lr_) {
        for (int t = 1; t <= Steps; t++) set(t, stepSize[t], inverseBias2Sqrt[t]);
    }
    void set(long t, float& step, float& inverse) const {
        step = (float)(lr / (1.0 - std::pow(0.9, (double)t)));
        inverse = (float)(1.0 / std::sqrt(1.0 - std::pow(0.999, (double)t)));
    }
    void at(long t, float& step, float& inverse) const {
        if (t <= Steps) { step = stepSize[t]; inverse = inverseBias2Sqrt[t]; }
        else set(t, step, inverse);
    }
};

#if FAST_AVX512
// Adam applied to one 16-lane gradient vector straight from the gradient kernel's accumulators ("fused"):
// no gradient array is written or read back, and the sqrt/div (divider-bound on Zen 4) overlap the FMAs
// of the gradient tiles around them instead of running as a separate pass. Padding lanes have zero
// gradient and stay zero.  m = 0.9 m + 0.1 g;  v = 0.999 v + 0.001 g^2;  p -= step * m / (sqrt(v) / sqrt(bc2) + eps).
// Dividing by sqrt(bc2) is a multiplication by its reciprocal here (at most 1 ulp from PyTorch's division);
// sqrt and m / denominator are IEEE (correctly rounded), as in PyTorch.
//
// First moments that decayed into subnormals (a dead unit's gradient stays 0, m shrinks by 0.9 a step) make every
// operation on them a microcode assist on Intel cores (~150 cycles each). A vector holding one takes nearZero(): the
// same bits without subnormal arithmetic where that can be proven (as NetGen's AdamNearZero.cs does for its own order
// of operations): 0.9·m of a subnormal m exactly on the integers (in double), and p kept where step·(m / d) is below
// half an ulp of p. `check` compares it with the plain arithmetic bit for bit.
// An IEEE square root on the multiply-add units (as NetGen's FmaSqrt.cs, there checked on every float): 1/sqrt(w) from
// vrsqrt14ps, a Newton step on s ~ sqrt(w) and h ~ 1/(2 sqrt(w)), then s + (w - s^2) h, with w = v 2^64 so the remainder
// stays normal; v outside [0, 2^64) takes vsqrtps.
static INLINE __m512 fmaSqrt(__m512 v) {
    if (_mm512_cmpge_epu32_mask(_mm512_castps_si512(v), _mm512_set1_epi32((127 + 64) << 23))) return _mm512_sqrt_ps(v);
    __m512 w = _mm512_mul_ps(v, _mm512_set1_ps(0x1p64f)), half = _mm512_set1_ps(0.5f);
    __m512 y = _mm512_rsqrt14_ps(_mm512_max_ps(w, _mm512_set1_ps(0x1p-86f)));
    __m512 s = _mm512_mul_ps(w, y), h = _mm512_mul_ps(y, half);
    __m512 r = _mm512_fnmadd_ps(s, h, half);
    s = _mm512_fmadd_ps(s, r, s);
    h = _mm512_fmadd_ps(h, r, h);
    return _mm512_mul_ps(_mm512_fmadd_ps(_mm512_fnmadd_ps(s, s, w), h, s), _mm512_set1_ps(0x1p-32f));
}

struct AdamUpdate {
    float *p, *m, *v;
    __m512 step, inverseBias2Sqrt;
    // Every other vector's root on the multiply-adds (fmaSqrt), the divider left the division alone for it: a batch-1
    // step, a run of updates with little else to do (as NetGen's one-row step); batch steps overlap FMA-bound kernels.
    bool fmaRoots = false;
    static INLINE __mmask16 subnormal(__m512 x) {  // 0 < |x| < 2^-126, from the bits
        __m512i magnitude = _mm512_and_si512(_mm512_castps_si512(x), _mm512_set1_epi32(0x7FFFFFFF));
        return _mm512_cmplt_epu32_mask(_mm512_sub_epi32(magnitude, _mm512_set1_epi32(1)), _mm512_set1_epi32(0x007FFFFF));
    }
    INLINE void operator()(int j, __m512 g) const {
        __m512 mOld = _mm512_load_ps(m + j);
        if (subnormal(mOld)) { nearZero(j, g, mOld); return; }
        plain(j, g, mOld);
    }
    INLINE void plain(int j, __m512 g, __m512 mOld) const {
        __m512 mj = _mm512_fmadd_ps(_mm512_set1_ps(0.9f), mOld, _mm512_mul_ps(_mm512_set1_ps(0.1f), g));
        __m512 vj = _mm512_fmadd_ps(_mm512_set1_ps(0.999f), _mm512_load_ps(v + j), _mm512_mul_ps(_mm512_set1_ps(0.001f), _mm512_mul_ps(g, g)));
        _mm512_store_ps(m + j, mj);
        _mm512_store_ps(v + j, vj);
        __m512 root = fmaRoots && (j & 16) ? fmaSqrt(vj) : _mm512_sqrt_ps(vj);
        __m512 denominator = _mm512_fmadd_ps(root, inverseBias2Sqrt, _mm512_set1_ps(1e-8f));
        _mm512_store_ps(p + j, _mm512_fnmadd_ps(step, _mm512_div_ps(mj, denominator), _mm512_load_ps(p + j)));
    }
    // m = fma(0.9, m, 0.1·g) with g = ±0 is 0.9·m rounded (never 0: 0.9·k rounds to at least 1 for k ≥ 1, so no signed
    // zero to mind); k·0.9f is exact in double and cvtpd2dq rounds it to nearest even, as the float multiply rounds on the
    // subnormals' grid. Where the new m is subnormal, |m / d| ≤ 2^-126·(1 + 2^-23)/d + 2^-150 after rounding; with
    // |p|·d > step·2^-97 and |p| > 2^-100 (step < 1) step·that is below |p|·2^-27, under half the gap from p to either
    // neighbour, so the fused p - step·q rounds to p: those lanes keep p, computed with q = 0. Others take plain().
    __attribute__((noinline)) void nearZero(int j, __m512 g, __m512 mOld) const {
        __mmask16 sub = subnormal(mOld);
        __mmask16 zeroGradient = _mm512_cmpeq_epi32_mask(_mm512_and_si512(_mm512_castps_si512(g), _mm512_set1_epi32(0x7FFFFFFF)), _mm512_setzero_si512());
        if (sub & ~zeroGradient) { plain(j, g, mOld); return; }
        __m512i bits = _mm512_castps_si512(mOld);
        __m512i k = _mm512_and_si512(bits, _mm512_set1_epi32(0x007FFFFF));
        __m512d beta = _mm512_set1_pd((double)0.9f);
        __m256i low = _mm512_cvtpd_epi32(_mm512_mul_pd(_mm512_cvtepi32_pd(_mm512_castsi512_si256(k)), beta));
        __m256i high = _mm512_cvtpd_epi32(_mm512_mul_pd(_mm512_cvtepi32_pd(_mm512_extracti64x4_epi64(k, 1)), beta));
        __m512i decayed = _mm512_or_si512(_mm512_and_si512(bits, _mm512_set1_epi32(INT32_MIN)),
                                          _mm512_inserti64x4(_mm512_castsi256_si512(low), high, 1));
        __m512 others = _mm512_mask_blend_ps(sub, mOld, _mm512_setzero_ps());
        __m512 mj = _mm512_mask_blend_ps(sub, _mm512_fmadd_ps(_mm512_set1_ps(0.9f), others, _mm512_mul_ps(_mm512_set1_ps(0.1f), g)),
                                         _mm512_castsi512_ps(decayed));
        __m512 vj = _mm512_fmadd_ps(_mm512_set1_ps(0.999f), _mm512_load_ps(v + j), _mm512_mul_ps(_mm512_set1_ps(0.001f), _mm512_mul_ps(g, g)));
        _mm512_store_ps(m + j, mj);
        _mm512_store_ps(v + j, vj);
        __m512 denominator = _mm512_fmadd_ps(_mm512_sqrt_ps(vj), inverseBias2Sqrt, _mm512_set1_ps(1e-8f));
        __m512 pj = _mm512_load_ps(p + j);
        __mmask16 tiny = subnormal(mj);
        __m512 magnitude = _mm512_abs_ps(pj);
        __mmask16 keepsP = _mm512_cmp_ps_mask(magnitude, _mm512_set1_ps(0x1p-100f), _CMP_GT_OQ)
                         & _mm512_cmp_ps_mask(_mm512_mul_ps(magnitude, denominator), _mm512_mul_ps(step, _mm512_set1_ps(0x1p-97f)), _CMP_GT_OQ);
        __m512 q = (tiny & ~keepsP) ? _mm512_div_ps(mj, denominator) : _mm512_div_ps(_mm512_maskz_mov_ps(~tiny, mj), denominator);
        _mm512_store_ps(p + j, _mm512_fnmadd_ps(step, q, pj));
    }
};
#else
// AVX2: the same fused step on 8-lane vectors, and only the plain arithmetic. Zen's cores (where this path runs
// here) take subnormal operands and results at full speed (measured on Zen 1: the same time a vector with subnormal
// moments as with ordinary ones), so the near-zero special case above has nothing to save: every vector takes the
// formula itself, bits as PyTorch's by construction. `check` compares it with the scalar formula bit for bit.
// On Zen 1 the step is divider-bound and does not overlap the FMAs: a 256-bit sqrt and division take 8 cycles each,
// and beside a stream of FMAs they add 13 to 26 cycles (measured), so a step costs about 8.5 ns a vector fused here
// against 7.5 ns in a loop of its own. Tried and dropped: queueing the gradient vectors and stepping one between every
// 8 FMAs of the following kernels (slower: 1.74 -> 1.84 us iris b16, 35.3 -> 37.3 us digits b32), and a separate
// pass over a stored gradient (1-2 % faster, within the noise; fused stays, as the AVX-512 path).
struct AdamUpdate {
    float *p, *m, *v;
    __m256 step, inverseBias2Sqrt;
    INLINE void operator()(int j, __m256 g) const {
        __m256 mj = _mm256_fmadd_ps(_mm256_set1_ps(0.9f), _mm256_load_ps(m + j), _mm256_mul_ps(_mm256_set1_ps(0.1f), g));
        __m256 vj = _mm256_fmadd_ps(_mm256_set1_ps(0.999f), _mm256_load_ps(v + j), _mm256_mul_ps(_mm256_set1_ps(0.001f), _mm256_mul_ps(g, g)));
        _mm256_store_ps(m + j, mj);
        _mm256_store_ps(v + j, vj);
        __m256 denominator = _mm256_fmadd_ps(_mm256_sqrt_ps(vj), inverseBias2Sqrt, _mm256_set1_ps(1e-8f));
        _mm256_store_ps(p + j, _mm256_fnmadd_ps(step, _mm256_div_ps(mj, denominator), _mm256_load_ps(p + j)));
    }
};
#endif

// ---- xor: 2 -> 4 tanh -> 1 sigmoid, BCE, SGD lr 0.5, batch 1 ---------------------------------------------
// The whole network is five 4-lane registers' worth of state. The hidden layer is one 4-lane vector; the
// output dot product is reduced with the sum broadcast to every lane, so the output-side gradient multiplies
// the hidden vectors directly with no scalar round trip. The loss (a log) is off the weight-update chain.
struct XorNet {
    __m128 c0, c1, b1, w2, b2;     // W1 columns (hidden units in lanes), hidden bias, output weights, output bias (all lanes)
    __m128 start[5];
    float output = 0.f;            // last predicted probability

    void load(const float* w) {    // state_dict: W1 [4][2], b1 [4], W2 [1][4], b2 [1]
        start[0] = _mm_setr_ps(w[0], w[2], w[4], w[6]);
        start[1] = _mm_setr_ps(w[1], w[3], w[5], w[7]);
        start[2] = _mm_loadu_ps(w + 8);
        start[3] = _mm_loadu_ps(w + 12);
        start[4] = _mm_set1_ps(w[16]);
        reset();
    }
    void reset() { c0 = start[0]; c1 = start[1]; b1 = start[2]; w2 = start[3]; b2 = start[4]; }

    static INLINE __m128 hsumAll(__m128 a) {  // sum of the 4 lanes, in every lane
        a = _mm_add_ps(a, _mm_shuffle_ps(a, a, _MM_SHUFFLE(2, 3, 0, 1)));
        return _mm_add_ps(a, _mm_shuffle_ps(a, a, _MM_SHUFFLE(1, 0, 3, 2)));
    }
    INLINE __m128 hidden(const float* x, __m128& x0, __m128& x1) const {
        x0 = _mm_broadcast_ss(x);
        x1 = _mm_broadcast_ss(x + 1);
        return vtanh(_mm_fmadd_ps(x1, c1, _mm_fmadd_ps(x0, c0, b1)));
    }
    static INLINE __m128 sigmoid(__m128 z) { return _mm_div_ps(_mm_set1_ps(1.f), _mm_add_ps(_mm_set1_ps(1.f), vexp(_mm_sub_ps(_mm_setzero_ps(), z)))); }

    INLINE void predict(const float* x) {
        __m128 x0, x1, h = hidden(x, x0, x1);
        output = _mm_cvtss_f32(sigmoid(_mm_add_ps(hsumAll(_mm_mul_ps(w2, h)), b2)));
    }
    INLINE float train(const float* x, const int* label) {
        __m128 x0, x1, h = hidden(x, x0, x1);
        __m128 p = sigmoid(_mm_add_ps(hsumAll(_mm_mul_ps(w2, h)), b2));
        float t = (float)*label;
        // BCE fused with the sigmoid: dL/dz = p - t (batch 1, one output); times -lr for the SGD step.
        __m128 dz = _mm_sub_ps(p, _mm_set1_ps(t));
        __m128 da = _mm_mul_ps(_mm_mul_ps(dz, w2), _mm_fnmadd_ps(h, h, _mm_set1_ps(1.f)));  // through tanh, old w2
        const __m128 lr = _mm_set1_ps(0.5f);
        __m128 sdz = _mm_mul_ps(lr, dz), sda = _mm_mul_ps(lr, da);
        w2 = _mm_fnmadd_ps(sdz, h, w2);
        b2 = _mm_sub_ps(b2, sdz);
        c0 = _mm_fnmadd_ps(sda, x0, c0);
        c1 = _mm_fnmadd_ps(sda, x1, c1);
        b1 = _mm_sub_ps(b1, sda);
        // loss = -max(log(t ? p : 1 - p), -100); log(0) is -inf in PyTorch, clamped to -100.
        __m128 q = t != 0.f ? p : _mm_sub_ps(_mm_set1_ps(1.f), p);
        float qs = _mm_cvtss_f32(q);
        return qs > 0.f ? -std::max(_mm_cvtss_f32(vlog(q)), -100.f) : 100.f;
    }
};

// Floats padded to whole vectors; the largest power of two that divides n, at most `most`.
constexpr int padVector(int n) { return (n + VectorFloats - 1) / VectorFloats * VectorFloats; }
constexpr int pow2Divisor(int n, int most) { int k = 1; while (k * 2 <= most && n % (k * 2) == 0) k *= 2; return k; }

// Register tiles: TileAccumulators accumulators a tile (16 zmm of AVX-512's 32 registers, 8 ymm of AVX2's 16).
constexpr int TileAccumulators = FAST_AVX512 ? 16 : 8;

// y[r][c..c+NT) = act(b + sum_i x[r][i] * WT[i][c..c+NT)) for MR rows, NT vectors from column c; x rows have stride XS,
// WT and y rows stride WS floats.
template <int MR, int NT, int IN, int XS, int WS, bool Relu>
INLINE void denseTile(const float* __restrict x, const float* __restrict wt, const float* __restrict b, float* __restrict y) {
    constexpr int KS = pow2Divisor(IN, std::min(8, std::max(1, TileAccumulators / (MR * NT))));
    Vector acc[KS][MR][NT];
#pragma GCC unroll 64
    for (int k = 0; k < KS; k++)
#pragma GCC unroll 64
        for (int r = 0; r < MR; r++)
#pragma GCC unroll 64
            for (int v = 0; v < NT; v++) acc[k][r][v] = k == 0 ? vload(b + VectorFloats * v) : vzero();
#pragma GCC unroll 4
    for (int i = 0; i < IN; i += KS) {
#pragma GCC unroll 64
        for (int k = 0; k < KS; k++) {
            Vector w[NT];
#pragma GCC unroll 64
            for (int v = 0; v < NT; v++) w[v] = vload(wt + (i + k) * WS + VectorFloats * v);
#pragma GCC unroll 64
            for (int r = 0; r < MR; r++) {
                Vector xb = vbroadcast(x[r * XS + i + k]);
#pragma GCC unroll 64
                for (int v = 0; v < NT; v++) acc[k][r][v] = vfma(xb, w[v], acc[k][r][v]);
            }
        }
    }
#pragma GCC unroll 64
    for (int r = 0; r < MR; r++)
#pragma GCC unroll 64
        for (int v = 0; v < NT; v++) {
            Vector s = acc[0][r][v];
#pragma GCC unroll 64
            for (int k = 1; k < KS; k++) s = vadd(s, acc[k][r][v]);
            if (Relu) s = vmax(s, vzero());
            vstore(y + r * WS + VectorFloats * v, s);
        }
}

// dx[r][:] = (sum_o dz(r, o) * W[o][:]) masked by relu'(a) = (a > 0), a being the layer's (post-ReLU) input, for MR
// rows and NT vectors. dz(r, o) is at dz[r * RS + o * CS]: [batch][out] rows, or the loss's transposed [out][batch]
// block. W rows, a and dx rows have stride WS floats.
template <int MR, int NT, int OUT, int RS, int CS, int WS>
INLINE void inputGradientTile(const float* __restrict dz, const float* __restrict w, const float* __restrict a, float* __restrict dx) {
    constexpr int KS = pow2Divisor(OUT, std::min(8, std::max(1, TileAccumulators / (MR * NT))));
    Vector acc[KS][MR][NT];
#pragma GCC unroll 64
    for (int k = 0; k < KS; k++)
#pragma GCC unroll 64
        for (int r = 0; r < MR; r++)
#pragma GCC unroll 64
            for (int v = 0; v < NT; v++) acc[k][r][v] = vzero();
#pragma GCC unroll 4
    for (int o = 0; o < OUT; o += KS) {
#pragma GCC unroll 64
        for (int k = 0; k < KS; k++) {
            Vector wv[NT];
#pragma GCC unroll 64
            for (int v = 0; v < NT; v++) wv[v] = vload(w + (o + k) * WS + VectorFloats * v);
#pragma GCC unroll 64
            for (int r = 0; r < MR; r++) {
                Vector db = vbroadcast(dz[r * RS + (o + k) * CS]);
#pragma GCC unroll 64
                for (int v = 0; v < NT; v++) acc[k][r][v] = vfma(db, wv[v], acc[k][r][v]);
            }
        }
    }
#pragma GCC unroll 64
    for (int r = 0; r < MR; r++)
#pragma GCC unroll 64
        for (int v = 0; v < NT; v++) {
            Vector s = acc[0][r][v];
#pragma GCC unroll 64
            for (int k = 1; k < KS; k++) s = vadd(s, acc[k][r][v]);
            vstore(dx + r * WS + VectorFloats * v, vwherePositive(vload(a + r * WS + VectorFloats * v), s));
        }
}

#if FAST_AVX512
// ---- A three-layer ReLU MLP with softmax cross-entropy and Adam (iris, digits) ------------------------------
// Layout choices (all sizes compile-time):
// - Activations are [batch][features] rows, features in lanes (16-float multiples for hidden layers).
// - Every weight matrix is stored transposed, WT [in][out] (outputs in lanes): the forward pass is then
//   y_row += x[b][i] * WT[i][:] with x broadcast from memory (an FMA with an embedded broadcast), and the
//   weight gradient dWT[i][:] = sum_b x[b][i] * dz[b][:] comes out in the same layout, so Adam needs no
//   transpose. The input gradient needs the other layout (dx[b][:] = sum_o dz[b][o] * W[o][:]), so layers 2
//   and 3 also keep a row-major copy W [out][in], refreshed after each step by 16x16 register transposes.
// - Parameters and both Adam moments are each one contiguous block in this layout (same offsets); there is no
//   gradient array: each gradient vector is handed from the kernel's accumulators to AdamUpdate.
// - The logits layer is the exception: its master weights are row-major W3 [OUT][H2] (unpadded), and the
//   per-sample forward uses a transposed, 16-padded copy WT3. Batched training computes the logits with
//   samples in lanes instead (logitsLanes), so the softmax, its gradient and the W3 gradient never touch padding.
// - Register tiles: MR samples x NV 16-lane vectors of accumulators (~16 zmm); for batch 1, where a tile has
//   too few accumulators to hide the FMA latency, the reduction is split into KS independent partial sums.

template <int B, int IN, int XS, int OUTP, bool Relu>
INLINE void denseForward(const float* x, const float* wt, const float* b, float* y) {
    constexpr int NV = OUTP / 16, MR = std::min(B, std::max(1, 16 / NV));
    static_assert(B % MR == 0, "batch must be a multiple of the row tile");
    for (int r = 0; r < B; r += MR) denseTile<MR, NV, IN, XS, OUTP, Relu>(x + r * XS, wt, b, y + r * OUTP);
}

// dWT[i][:] = sum_b x[b][i] * dz[b][:], db = sum_b dz[b]: MI weight rows at a time, dz rows loaded once per sample.
// Each finished gradient vector goes to `apply` (offsets wt, b in the parameter block), i.e. straight into Adam.
template <int B, int IN, int XS, int OUTP, class Apply>
INLINE void weightGradient(const float* __restrict x, const float* __restrict dz, int wt, int bias, const Apply& apply) {
    constexpr int NV = OUTP / 16, MI = pow2Divisor(IN, std::max(1, 16 / NV));
    for (int i0 = 0; i0 < IN; i0 += MI) {
        __m512 acc[MI][NV];
#pragma GCC unroll 64
        for (int r = 0; r < MI; r++)
#pragma GCC unroll 64
            for (int v = 0; v < NV; v++) acc[r][v] = _mm512_setzero_ps();
#pragma GCC unroll 4
        for (int b = 0; b < B; b++) {
            __m512 d[NV];
#pragma GCC unroll 64
            for (int v = 0; v < NV; v++) d[v] = _mm512_load_ps(dz + b * OUTP + 16 * v);
#pragma GCC unroll 64
            for (int r = 0; r < MI; r++) {
                __m512 xb = _mm512_set1_ps(x[b * XS + i0 + r]);
#pragma GCC unroll 64
                for (int v = 0; v < NV; v++) acc[r][v] = _mm512_fmadd_ps(xb, d[v], acc[r][v]);
            }
        }
#pragma GCC unroll 64
        for (int r = 0; r < MI; r++)
#pragma GCC unroll 64
            for (int v = 0; v < NV; v++) apply(wt + (i0 + r) * OUTP + 16 * v, acc[r][v]);
    }
#pragma GCC unroll 64
    for (int v = 0; v < NV; v++) {
        __m512 s = _mm512_setzero_ps();
        for (int b = 0; b < B; b++) s = _mm512_add_ps(s, _mm512_load_ps(dz + b * OUTP + 16 * v));
        apply(bias + 16 * v, s);
    }
}

template <int B, int OUT, int RS, int CS, int INP>
INLINE void inputGradient(const float* dz, const float* w, const float* a, float* dx) {
    constexpr int NV = INP / 16, MR = std::min(B, std::max(1, 16 / NV));
    for (int r = 0; r < B; r += MR) inputGradientTile<MR, NV, OUT, RS, CS, INP>(dz + r * RS, w, a + r * INP, dx + r * INP);
}

// The logits layer's gradient in row-major form, dW[o][:] = sum_b dz(b, o) * a[b][:], db[o] = sum_b dz(b, o):
// OUT x B vector FMAs instead of IN x B with 16-lane padded outputs (iris: 48 instead of 256 at batch 16).
// The sum over samples is split into KS partial sums so a few accumulators do not serialize on FMA latency.
template <int B, int OUT, int INP, int RS, int CS, class Apply>
INLINE void weightGradientRowMajor(const float* __restrict a, const float* __restrict dz, int w, int bias, const Apply& apply) {
    constexpr int NV = INP / 16, KS = pow2Divisor(B, std::max(1, std::min(8, 16 / (OUT * NV))));
    __m512 acc[KS][OUT][NV];
#pragma GCC unroll 64
    for (int k = 0; k < KS; k++)
#pragma GCC unroll 64
        for (int o = 0; o < OUT; o++)
#pragma GCC unroll 64
            for (int v = 0; v < NV; v++) acc[k][o][v] = _mm512_setzero_ps();
#pragma GCC unroll 2
    for (int b = 0; b < B; b += KS)
#pragma GCC unroll 64
        for (int k = 0; k < KS; k++) {
            __m512 av[NV];
#pragma GCC unroll 64
            for (int v = 0; v < NV; v++) av[v] = _mm512_load_ps(a + (b + k) * INP + 16 * v);
#pragma GCC unroll 64
            for (int o = 0; o < OUT; o++) {
                __m512 d = _mm512_set1_ps(dz[(b + k) * RS + o * CS]);
#pragma GCC unroll 64
                for (int v = 0; v < NV; v++) acc[k][o][v] = _mm512_fmadd_ps(d, av[v], acc[k][o][v]);
            }
        }
    alignas(64) float gb[16] = {};
#pragma GCC unroll 64
    for (int o = 0; o < OUT; o++) {
#pragma GCC unroll 64
        for (int v = 0; v < NV; v++) {
            __m512 s = acc[0][o][v];
#pragma GCC unroll 64
            for (int k = 1; k < KS; k++) s = _mm512_add_ps(s, acc[k][o][v]);
            apply(w + o * INP + 16 * v, s);
        }
        if constexpr (RS == 1 && B % 16 == 0) {  // samples in lanes: vector adds, one reduction
            __m512 t = _mm512_setzero_ps();
            for (int b = 0; b < B; b += 16) t = _mm512_add_ps(t, _mm512_loadu_ps(dz + o * CS + b));
            gb[o] = _mm512_reduce_add_ps(t);
        } else {
            float sum = 0.f;
            for (int b = 0; b < B; b++) sum += dz[b * RS + o * CS];
            gb[o] = sum;
        }
    }
    apply(bias, _mm512_load_ps(gb));
}

// 16x16 transpose in registers (unpack ps, unpack pd, two 128-bit lane shuffles: 64 shuffles for 256 floats).
// Source rows past ROWS are taken as zeros (the logits layer has OUT < 16 rows).
template <int ROWS = 16>
INLINE void transposeBlock(const float* src, int srcStride, float* dst, int dstStride) {
    __m512 r[16], t[16];
#pragma GCC unroll 16
    for (int i = 0; i < 16; i++) r[i] = i < ROWS ? _mm512_loadu_ps(src + i * srcStride) : _mm512_setzero_ps();
#pragma GCC unroll 8
    for (int i = 0; i < 16; i += 2) { t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]); t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]); }
#pragma GCC unroll 4
    for (int i = 0; i < 16; i += 4) {
        r[i] = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t[i]), _mm512_castps_pd(t[i + 2])));
        r[i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t[i]), _mm512_castps_pd(t[i + 2])));
        r[i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t[i + 1]), _mm512_castps_pd(t[i + 3])));
        r[i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t[i + 1]), _mm512_castps_pd(t[i + 3])));
    }
#pragma GCC unroll 2
    for (int h = 0; h < 16; h += 8)
#pragma GCC unroll 4
        for (int i = 0; i < 4; i++) {
            t[h + i] = _mm512_shuffle_f32x4(r[h + i], r[h + i + 4], 0x88);
            t[h + i + 4] = _mm512_shuffle_f32x4(r[h + i], r[h + i + 4], 0xdd);
        }
#pragma GCC unroll 8
    for (int i = 0; i < 8; i++) {
        r[i] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0x88);
        r[i + 8] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0xdd);
    }
#pragma GCC unroll 16
    for (int i = 0; i < 16; i++) _mm512_storeu_ps(dst + i * dstStride, r[i]);
}

// Logits with samples in lanes, zt[o][:] = b[o] + sum_i W[o][i] * at[i][:], from the transposed activations
// at [IN][B] and the row-major W [OUT][IN]: OUT x IN x B/16 FMAs, no padded outputs. KS partial sums over i.
template <int B, int OUT, int IN>
INLINE void logitsLanes(const float* __restrict at, const float* __restrict w, const float* __restrict bias, float* __restrict zt) {
    constexpr int NB = B / 16, KS = pow2Divisor(IN, std::max(1, std::min(4, 16 / (OUT * NB))));
    __m512 acc[KS][OUT][NB];
#pragma GCC unroll 64
    for (int k = 0; k < KS; k++)
#pragma GCC unroll 64
        for (int o = 0; o < OUT; o++)
#pragma GCC unroll 64
            for (int v = 0; v < NB; v++) acc[k][o][v] = k == 0 ? _mm512_set1_ps(bias[o]) : _mm512_setzero_ps();
#pragma GCC unroll 2
    for (int i = 0; i < IN; i += KS)
#pragma GCC unroll 64
        for (int k = 0; k < KS; k++) {
            __m512 a[NB];
#pragma GCC unroll 64
            for (int v = 0; v < NB; v++) a[v] = _mm512_load_ps(at + (i + k) * B + 16 * v);
#pragma GCC unroll 64
            for (int o = 0; o < OUT; o++) {
                __m512 wb = _mm512_set1_ps(w[o * IN + i + k]);
#pragma GCC unroll 64
                for (int v = 0; v < NB; v++) acc[k][o][v] = _mm512_fmadd_ps(wb, a[v], acc[k][o][v]);
            }
        }
#pragma GCC unroll 64
    for (int o = 0; o < OUT; o++)
#pragma GCC unroll 64
        for (int v = 0; v < NB; v++) {
            __m512 s = acc[0][o][v];
#pragma GCC unroll 64
            for (int k = 1; k < KS; k++) s = _mm512_add_ps(s, acc[k][o][v]);
            _mm512_store_ps(zt + o * B + 16 * v, s);
        }
}

#else
// ---- The same MLP's kernels on AVX2 + FMA: 8 lanes, 16 registers ----------------------------------------------
// The algorithms and layouts above, adapted:
// - rows are whole 8-float vectors (iris's 16 hidden units: two __m256 a row); the logits are padded to 8 (iris) or
//   16 (digits); the parameter block's offsets are multiples of 8.
// - A register tile holds at most 8 accumulators (16 with AVX-512's 32 registers): with 16 ymm that leaves room for
//   the weight vectors and the broadcast, and 8 chains cover the FMA latency (5 cycles, one 256-bit FMA a cycle on
//   Zen 1). Wide layers are tiled over output vectors as well as rows (at most 4 vectors a tile, so each broadcast
//   and each loaded vector serve at least two FMAs); one row (batch 1) takes all its vectors and KS partial sums.
// - Masks are compare results (and, blend); reductions are shuffle trees; transposes are 8x8 (vinsertf128 from
//   memory then in-lane shuffles: Zen 1's vperm2f128 is slow).
// - forward() of a batch of 8k takes the logits with samples in lanes too (as training does), then transposes them
//   back into padded rows: on 8 lanes the padded logits layer wasted 5 of 8 lanes for iris (forward_b16 435 -> 409 ns).
// On Zen 1 the kernels run at about 90 % of one 256-bit FMA a cycle; 12 accumulators and pairwise sums of the
// partial sums were tried and changed nothing measurable.
constexpr int largestDivisor(int n, int most) { int k = most < 1 ? 1 : most; while (n % k) k--; return k; }
// Output vectors in a tile of `rows` rows, out of NV.
constexpr int tileVectors(int rows, int nv) { return pow2Divisor(nv, rows == 1 ? 8 : 4); }

// Sum and maximum of 8 lanes; the sum in _mm512_reduce_add_ps's order past its first fold (halves, then pairs).
INLINE float hsum(__m256 a) {
    __m128 s = _mm_add_ps(_mm256_extractf128_ps(a, 1), _mm256_castps256_ps128(a));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
}
INLINE float hmax(__m256 a) {
    __m128 s = _mm_max_ps(_mm256_extractf128_ps(a, 1), _mm256_castps256_ps128(a));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_max_ss(s, _mm_movehdup_ps(s)));
}

template <int B, int IN, int XS, int OUTP, bool Relu>
INLINE void denseForward(const float* x, const float* wt, const float* b, float* y) {
    constexpr int NV = OUTP / 8, NT = tileVectors(B, NV), MR = pow2Divisor(B, std::max(1, TileAccumulators / NT));
    for (int c = 0; c < NV; c += NT)
        for (int r = 0; r < B; r += MR) denseTile<MR, NT, IN, XS, OUTP, Relu>(x + r * XS, wt + 8 * c, b + 8 * c, y + r * OUTP + 8 * c);
}

// dWT[i][:] = sum_b x[b][i] * dz[b][:], db = sum_b dz[b]: tiles of MI weight rows x NT vectors, dz loaded once per
// sample and tile. Each finished gradient vector goes to `apply` (offsets wt, b in the parameter block), i.e. into Adam.
template <int B, int IN, int XS, int OUTP, class Apply>
INLINE void weightGradient(const float* __restrict x, const float* __restrict dz, int wt, int bias, const Apply& apply) {
    constexpr int NV = OUTP / 8, NT = pow2Divisor(NV, 4), MI = pow2Divisor(IN, std::max(1, TileAccumulators / NT));
    for (int c = 0; c < NV; c += NT)
        for (int i0 = 0; i0 < IN; i0 += MI) {
            __m256 acc[MI][NT];
#pragma GCC unroll 64
            for (int r = 0; r < MI; r++)
#pragma GCC unroll 64
                for (int v = 0; v < NT; v++) acc[r][v] = _mm256_setzero_ps();
#pragma GCC unroll 4
            for (int b = 0; b < B; b++) {
                __m256 d[NT];
#pragma GCC unroll 64
                for (int v = 0; v < NT; v++) d[v] = _mm256_load_ps(dz + b * OUTP + 8 * (c + v));
#pragma GCC unroll 64
                for (int r = 0; r < MI; r++) {
                    __m256 xb = _mm256_set1_ps(x[b * XS + i0 + r]);
#pragma GCC unroll 64
                    for (int v = 0; v < NT; v++) acc[r][v] = _mm256_fmadd_ps(xb, d[v], acc[r][v]);
                }
            }
#pragma GCC unroll 64
            for (int r = 0; r < MI; r++)
#pragma GCC unroll 64
                for (int v = 0; v < NT; v++) apply(wt + (i0 + r) * OUTP + 8 * (c + v), acc[r][v]);
        }
#pragma GCC unroll 64
    for (int v = 0; v < NV; v++) {
        __m256 s = _mm256_setzero_ps();
        for (int b = 0; b < B; b++) s = _mm256_add_ps(s, _mm256_load_ps(dz + b * OUTP + 8 * v));
        apply(bias + 8 * v, s);
    }
}

template <int B, int OUT, int RS, int CS, int INP>
INLINE void inputGradient(const float* dz, const float* w, const float* a, float* dx) {
    constexpr int NV = INP / 8, NT = tileVectors(B, NV), MR = pow2Divisor(B, std::max(1, TileAccumulators / NT));
    for (int c = 0; c < NV; c += NT)
        for (int r = 0; r < B; r += MR)
            inputGradientTile<MR, NT, OUT, RS, CS, INP>(dz + r * RS, w + 8 * c, a + r * INP + 8 * c, dx + r * INP + 8 * c);
}

// The logits layer's gradient in row-major form, dW[o][:] = sum_b dz(b, o) * a[b][:], db[o] = sum_b dz(b, o), in
// blocks of OT outputs (a divisor of OUT; digits' 10 x 4 vectors would not fit the registers at once). The sum over
// samples is split into KS partial sums when the block leaves registers for them.
template <int B, int OUT, int INP, int RS, int CS, class Apply>
INLINE void weightGradientRowMajor(const float* __restrict a, const float* __restrict dz, int w, int bias, const Apply& apply) {
    constexpr int NV = INP / 8, OT = largestDivisor(OUT, std::max(1, TileAccumulators / NV));
    constexpr int KS = pow2Divisor(B, std::max(1, std::min(8, TileAccumulators / (OT * NV))));
    for (int o0 = 0; o0 < OUT; o0 += OT) {
        __m256 acc[KS][OT][NV];
#pragma GCC unroll 64
        for (int k = 0; k < KS; k++)
#pragma GCC unroll 64
            for (int o = 0; o < OT; o++)
#pragma GCC unroll 64
                for (int v = 0; v < NV; v++) acc[k][o][v] = _mm256_setzero_ps();
#pragma GCC unroll 2
        for (int b = 0; b < B; b += KS)
#pragma GCC unroll 64
            for (int k = 0; k < KS; k++) {
                __m256 av[NV];
#pragma GCC unroll 64
                for (int v = 0; v < NV; v++) av[v] = _mm256_load_ps(a + (b + k) * INP + 8 * v);
#pragma GCC unroll 64
                for (int o = 0; o < OT; o++) {
                    __m256 d = _mm256_set1_ps(dz[(b + k) * RS + (o0 + o) * CS]);
#pragma GCC unroll 64
                    for (int v = 0; v < NV; v++) acc[k][o][v] = _mm256_fmadd_ps(d, av[v], acc[k][o][v]);
                }
            }
#pragma GCC unroll 64
        for (int o = 0; o < OT; o++)
#pragma GCC unroll 64
            for (int v = 0; v < NV; v++) {
                __m256 s = acc[0][o][v];
#pragma GCC unroll 64
                for (int k = 1; k < KS; k++) s = _mm256_add_ps(s, acc[k][o][v]);
                apply(w + (o0 + o) * INP + 8 * v, s);
            }
    }
    alignas(32) float gb[padVector(OUT)] = {};
#pragma GCC unroll 64
    for (int o = 0; o < OUT; o++) {
        if constexpr (RS == 1 && B % 8 == 0) {  // samples in lanes: vector adds, one reduction
            __m256 t = _mm256_setzero_ps();
            for (int b = 0; b < B; b += 8) t = _mm256_add_ps(t, _mm256_loadu_ps(dz + o * CS + b));
            gb[o] = hsum(t);
        } else {
            float sum = 0.f;
            for (int b = 0; b < B; b++) sum += dz[b * RS + o * CS];
            gb[o] = sum;
        }
    }
    for (int v = 0; v < padVector(OUT); v += 8) apply(bias + v, _mm256_load_ps(gb + v));
}

// 8x8 transpose in registers: rows i and i+4 side by side in the two 128-bit halves (vinsertf128 from memory), then
// 4x4 transposes within the halves (unpack, shuffle: 16 shuffles for 64 floats). Source rows past ROWS are zeros.
template <int ROWS = 8>
INLINE void transposeBlock(const float* src, int srcStride, float* dst, int dstStride) {
    auto quarter = [&](int row, int column) { return row < ROWS ? _mm_loadu_ps(src + row * srcStride + column) : _mm_setzero_ps(); };
    __m256 r[8];
#pragma GCC unroll 4
    for (int i = 0; i < 4; i++) {
        r[i] = _mm256_insertf128_ps(_mm256_castps128_ps256(quarter(i, 0)), quarter(i + 4, 0), 1);
        r[i + 4] = _mm256_insertf128_ps(_mm256_castps128_ps256(quarter(i, 4)), quarter(i + 4, 4), 1);
    }
#pragma GCC unroll 2
    for (int h = 0; h < 8; h += 4) {
        __m256 t0 = _mm256_unpacklo_ps(r[h], r[h + 1]), t1 = _mm256_unpackhi_ps(r[h], r[h + 1]);
        __m256 t2 = _mm256_unpacklo_ps(r[h + 2], r[h + 3]), t3 = _mm256_unpackhi_ps(r[h + 2], r[h + 3]);
        _mm256_storeu_ps(dst + (h + 0) * dstStride, _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0)));
        _mm256_storeu_ps(dst + (h + 1) * dstStride, _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2)));
        _mm256_storeu_ps(dst + (h + 2) * dstStride, _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0)));
        _mm256_storeu_ps(dst + (h + 3) * dstStride, _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2)));
    }
}

// Logits with samples in lanes, zt[o][:] = b[o] + sum_i W[o][i] * at[i][:], from the transposed activations
// at [IN][B] and the row-major W [OUT][IN]: OUT x IN x B/8 FMAs, no padded outputs, in blocks of OT outputs.
template <int B, int OUT, int IN>
INLINE void logitsLanes(const float* __restrict at, const float* __restrict w, const float* __restrict bias, float* __restrict zt) {
    constexpr int NB = B / 8, OT = largestDivisor(OUT, std::max(1, TileAccumulators / NB));
    constexpr int KS = pow2Divisor(IN, std::max(1, std::min(4, TileAccumulators / (OT * NB))));
    for (int o0 = 0; o0 < OUT; o0 += OT) {
        __m256 acc[KS][OT][NB];
#pragma GCC unroll 64
        for (int k = 0; k < KS; k++)
#pragma GCC unroll 64
            for (int o = 0; o < OT; o++)
#pragma GCC unroll 64
                for (int v = 0; v < NB; v++) acc[k][o][v] = k == 0 ? _mm256_set1_ps(bias[o0 + o]) : _mm256_setzero_ps();
#pragma GCC unroll 2
        for (int i = 0; i < IN; i += KS)
#pragma GCC unroll 64
            for (int k = 0; k < KS; k++) {
                __m256 a[NB];
#pragma GCC unroll 64
                for (int v = 0; v < NB; v++) a[v] = _mm256_load_ps(at + (i + k) * B + 8 * v);
#pragma GCC unroll 64
                for (int o = 0; o < OT; o++) {
                    __m256 wb = _mm256_set1_ps(w[(o0 + o) * IN + i + k]);
#pragma GCC unroll 64
                    for (int v = 0; v < NB; v++) acc[k][o][v] = _mm256_fmadd_ps(wb, a[v], acc[k][o][v]);
                }
            }
#pragma GCC unroll 64
        for (int o = 0; o < OT; o++)
#pragma GCC unroll 64
            for (int v = 0; v < NB; v++) {
                __m256 s = acc[0][o][v];
#pragma GCC unroll 64
                for (int k = 1; k < KS; k++) s = _mm256_add_ps(s, acc[k][o][v]);
                _mm256_store_ps(zt + (o0 + o) * B + 8 * v, s);
            }
    }
}

#endif

// ---- The MLP itself, on either path's kernels ------------------------------------------------------------------
template <int B, int IN, int H1, int H2, int OUT>
struct Mlp {
#if FAST_AVX512
    static_assert(H1 % 16 == 0 && H2 % 16 == 0 && OUT <= 16 && (OUT * H2) % 16 == 0, "16-lane multiples; logits fit one vector");
    static constexpr int OP = 16;  // logits padded to one vector
#else
    static_assert(H1 % 8 == 0 && H2 % 8 == 0, "8-lane multiples");
    static constexpr int OP = padVector(OUT);  // logits padded to whole vectors
#endif
    // Offsets in the parameter block: WT1 [IN][H1], b1, WT2 [H1][H2], b2, then the logits layer row-major, W3 [OUT][H2]
    // (its gradient is cheapest that way and it is not padded to whole vectors of outputs), b3 padded to OP.
    static constexpr int oW1 = 0, oB1 = oW1 + IN * H1, oW2 = oB1 + H1, oB2 = oW2 + H1 * H2, oW3 = oB2 + H2, oB3 = oW3 + padVector(OUT * H2);
    static constexpr int N = oB3 + OP;
    // The loss's dL/dz layout: batch 1 keeps one row of OP; batches of VectorFloats·k are transposed to [OUT][B]
    // (samples in lanes).
    static constexpr bool Lanes = B % VectorFloats == 0;
    static constexpr int DRS = Lanes ? 1 : OP, DCS = Lanes ? B : 1;

    alignas(64) float P[N], M[N], V[N], start[N];
    alignas(64) float W2[H2][H1], WT3[H2][OP];     // W2 row-major for layer 2's input gradient; WT3 for the logits forward
    alignas(64) float A1[B][H1], A2[B][H2], Z3[B][OP], D3[B * OP], D2[B][H2], D1[B][H1];
    alignas(64) float A2T[Lanes ? H2 : 1][B], ZT[Lanes ? OUT : 1][B];  // batched training: samples in lanes
    bool forwardCopyStale = false;  // batched training does not use WT3; forward() refreshes it on demand
    const AdamSchedule* schedule = nullptr;
    long stepCount = 0;

    void load(const float* w, const AdamSchedule* s) {  // state_dict order: W [out][in] then b [out], per layer
        schedule = s;
        std::memset(start, 0, sizeof start);
        auto layer = [&](int in, int out, int outPadded, int wOffset, int bOffset) {
            for (int o = 0; o < out; o++)
                for (int i = 0; i < in; i++) start[wOffset + i * outPadded + o] = *w++;
            for (int o = 0; o < out; o++) start[bOffset + o] = *w++;
        };
        layer(IN, H1, H1, oW1, oB1);
        layer(H1, H2, H2, oW2, oB2);
        for (int o = 0; o < OUT; o++)
            for (int i = 0; i < H2; i++) start[oW3 + o * H2 + i] = *w++;
        for (int o = 0; o < OUT; o++) start[oB3 + o] = *w++;
        reset();
    }
    void reset() {
        std::memcpy(P, start, sizeof P);
        std::memset(M, 0, sizeof M);
        std::memset(V, 0, sizeof V);
        stepCount = 0;
        refreshRowMajor();
    }
    INLINE void refreshRowMajor() {
        // W2 [H2][H1] from WT2 [H1][H2], in blocks of VectorFloats x VectorFloats.
        for (int i = 0; i < H1; i += VectorFloats)
            for (int o = 0; o < H2; o += VectorFloats) transposeBlock(P + oW2 + i * H2 + o, H2, &W2[o][i], H1);
        if (Lanes) forwardCopyStale = true;
        else refreshForwardCopy();
    }
    void refreshForwardCopy() {
        // WT3 [H2][OP] from W3 [OUT][H2], in square blocks (outputs past OUT read as zero).
        constexpr int Whole = OUT / VectorFloats * VectorFloats;
        for (int i = 0; i < H2; i += VectorFloats) {
            for (int o = 0; o < Whole; o += VectorFloats) transposeBlock(P + oW3 + o * H2 + i, H2, &WT3[i][o], OP);
            if constexpr (OUT % VectorFloats != 0) transposeBlock<OUT % VectorFloats>(P + oW3 + Whole * H2 + i, H2, &WT3[i][Whole], OP);
        }
        forwardCopyStale = false;
    }

    // On AVX2, batches of 8k take the training pass's logits with samples in lanes (iris: 96 FMAs, not 256 with 3 of
    // 8 lanes used), then the 8x8 blocks back into rows of OP floats (zeros past OUT, as the padded layer gives).
    template <int BB = B> INLINE void forward(const float* x) {
#if !FAST_AVX512
        if constexpr (BB == B && Lanes) {
            trainingForward(x);
            constexpr int Whole = OUT / 8 * 8;
            for (int b0 = 0; b0 < B; b0 += 8) {
                for (int o = 0; o < Whole; o += 8) transposeBlock(&ZT[o][b0], B, &Z3[b0][o], OP);
                if constexpr (OUT % 8 != 0) transposeBlock<OUT % 8>(&ZT[Whole][b0], B, &Z3[b0][Whole], OP);
            }
            return;
        }
#endif
        if (forwardCopyStale) refreshForwardCopy();
        denseForward<BB, IN, IN, H1, true>(x, P + oW1, P + oB1, &A1[0][0]);
        denseForward<BB, H1, H1, H2, true>(&A1[0][0], P + oW2, P + oB2, &A2[0][0]);
        denseForward<BB, H2, H2, OP, false>(&A2[0][0], &WT3[0][0], P + oB3, &Z3[0][0]);
    }
    const float* output() const { return &Z3[0][0]; }

    // Softmax cross-entropy, fused: per sample one max, one exp vector, one sum; dL/dz = (softmax - onehot)/B is
    // written straight from registers (the one-hot subtraction is a masked subtract on AVX-512, an and-masked one on
    // AVX2; no scalar store). The B log(sum) terms are done together in one vector log, off the critical path.
    INLINE float loss(const int* labels) {
        if constexpr (Lanes) return lossLanes(labels);
        else return lossRows(labels);
    }
    // Batches of VectorFloats·k: the logits are [class][sample] (ZT, from logitsLanes), so the softmax is vertical:
    // OUT-1 max, OUT exps, one division and one log per vector of samples, no horizontal reductions but the total's.
    // dL/dz stays transposed, [OUT][B]; the backward kernels read it through strides.
#if FAST_AVX512
    INLINE float lossLanes(const int* labels) {
        __m512 total = _mm512_setzero_ps();
        const __m512 invB = _mm512_set1_ps(1.f / B);
        for (int b0 = 0; b0 < B; b0 += 16) {
            __m512i label = _mm512_loadu_si512(labels + b0);
            __m512 z[OUT], e[OUT];
#pragma GCC unroll 16
            for (int o = 0; o < OUT; o++) z[o] = _mm512_load_ps(&ZT[o][b0]);
            __m512 max = z[0], picked = _mm512_setzero_ps();
#pragma GCC unroll 16
            for (int o = 1; o < OUT; o++) max = _mm512_max_ps(max, z[o]);
            __m512 sum = _mm512_setzero_ps();
#pragma GCC unroll 16
            for (int o = 0; o < OUT; o++) {
                e[o] = vexp(_mm512_sub_ps(z[o], max));
                sum = _mm512_add_ps(sum, e[o]);
                picked = _mm512_mask_mov_ps(picked, _mm512_cmpeq_epi32_mask(label, _mm512_set1_epi32(o)), z[o]);
            }
            __m512 scale = _mm512_div_ps(invB, sum);
#pragma GCC unroll 16
            for (int o = 0; o < OUT; o++) {
                __m512 d = _mm512_mul_ps(e[o], scale);
                _mm512_store_ps(D3 + o * B + b0, _mm512_mask_sub_ps(d, _mm512_cmpeq_epi32_mask(label, _mm512_set1_epi32(o)), d, invB));
            }
            total = _mm512_add_ps(total, _mm512_sub_ps(_mm512_add_ps(max, vlog(sum)), picked));
        }
        return _mm512_reduce_add_ps(total) / B;
    }
    // Batch 1: one row; masked reductions over the OUT valid lanes.
    INLINE float lossRows(const int* labels) {
        constexpr __mmask16 valid = (__mmask16)((1u << OUT) - 1);
        constexpr int LV = (B + 15) / 16;
        alignas(64) float sums[LV * 16], offsets[LV * 16];
        const __m512 invB = _mm512_set1_ps(1.f / B);
        for (int b = 0; b < B; b++) {
            __m512 z = _mm512_load_ps(Z3[b]);
            float max = _mm512_mask_reduce_max_ps(valid, z);
            __m512 e = _mm512_maskz_mov_ps(valid, vexp(_mm512_sub_ps(z, _mm512_set1_ps(max))));
            float sum = _mm512_reduce_add_ps(e);
            sums[b] = sum;
            offsets[b] = max - Z3[b][labels[b]];
            __m512 d = _mm512_mul_ps(e, _mm512_set1_ps(1.f / (sum * B)));
            _mm512_store_ps(D3 + b * OP, _mm512_mask_sub_ps(d, (__mmask16)(1u << labels[b]), d, invB));
        }
        for (int b = B; b < LV * 16; b++) { sums[b] = 1.f; offsets[b] = 0.f; }
        __m512 total = _mm512_setzero_ps();
        for (int v = 0; v < LV; v++) total = _mm512_add_ps(total, _mm512_add_ps(vlog(_mm512_load_ps(sums + 16 * v)), _mm512_load_ps(offsets + 16 * v)));
        return _mm512_reduce_add_ps(total) / B;
    }
#else
    INLINE float lossLanes(const int* labels) {
        __m256 total = _mm256_setzero_ps();
        const __m256 invB = _mm256_set1_ps(1.f / B);
        for (int b0 = 0; b0 < B; b0 += 8) {
            __m256i label = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(labels + b0));
            __m256 z[OUT], e[OUT];
#pragma GCC unroll 16
            for (int o = 0; o < OUT; o++) z[o] = _mm256_load_ps(&ZT[o][b0]);
            __m256 max = z[0], picked = _mm256_setzero_ps();
#pragma GCC unroll 16
            for (int o = 1; o < OUT; o++) max = _mm256_max_ps(max, z[o]);
            __m256 sum = _mm256_setzero_ps();
#pragma GCC unroll 16
            for (int o = 0; o < OUT; o++) {
                e[o] = vexp(_mm256_sub_ps(z[o], max));
                sum = _mm256_add_ps(sum, e[o]);
                picked = _mm256_blendv_ps(picked, z[o], _mm256_castsi256_ps(_mm256_cmpeq_epi32(label, _mm256_set1_epi32(o))));
            }
            __m256 scale = _mm256_div_ps(invB, sum);
#pragma GCC unroll 16
            for (int o = 0; o < OUT; o++) {
                __m256 isLabel = _mm256_castsi256_ps(_mm256_cmpeq_epi32(label, _mm256_set1_epi32(o)));
                _mm256_store_ps(D3 + o * B + b0, _mm256_sub_ps(_mm256_mul_ps(e[o], scale), _mm256_and_ps(isLabel, invB)));
            }
            total = _mm256_add_ps(total, _mm256_sub_ps(_mm256_add_ps(max, vlog(sum)), picked));
        }
        return hsum(total) / B;
    }
    // Batch 1: one row of OP/8 vectors; reductions over the OUT valid lanes (the others held at -inf, or zeroed).
    INLINE float lossRows(const int* labels) {
        constexpr int NO = OP / 8, LV = (B + 7) / 8;
        alignas(32) float sums[LV * 8], offsets[LV * 8];
        const __m256 invB = _mm256_set1_ps(1.f / B);
        const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
        for (int b = 0; b < B; b++) {
            __m256 z[NO], valid[NO], e[NO];
            __m256 maxima = _mm256_set1_ps(-INFINITY);
#pragma GCC unroll 4
            for (int v = 0; v < NO; v++) {
                z[v] = _mm256_load_ps(Z3[b] + 8 * v);
                valid[v] = _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_set1_epi32(OUT - 8 * v), lane));
                maxima = _mm256_max_ps(maxima, _mm256_blendv_ps(maxima, z[v], valid[v]));
            }
            float max = hmax(maxima);
            __m256 sumLanes = _mm256_setzero_ps();
#pragma GCC unroll 4
            for (int v = 0; v < NO; v++) {
                e[v] = _mm256_and_ps(valid[v], vexp(_mm256_sub_ps(z[v], _mm256_set1_ps(max))));
                sumLanes = _mm256_add_ps(sumLanes, e[v]);
            }
            float sum = hsum(sumLanes);
            sums[b] = sum;
            offsets[b] = max - Z3[b][labels[b]];
            __m256 scale = _mm256_set1_ps(1.f / (sum * B));
#pragma GCC unroll 4
            for (int v = 0; v < NO; v++) {
                __m256 isLabel = _mm256_castsi256_ps(_mm256_cmpeq_epi32(_mm256_set1_epi32(labels[b] - 8 * v), lane));
                _mm256_store_ps(D3 + b * OP + 8 * v, _mm256_sub_ps(_mm256_mul_ps(e[v], scale), _mm256_and_ps(isLabel, invB)));
            }
        }
        for (int b = B; b < LV * 8; b++) { sums[b] = 1.f; offsets[b] = 0.f; }
        __m256 total = _mm256_setzero_ps();
        for (int v = 0; v < LV; v++) total = _mm256_add_ps(total, _mm256_add_ps(vlog(_mm256_load_ps(sums + 8 * v)), _mm256_load_ps(offsets + 8 * v)));
        return hsum(total) / B;
    }
#endif


    INLINE float train(const float* x, const int* labels) {
        trainingForward(x);
        float l = loss(labels);
        stepBackward(x);
        return l;
    }
    // A training step's forward pass: for batches of VectorFloats·k the hidden layers per sample (rows), then the logits with
    // samples in lanes from A2 transposed.
    INLINE void trainingForward(const float* x) {
        if constexpr (Lanes) {
            denseForward<B, IN, IN, H1, true>(x, P + oW1, P + oB1, &A1[0][0]);
            denseForward<B, H1, H1, H2, true>(&A1[0][0], P + oW2, P + oB2, &A2[0][0]);
            for (int b0 = 0; b0 < B; b0 += VectorFloats)
                for (int i0 = 0; i0 < H2; i0 += VectorFloats) transposeBlock(&A2[b0][i0], H2, &A2T[i0][b0], B);
            logitsLanes<B, OUT, H2>(&A2T[0][0], P + oW3, P + oB3, &ZT[0][0]);
        } else {
            forward(x);
        }
    }
    // A training step's backward pass with Adam's step, after the loss: the row-major copies refreshed after.
    INLINE void stepBackward(const float* x) {
        float step, inverse;
        schedule->at(++stepCount, step, inverse);
#if FAST_AVX512
        backward(x, AdamUpdate{P, M, V, _mm512_set1_ps(step), _mm512_set1_ps(inverse), B == 1});
#else
        backward(x, AdamUpdate{P, M, V, _mm256_set1_ps(step), _mm256_set1_ps(inverse)});
#endif
        refreshRowMajor();
    }
    // Each layer's input gradient is taken before its weights are updated (W3 in place; W2 through its row-major
    // copy, refreshed after the step).
    template <class Apply> INLINE void backward(const float* x, const Apply& apply) {
        inputGradient<B, OUT, DRS, DCS, H2>(D3, P + oW3, &A2[0][0], &D2[0][0]);
        weightGradientRowMajor<B, OUT, H2, DRS, DCS>(&A2[0][0], D3, oW3, oB3, apply);
        inputGradient<B, H2, H2, 1, H1>(&D2[0][0], &W2[0][0], &A1[0][0], &D1[0][0]);
        weightGradient<B, H1, H1, H2>(&A1[0][0], &D2[0][0], oW2, oB2, apply);
        weightGradient<B, IN, IN, H1>(x, &D1[0][0], oW1, oB1, apply);
    }
};

// ---- Data, batch streams, protocol (as eigen_reference.cpp) -------------------------------------------------

static const char* const ReferenceSystem = "fast";
#include "protocol.h"

// For the tools that include this file (pieces.cpp, cycle.cpp): `tool <weights dir> [data dir] [workload...]`, whether
// the workload is among those named (all of them when none is).
inline bool workloadChosen(int argc, char** argv, const char* name) {
    if (argc <= 3) return true;
    for (int i = 3; i < argc; i++) if (std::string(argv[i]) == name) return true;
    return false;
}


// Batch k holds pool rows (k*B + j) mod N, contiguous; `count` batches (default: the timing cycle).
// Each batch starts on a 64-byte boundary (padding between batches only; rows within a batch are contiguous).
struct Stream {
    std::vector<float> storage;
    std::vector<int> y;
    int batch, features, count;
    size_t stride;  // floats from one batch to the next
    float* base() { return reinterpret_cast<float*>((reinterpret_cast<uintptr_t>(storage.data()) + 63) & ~uintptr_t(63)); }
    const float* inputs(int k) const {
        return reinterpret_cast<const float*>((reinterpret_cast<uintptr_t>(storage.data()) + 63) & ~uintptr_t(63)) + k * stride;
    }
    const int* labels(int k) const { return y.data() + (size_t)k * batch; }
};

static Stream batches(const Pool& pool, int batch, int count = 0) {
    int n = pool.rows();
    if (count == 0) count = std::min(64, std::lcm(n, batch) / batch);
    size_t stride = ((size_t)batch * pool.features + 15) / 16 * 16;
    Stream s{std::vector<float>(count * stride + 16), std::vector<int>((size_t)count * batch), batch, pool.features, count, stride};
    for (int k = 0; k < count; k++)
        for (int j = 0; j < batch; j++) {
            int row = (k * batch + j) % n;
            std::copy_n(pool.x.begin() + (size_t)row * pool.features, pool.features, s.base() + k * stride + (size_t)j * pool.features);
            s.y[(size_t)k * batch + j] = pool.y[row];
        }
    return s;
}


template <class Net, class... Init>
static void printLosses(const char* name, int batch, const Pool& pool, const float* weights, Init... init) {
    auto net = std::make_unique<Net>();
    net->load(weights, init...);
    Stream s = batches(pool, batch, 20);
    std::printf("{\"system\":\"fast\",\"workload\":\"%s\",\"batch\":%d,\"losses\":[", name, batch);
    for (int k = 0; k < 20; k++) std::printf("%s%.9g", k ? "," : "", net->train(s.inputs(k), s.labels(k)));
    std::printf("]}\n");
}

// Predict metrics for a one-sample network type (its forward writes output()).
template <class Net, class Forward, class Out>
static void predictMetrics(const char* name, Net& net, const Pool& pool, Forward forward, Out out) {
    Stream s = batches(pool, 1);
    measure(name, "predict_1", 1, [&](long i) { forward(s.inputs(i % s.count)); keep(out()); }, [] {}, false);
    Stream d = batches(pool, 1);  // a writable copy: each call's first input depends on the previous output
    measure(name, "predict_1_dep", 1, [&](long i) {
        int k = i % d.count;
        float* first = d.base() + k * d.stride;
        *first = s.inputs(k)[0] + 0.f * *out();
        forward(first);
        keep(out());
    }, [] {}, false);
}

template <class Net>
static void trainMetric(const char* name, Net& net, const Pool& pool, int batch) {
    Stream s = batches(pool, batch);
    measure(name, "train_b" + std::to_string(batch), batch, [&](long i) { float l = net.train(s.inputs(i % s.count), s.labels(i % s.count)); keep(&l); },
            [&] { net.reset(); }, true);
}

template <int B, class Net>
static void forwardMetric(const char* name, Net& net, const Pool& pool) {
    Stream s = batches(pool, B);
    measure(name, "forward_b" + std::to_string(B), B, [&](long i) { net.forward(s.inputs(i % s.count)); keep(net.output()); }, [] {}, false);
}

using Iris1 = Mlp<1, 4, 16, 16, 3>;
using Iris16 = Mlp<16, 4, 16, 16, 3>;
using Digits1 = Mlp<1, 64, 64, 32, 10>;
using Digits32 = Mlp<32, 64, 64, 32, 10>;

#if FAST_AVX512
// fmaSqrt against vsqrtps on every float of [0, 2^64) and a few beyond. Returns the failures.
static int checkFmaSqrt() {
    int failures = 0;
    const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    for (uint32_t b = 0; b < (127u + 64) << 23; b += 16) {
        __m512 v = _mm512_castsi512_ps(_mm512_add_epi32(_mm512_set1_epi32((int)b), lane));
        failures += __builtin_popcount(_mm512_cmpneq_epi32_mask(_mm512_castps_si512(fmaSqrt(v)), _mm512_castps_si512(_mm512_sqrt_ps(v))));
    }
    __m512 beyond = _mm512_setr_ps(0x1p64f, 3e38f, INFINITY, NAN, -0.f, -1.f, 0.f, 1.f, 2.f, 1e-20f, 0x1p-149f, 5.f, 7.f, 1e30f, 1e19f, 2e19f);
    failures += __builtin_popcount(_mm512_cmpneq_epi32_mask(_mm512_castps_si512(fmaSqrt(beyond)), _mm512_castps_si512(_mm512_sqrt_ps(beyond))));
    std::printf("fma sqrt: %d of 1602224144 roots differ from vsqrtps\n", failures);
    return failures;
}
#endif

// The Adam step against a bit-for-bit reference, on vectors mixing subnormal, tiny and ordinary first moments, zero
// and nonzero gradients, and parameters at, near and far from zero (as NetGen's AdamNearZeroTests). Returns the failures.
#if FAST_AVX512
// AVX-512: AdamUpdate::nearZero against plain().
#else
// AVX2: AdamUpdate against the same formula in scalar code (std::fma, IEEE sqrt and division); 64 steps, so the
// zero-gradient moments decay through the subnormals.
#endif
static int checkAdamNearZero() {
    std::mt19937 rng(7);
    auto uniform = [&] { return std::uniform_real_distribution<float>(0.f, 1.f)(rng); };
    auto pick = [&](int n) { return (int)(rng() % n); };
    auto signedValue = [&](float x) { return pick(2) ? x : -x; };
    auto bitsOf = [](float x) { uint32_t b; std::memcpy(&b, &x, 4); return b; };
    auto ofBits = [](uint32_t b) { float x; std::memcpy(&x, &b, 4); return x; };
    const int N = 16 * 256;
#if !FAST_AVX512
    const int Steps = 64;
#endif
    alignas(64) static float p[N], m[N], v[N], g[N], p2[N], m2[N], v2[N];
    for (int i = 0; i < N; i++) {
        int vector = i / 16, kind = pick(5);
        m[i] = kind == 0 ? 0.f : kind == 1 ? signedValue(ofBits(1 + rng() % 0x7FFFFF)) : kind == 2 ? signedValue(ofBits(0x00800000 + rng() % 0x12000000))
             : kind == 3 ? signedValue(ofBits(1 + rng() % 15)) : signedValue(uniform() * 1e-3f);
#if FAST_AVX512
        g[i] = vector % 4 == 3 && i % 2 ? signedValue(uniform() * 1e-2f) : pick(2) ? 0.f : -0.f;
        v[i] = pick(5) == 0 ? 0.f : (float)std::pow(10.0, -2 - 8 * uniform());
#else
        v[i] = pick(5) == 0 ? 0.f : pick(4) == 0 ? ofBits(1 + rng() % 0x7FFFFF) : (float)std::pow(10.0, -2 - 8 * uniform());
#endif
        p[i] = vector % 5 != 4 ? signedValue(uniform()) : pick(3) == 0 ? (pick(2) ? 0.f : -0.f)
             : pick(2) ? signedValue(ofBits(1 + rng() % 0x7FFFFF)) : signedValue(ofBits(0x02800000 + rng() % 0x05000000));
    }
    std::memcpy(p2, p, sizeof p); std::memcpy(m2, m, sizeof m); std::memcpy(v2, v, sizeof v);
#if FAST_AVX512
    AdamUpdate nearZero{p, m, v, _mm512_set1_ps(1e-3f), _mm512_set1_ps(1.2f)}, plain{p2, m2, v2, _mm512_set1_ps(1e-3f), _mm512_set1_ps(1.2f)};
    for (int j = 0; j < N; j += 16) {
        nearZero.nearZero(j, _mm512_load_ps(g + j), _mm512_load_ps(m + j));
        plain.plain(j, _mm512_load_ps(g + j), _mm512_load_ps(m2 + j));
    }
    int failures = 0;
    for (int i = 0; i < N; i++)
        if (bitsOf(p[i]) != bitsOf(p2[i]) || bitsOf(m[i]) != bitsOf(m2[i]) || bitsOf(v[i]) != bitsOf(v2[i])) failures++;
    std::printf("adam near zero: %d of %d floats differ from the plain step\n", failures, N);
    return failures;
#else
    int failures = 0;
    for (int t = 1; t <= Steps; t++) {
        for (int i = 0; i < N; i++) {
            int vector = i / 16;
            g[i] = vector % 4 == 3 && i % 2 ? signedValue(uniform() * (pick(2) ? 1e-2f : 1e-30f)) : pick(2) ? 0.f : -0.f;
        }
        const float step = 1e-3f * t, inverse = 1.2f / t;
        AdamUpdate update{p, m, v, _mm256_set1_ps(step), _mm256_set1_ps(inverse)};
        for (int j = 0; j < N; j += 8) update(j, _mm256_load_ps(g + j));
        for (int i = 0; i < N; i++) {
            m2[i] = std::fma(0.9f, m2[i], 0.1f * g[i]);
            v2[i] = std::fma(0.999f, v2[i], 0.001f * (g[i] * g[i]));
            float denominator = std::fma(std::sqrt(v2[i]), inverse, 1e-8f);
            p2[i] = std::fma(-step, m2[i] / denominator, p2[i]);
        }
        for (int i = 0; i < N; i++)
            if (bitsOf(p[i]) != bitsOf(p2[i]) || bitsOf(m[i]) != bitsOf(m2[i]) || bitsOf(v[i]) != bitsOf(v2[i])) failures++;
    }
    int subnormal = 0;
    for (int i = 0; i < N; i++) subnormal += m[i] != 0.f && std::fabs(m[i]) < 0x1p-126f;
    std::printf("adam step: %d of %d floats differ from the scalar formula over %d steps (%d first moments subnormal at the end)\n",
                failures, N * Steps, Steps, subnormal);
    return failures;
#endif
}

int main(int argc, char** argv) {
    if (argc < 3) { std::fprintf(stderr, "usage: fast_reference verify|protocol|check <weights dir> [data dir]\n"); return 2; }
    std::string mode = argv[1], dir = argv[2], data = argc > 3 ? argv[3] : "Data";
    Pool xorPool{{0, 0, 0, 1, 1, 0, 1, 1}, {0, 1, 1, 0}, 2};
    Pool iris = csv(data + "/iris.csv"), digits = csv(data + "/digits_train.csv");
    std::vector<float> wXor = readWeights(dir + "/xor.f32"), wIris = readWeights(dir + "/iris.f32"), wDigits = readWeights(dir + "/digits.f32");
    AdamSchedule irisAdam(0.01), digitsAdam(1e-3);  // PyTorch's lr are Python (double) floats
    auto xorNet = std::make_unique<XorNet>();
    xorNet->load(wXor.data());

    if (mode == "verify") {
        printLosses<XorNet>("xor", 1, xorPool, wXor.data());
        printLosses<Iris16>("iris", 16, iris, wIris.data(), &irisAdam);
        printLosses<Digits32>("digits", 32, digits, wDigits.data(), &digitsAdam);
        return 0;
    }
    if (mode == "check") {  // batch-1 training and predict outputs, for comparison with a patched Eigen reference
        if (checkAdamNearZero() != 0) return 1;
#if FAST_AVX512
        if (checkFmaSqrt() != 0) return 1;
#endif
        printLosses<Iris1>("iris", 1, iris, wIris.data(), &irisAdam);
        printLosses<Digits1>("digits", 1, digits, wDigits.data(), &digitsAdam);
        auto i1 = std::make_unique<Iris1>(); i1->load(wIris.data(), &irisAdam);
        auto d1 = std::make_unique<Digits1>(); d1->load(wDigits.data(), &digitsAdam);
        auto i16 = std::make_unique<Iris16>(); i16->load(wIris.data(), &irisAdam);
        auto d32 = std::make_unique<Digits32>(); d32->load(wDigits.data(), &digitsAdam);
        Stream si = batches(iris, 1, 16), sd = batches(digits, 1, 32), sx = batches(xorPool, 1, 4);
        Stream bi = batches(iris, 16, 1), bd = batches(digits, 32, 1);
        i16->forward(bi.inputs(0));
        d32->forward(bd.inputs(0));
        for (int k = 0; k < 4; k++) { xorNet->predict(sx.inputs(k)); std::printf("xor predict %d %.9g\n", k, xorNet->output); }
        for (int k = 0; k < 16; k++) {
            i1->forward(si.inputs(k));
            for (int o = 0; o < 3; o++) std::printf("iris predict %d %d %.9g %.9g\n", k, o, i1->output()[o], i16->Z3[k][o]);
        }
        for (int k = 0; k < 32; k++) {
            d1->forward(sd.inputs(k));
            for (int o = 0; o < 10; o++) std::printf("digits predict %d %d %.9g %.9g\n", k, o, d1->output()[o], d32->Z3[k][o]);
        }
        return 0;
    }
    if (mode != "protocol") { std::fprintf(stderr, "unknown mode %s\n", mode.c_str()); return 2; }

    predictMetrics("xor", *xorNet, xorPool, [&](const float* x) { xorNet->predict(x); }, [&] { return &xorNet->output; });
    trainMetric("xor", *xorNet, xorPool, 1);

    auto iris1 = std::make_unique<Iris1>();
    iris1->load(wIris.data(), &irisAdam);
    predictMetrics("iris", *iris1, iris, [&](const float* x) { iris1->forward(x); }, [&] { return iris1->output(); });
    trainMetric("iris", *iris1, iris, 1);
    auto iris16 = std::make_unique<Iris16>();
    iris16->load(wIris.data(), &irisAdam);
    trainMetric("iris", *iris16, iris, 16);
    forwardMetric<16>("iris", *iris16, iris);

    auto digits1 = std::make_unique<Digits1>();
    digits1->load(wDigits.data(), &digitsAdam);
    predictMetrics("digits", *digits1, digits, [&](const float* x) { digits1->forward(x); }, [&] { return digits1->output(); });
    auto digits32 = std::make_unique<Digits32>();
    digits32->load(wDigits.data(), &digitsAdam);
    trainMetric("digits", *digits32, digits, 32);
    forwardMetric<32>("digits", *digits32, digits);
    return 0;
}
