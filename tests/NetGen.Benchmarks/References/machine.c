// Measures the two ceilings the benchmark report compares against, on one core:
//   peak: FP32 FMA throughput (independent accumulators, the widest vectors the compiler targets);
//   read bandwidth for a buffer of a given size (the weights a one-sample predict streams).
// Build: gcc -O2 -march=native machine.c -o machine      Run: machine <bytes>...   (one JSON line)
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

#if defined(__AVX512F__)
typedef __m512 vec;
#define WIDTH 16
#define FMA(a, b, c) _mm512_fmadd_ps(a, b, c)
#define SET1 _mm512_set1_ps
#define LOAD _mm512_load_ps
#define ADD _mm512_add_ps
#define FIRST _mm512_cvtss_f32
#else
typedef __m256 vec;
#define WIDTH 8
#define FMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define SET1 _mm256_set1_ps
#define LOAD _mm256_load_ps
#define ADD _mm256_add_ps
#define FIRST _mm256_cvtss_f32
#endif

static double peak_gflops(void) {
    double best = 0;
    for (int repeat = 0; repeat < 7; repeat++) {
        // 12 independent chains cover FMA latency x pipes; the empty asm keeps each one a real FMA per iteration.
        vec a0 = SET1(0), a1 = SET1(1), a2 = SET1(2), a3 = SET1(3), a4 = SET1(4), a5 = SET1(5);
        vec a6 = SET1(6), a7 = SET1(7), a8 = SET1(8), a9 = SET1(9), a10 = SET1(10), a11 = SET1(11);
        vec m = SET1(0.999999f), c = SET1(1e-7f);
        const long iterations = 20000000;
        double start = now();
        for (long i = 0; i < iterations; i++) {
            a0 = FMA(a0, m, c); a1 = FMA(a1, m, c); a2 = FMA(a2, m, c); a3 = FMA(a3, m, c);
            a4 = FMA(a4, m, c); a5 = FMA(a5, m, c); a6 = FMA(a6, m, c); a7 = FMA(a7, m, c);
            a8 = FMA(a8, m, c); a9 = FMA(a9, m, c); a10 = FMA(a10, m, c); a11 = FMA(a11, m, c);
            __asm__ volatile("" : "+v"(a0), "+v"(a1), "+v"(a2), "+v"(a3), "+v"(a4), "+v"(a5),
                                  "+v"(a6), "+v"(a7), "+v"(a8), "+v"(a9), "+v"(a10), "+v"(a11));
        }
        double seconds = now() - start;
        float sink = FIRST(ADD(ADD(ADD(a0, a1), ADD(a2, a3)), ADD(ADD(a4, a5), ADD(a6, a7)))) + FIRST(ADD(ADD(a8, a9), ADD(a10, a11)));
        if (sink == 12345.f) printf(" ");
        double gflops = iterations * 12.0 * WIDTH * 2 / seconds / 1e9;
        if (gflops > best) best = gflops;
    }
    return best;
}

// Best of 7 of repeated full passes over a resident buffer: bytes/s a streaming kernel can reach at that size.
static double read_gbps(long bytes) {
    long floats = bytes / 4 / (4 * WIDTH) * (4 * WIDTH);
    float* data = aligned_alloc(64, floats * 4);
    for (long i = 0; i < floats; i++) data[i] = 1e-9f * (float)(i & 1023);
    double best = 0;
    long passes = 2000000000L / (floats * 4) + 1;
    vec sink = SET1(0);
    for (int repeat = 0; repeat < 7; repeat++) {
        double start = now();
        for (long p = 0; p < passes; p++) {
            vec s0 = SET1(0), s1 = SET1(0), s2 = SET1(0), s3 = SET1(0);
            for (long i = 0; i < floats; i += 4 * WIDTH) {
                s0 = ADD(s0, LOAD(data + i));
                s1 = ADD(s1, LOAD(data + i + WIDTH));
                s2 = ADD(s2, LOAD(data + i + 2 * WIDTH));
                s3 = ADD(s3, LOAD(data + i + 3 * WIDTH));
            }
            sink = ADD(sink, ADD(ADD(s0, s1), ADD(s2, s3)));
        }
        double gbps = passes * (double)floats * 4 / (now() - start) / 1e9;
        if (gbps > best) best = gbps;
    }
    if (FIRST(sink) == 12345.f) printf(" ");
    free(data);
    return best;
}

int main(int argc, char** argv) {
    printf("{\"vector_bits\":%d,\"peak_gflops\":%.2f,\"read_gbps\":{", WIDTH * 32, peak_gflops());
    for (int i = 1; i < argc; i++) printf("%s\"%s\":%.2f", i > 1 ? "," : "", argv[i], read_gbps(atol(argv[i])));
    printf("}}\n");
    return 0;
}
