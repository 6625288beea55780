// fast_reference.cpp's training cycle as NetGen.Benchmarks' `cycle` command times NetGen's: 1 000 steps from the
// starting weights (the stream's batches in turn), a step's best time in each window of 50 steps over 15 cycles, and
// how many of Adam's vectors (16 floats, 8 on the AVX2 path) have a first moment near zero (nonzero and below 2^-110)
// at the window's end.
// Build: g++ -O3 -march=native -std=c++17 -Wall cycle.cpp -o cycle    Run: cycle <weights dir> [data dir] [iris|digits]...
#define main fastReferenceMain
#include "fast_reference.cpp"
#undef main
#include <chrono>

namespace {

template <class Net> void run(const char* name, int batch, const Pool& pool, const std::vector<float>& weights, const AdamSchedule& schedule) {
    constexpr int Steps = 1000, Window = 50, Cycles = 15, Floats = sizeof(Net::M) / sizeof(float);
    auto net = std::make_unique<Net>();
    net->load(weights.data(), &schedule);
    Stream stream = batches(pool, batch);
    double best[Steps / Window];
    int nearZero[Steps / Window];
    for (double& b : best) b = 1e30;
    for (int cycle = 0; cycle < Cycles; cycle++) {
        net->reset();
        for (int window = 0; window < Steps / Window; window++) {
            auto t0 = std::chrono::steady_clock::now();
            for (int step = window * Window; step < (window + 1) * Window; step++) {
                float loss = net->train(stream.inputs(step % stream.count), stream.labels(step % stream.count));
                asm volatile("" ::"r"(loss) : "memory");
            }
            best[window] = std::min(best[window], std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count() / Window);
            int count = 0;
            for (int v = 0; v + VectorFloats <= Floats; v += VectorFloats) {
                bool any = false;
                for (int k = 0; k < VectorFloats; k++) any |= net->M[v + k] != 0.f && std::fabs(net->M[v + k]) < 0x1p-110f;
                count += any;
            }
            nearZero[window] = count;
        }
    }
    for (int window = 0; window < Steps / Window; window++)
        std::printf("%s steps %4d-%4d %8.1f ns  near-zero vectors %d of %d\n", name, window * Window, (window + 1) * Window - 1, best[window], nearZero[window], Floats / VectorFloats);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) { std::fprintf(stderr, "usage: cycle <weights dir> [data dir] [iris|digits]...\n"); return 2; }
    std::string dir = argv[1], data = argc > 2 ? argv[2] : "Data";
    if (workloadChosen(argc, argv, "iris")) {
        AdamSchedule adam(0.01);
        run<Mlp<16, 4, 16, 16, 3>>("iris", 16, csv(data + "/iris.csv"), readWeights(dir + "/iris.f32"), adam);
    }
    if (workloadChosen(argc, argv, "digits")) {
        AdamSchedule adam(1e-3);
        run<Mlp<32, 64, 64, 32, 10>>("digits", 32, csv(data + "/digits_train.csv"), readWeights(dir + "/digits.f32"), adam);
    }
    return 0;
}
