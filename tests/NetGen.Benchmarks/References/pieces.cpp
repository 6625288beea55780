// fast_reference.cpp's batch training step, piece by piece, as NetGen.Benchmarks' `pieces` command times NetGen's:
// each layer's input and weight gradients (the weight gradient with Adam fused in, and storing the gradient instead),
// the row-major copies' refresh, the backward without a step, stepBackward, the hidden layers' forward, trainingForward
// and the loss. Each piece is the best of 15 blocks of 1 000 calls, the network reset before each block. The starting
// weights and the stream's first batch are NetGen's (`verify <dir>` writes the weights), as its `pieces` takes them: a block of 1 000 steps
// reaches Adam's near-zero regime, and with random data the reference's stepped pieces read up to 1.6x slower.
// Build: g++ -O3 -march=native -std=c++17 -Wall pieces.cpp -o pieces     Run: pieces <weights dir> [data dir] [iris|iris_b1|digits]...
#define main fastReferenceMain
#include "fast_reference.cpp"
#undef main
#include <chrono>

namespace {

template <class Reset, class F> double best(Reset reset, F f, int calls = 1000) {
    double b = 1e30;
    for (int block = 0; block < 15 * 1000 / calls; block++) {
        reset();
        auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < calls; i++) {
            f();
            asm volatile("" ::: "memory");  // each call's stores happen: no call is folded into the next
        }
        b = std::min(b, std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count() / calls);
    }
    return b;
}

// The gradient stored instead of stepped: the weight-gradient kernels' cost without Adam.
#if FAST_AVX512
struct StoreGradient {
    float* g;
    INLINE void operator()(int j, __m512 v) const { _mm512_store_ps(g + j, v); }
};
#else
struct StoreGradient {
    float* g;
    INLINE void operator()(int j, __m256 v) const { _mm256_store_ps(g + j, v); }
};
#endif

// `name` is the workload's weights and data; `shown` names it in the output (iris's one-row step is "iris_b1").
template <int B, int IN, int H1, int H2, int OUT> void run(const char* name, const char* shown, double lr, const std::string& dir, const std::string& data) {
    using Net = Mlp<B, IN, H1, H2, OUT>;
    static Net net;
    static AdamSchedule schedule(lr);
    alignas(64) static float x[B * IN], gradient[Net::N];
    std::vector<float> weights = readWeights(dir + "/" + name + ".f32");
    Pool pool = csv(data + (std::string(name) == "iris" ? "/iris.csv" : "/digits_train.csv"));
    Stream stream = batches(pool, B, 1);
    std::copy(stream.inputs(0), stream.inputs(0) + B * IN, x);
    int labels[B];
    std::copy(stream.labels(0), stream.labels(0) + B, labels);
    net.load(weights.data(), &schedule);
    net.trainingForward(x);
    net.loss(labels);
    auto reset = [] { net.reset(); };
#if FAST_AVX512
    AdamUpdate adam{net.P, net.M, net.V, _mm512_set1_ps(1e-3f), _mm512_set1_ps(1.f)};
#else
    AdamUpdate adam{net.P, net.M, net.V, _mm256_set1_ps(1e-3f), _mm256_set1_ps(1.f)};
#endif
    StoreGradient store{gradient};
    for (int round = -1; round < 3; round++) {  // round -1 warms up
        auto piece = [&](const char* piece, double ns) { if (round >= 0) printf("%s round %d %-28s %.1f ns\n", shown, round, piece, ns); };
        piece("logits input gradient", best(reset, [&] { inputGradient<B, OUT, Net::DRS, Net::DCS, H2>(net.D3, net.P + Net::oW3, &net.A2[0][0], &net.D2[0][0]); }));
        piece("logits weights with step", best(reset, [&] { weightGradientRowMajor<B, OUT, H2, Net::DRS, Net::DCS>(&net.A2[0][0], net.D3, Net::oW3, Net::oB3, adam); }));
        piece("logits weights stored", best(reset, [&] { weightGradientRowMajor<B, OUT, H2, Net::DRS, Net::DCS>(&net.A2[0][0], net.D3, Net::oW3, Net::oB3, store); }));
        piece("layer 1 input gradient", best(reset, [&] { inputGradient<B, H2, H2, 1, H1>(&net.D2[0][0], &net.W2[0][0], &net.A1[0][0], &net.D1[0][0]); }));
        piece("layer 1 weights with step", best(reset, [&] { weightGradient<B, H1, H1, H2>(&net.A1[0][0], &net.D2[0][0], Net::oW2, Net::oB2, adam); }));
        piece("layer 1 weights stored", best(reset, [&] { weightGradient<B, H1, H1, H2>(&net.A1[0][0], &net.D2[0][0], Net::oW2, Net::oB2, store); }));
        piece("layer 0 weights with step", best(reset, [&] { weightGradient<B, IN, IN, H1>(x, &net.D1[0][0], Net::oW1, Net::oB1, adam); }));
        piece("layer 0 weights stored", best(reset, [&] { weightGradient<B, IN, IN, H1>(x, &net.D1[0][0], Net::oW1, Net::oB1, store); }));
        piece("refreshRowMajor", best(reset, [&] { net.refreshRowMajor(); }));
        piece("backward, gradients stored", best(reset, [&] { net.backward(x, store); }));
        piece("stepBackward", best(reset, [&] { net.stepBackward(x); }));
        piece("layer 0 forward", best(reset, [&] { denseForward<B, IN, IN, H1, true>(x, net.P + Net::oW1, net.P + Net::oB1, &net.A1[0][0]); }));
        piece("layer 1 forward", best(reset, [&] { denseForward<B, H1, H1, H2, true>(&net.A1[0][0], net.P + Net::oW2, net.P + Net::oB2, &net.A2[0][0]); }));
        piece("trainingForward", best(reset, [&] { net.trainingForward(x); }));
        piece("loss", best(reset, [&] { net.loss(labels); }));
        piece("train", best(reset, [&] { net.train(x, labels); }));
        piece("train, 100 a block", best(reset, [&] { net.train(x, labels); }, 100));
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) { std::fprintf(stderr, "usage: pieces <weights dir> [data dir] [iris|iris_b1|digits]...\n"); return 2; }
    std::string dir = argv[1], data = argc > 2 ? argv[2] : "Data";
    if (workloadChosen(argc, argv, "iris")) run<16, 4, 16, 16, 3>("iris", "iris", 0.01, dir, data);
    if (workloadChosen(argc, argv, "iris_b1")) run<1, 4, 16, 16, 3>("iris", "iris_b1", 0.01, dir, data);
    if (workloadChosen(argc, argv, "digits")) run<32, 64, 64, 32, 10>("digits", "digits", 1e-3, dir, data);
    return 0;
}
