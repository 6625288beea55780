// The hand-written C++ reference for NetGen's benchmarks: the five workloads of docs/benchmarks.md
// with Eigen fixed-size matrices (every shape and batch size a compile-time constant, as NetGen's).
// Build: g++ -O3 -march=native -std=c++17 -I/usr/include/eigen3 eigen_reference.cpp -o eigen_reference
// Run:   eigen_reference verify <weights dir>     first 20 training losses from NetGen's starting weights
//        eigen_reference protocol <weights dir>   every metric, one JSON line each (the shared protocol)
#define EIGEN_STACK_ALLOCATION_LIMIT 0  // big fixed-size matrices live inside heap-allocated networks
#include <Eigen/Dense>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <numeric>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

enum class Act { Relu, Tanh, Sigmoid, Linear };
enum class Loss { SoftmaxCrossEntropy, BinaryCrossEntropy };
enum class Opt { Sgd, Momentum, Adam };

struct Config {
    Loss loss;
    Opt opt;
    float lr, momentum;
    bool clip;
};

// One dense layer y = act(W x + b) for B samples stored as columns, with its gradients and optimizer state.
template <int In, int Out, int B, Act A>
struct Dense {
    static constexpr int in = In, out = Out;
    using Weights = Eigen::Matrix<float, Out, In>;
    using Bias = Eigen::Matrix<float, Out, 1>;
    Weights W, dW, mW, vW;
    Bias b, db, mb, vb;
    Eigen::Matrix<float, Out, B> Z, Y, dZ;

    template <class X> void forward(const X& x) {
        Z.noalias() = W * x;
        Z.colwise() += b;
        if constexpr (A == Act::Relu) Y = Z.cwiseMax(0.f);
        else if constexpr (A == Act::Tanh) Y = Z.array().tanh();
        else if constexpr (A == Act::Sigmoid) Y = (1.f + (-Z.array()).exp()).inverse();
        else Y = Z;
    }
    // dZ holds dLoss/dY on entry (from the next layer); becomes dLoss/dZ.
    void chain() {
        if constexpr (A == Act::Relu) dZ = (Z.array() > 0.f).select(dZ, 0.f);
        else if constexpr (A == Act::Tanh) dZ.array() *= 1.f - Y.array().square();
    }
    template <class X> void gradients(const X& x) {
        dW.noalias() = dZ * x.transpose();
        db = dZ.rowwise().sum();
    }
    void resetState() { mW.setZero(); vW.setZero(); mb.setZero(); vb.setZero(); }
    float squaredNorm() const { return dW.squaredNorm() + db.squaredNorm(); }
    void scale(float s) { dW *= s; db *= s; }

    template <class P, class G> static void update(P& p, G& g, P& m, P& v, const Config& c, float step1, float bias2Sqrt) {
        switch (c.opt) {
            case Opt::Sgd: p.noalias() -= c.lr * g; break;
            case Opt::Momentum: m = c.momentum * m + g; p.noalias() -= c.lr * m; break;
            case Opt::Adam:
                m = 0.9f * m + 0.1f * g;
                v = 0.999f * v + 0.001f * g.cwiseProduct(g);
                p.array() -= step1 * m.array() / (v.array().sqrt() / bias2Sqrt + 1e-8f);
                break;
        }
    }
    void step(const Config& c, float step1, float bias2Sqrt) {
        update(W, dW, mW, vW, c, step1, bias2Sqrt);
        update(b, db, mb, vb, c, step1, bias2Sqrt);
    }
    // PyTorch state_dict order: weight [out][in] row-major, then bias [out].
    const float* load(const float* p) {
        for (int o = 0; o < Out; o++)
            for (int i = 0; i < In; i++) W(o, i) = *p++;
        for (int o = 0; o < Out; o++) b(o) = *p++;
        return p;
    }
};

// A chain of dense layers with a loss and an optimizer; every size fixed at compile time.
template <int B, class... Layers>
struct Net {
    static constexpr size_t N = sizeof...(Layers);
    using First = std::tuple_element_t<0, std::tuple<Layers...>>;
    using Last = std::tuple_element_t<N - 1, std::tuple<Layers...>>;
    static constexpr int In = First::in, Out = Last::out;
    using Input = Eigen::Map<const Eigen::Matrix<float, In, B>>;
    std::tuple<Layers...> layers;
    Config config;
    std::vector<float> start;
    long stepCount = 0;

    template <size_t I = 0, class X> void forward(const X& x) {
        auto& l = std::get<I>(layers);
        l.forward(x);
        if constexpr (I + 1 < N) forward<I + 1>(l.Y);
    }
    template <size_t I, class X> void backward(const X& x) {
        auto& l = std::get<I>(layers);
        if constexpr (I == 0) {
            l.gradients(x);
        } else {
            auto& previous = std::get<I - 1>(layers);
            l.gradients(previous.Y);
            previous.dZ.noalias() = l.W.transpose() * l.dZ;
            previous.chain();
            backward<I - 1>(x);
        }
    }
    const Eigen::Matrix<float, Out, B>& output() const { return std::get<N - 1>(layers).Y; }

    // Mean loss of the batch; writes dLoss/dZ of the last layer.
    float loss(const int* labels) {
        auto& last = std::get<N - 1>(layers);
        float total = 0.f;
        if (config.loss == Loss::SoftmaxCrossEntropy) {
            for (int j = 0; j < B; j++) {
                float max = last.Z.col(j).maxCoeff();
                auto e = (last.Z.col(j).array() - max).exp();
                float sum = e.sum();
                total += max + std::log(sum) - last.Z(labels[j], j);
                last.dZ.col(j) = e / (sum * B);
                last.dZ(labels[j], j) -= 1.f / B;
            }
        } else {
            for (int j = 0; j < B; j++)
                for (int o = 0; o < Out; o++) {
                    float p = last.Y(o, j), t = (float)labels[j];
                    total -= t * std::max(std::log(p), -100.f) + (1.f - t) * std::max(std::log(1.f - p), -100.f);
                    last.dZ(o, j) = (p - t) / (B * Out);
                }
            total /= Out;
        }
        return total / B;
    }

    float train(const float* x, const int* labels) {
        Input input(x);
        forward(input);
        float l = loss(labels);
        backward<N - 1>(input);
        if (config.clip) {
            float norm = std::sqrt(std::apply([](auto&... ls) { return (ls.squaredNorm() + ...); }, layers));
            float coefficient = 1.f / (norm + 1e-6f);
            if (coefficient < 1.f) std::apply([&](auto&... ls) { (ls.scale(coefficient), ...); }, layers);
        }
        stepCount++;
        float step1 = 0.f, bias2Sqrt = 1.f;
        if (config.opt == Opt::Adam) {
            step1 = (float)(config.lr / (1.0 - std::pow(0.9, (double)stepCount)));
            bias2Sqrt = (float)std::sqrt(1.0 - std::pow(0.999, (double)stepCount));
        }
        std::apply([&](auto&... ls) { (ls.step(config, step1, bias2Sqrt), ...); }, layers);
        return l;
    }

    void load(const std::vector<float>& weights) {
        start = weights;
        reset();
    }
    void reset() {
        const float* p = start.data();
        std::apply([&](auto&... ls) { ((p = ls.load(p)), ...); }, layers);
        std::apply([](auto&... ls) { (ls.resetState(), ...); }, layers);
        stepCount = 0;
    }
};

// ---- Workloads -------------------------------------------------------------------------------------

template <int B> using XorNet = Net<B, Dense<2, 4, B, Act::Tanh>, Dense<4, 1, B, Act::Sigmoid>>;
template <int B> using IrisNet = Net<B, Dense<4, 16, B, Act::Relu>, Dense<16, 16, B, Act::Relu>, Dense<16, 3, B, Act::Linear>>;
template <int B> using DigitsNet = Net<B, Dense<64, 64, B, Act::Relu>, Dense<64, 32, B, Act::Relu>, Dense<32, 10, B, Act::Linear>>;
template <int B> using MnistNet = Net<B, Dense<784, 128, B, Act::Relu>, Dense<128, 10, B, Act::Linear>>;
template <int B> using DeepNet = Net<B, Dense<256, 256, B, Act::Relu>, Dense<256, 256, B, Act::Relu>, Dense<256, 256, B, Act::Relu>,
    Dense<256, 256, B, Act::Relu>, Dense<256, 256, B, Act::Relu>, Dense<256, 256, B, Act::Relu>, Dense<256, 10, B, Act::Linear>>;

static const char* const ReferenceSystem = "eigen";
#include "protocol.h"

static uint64_t splitmix(uint64_t& state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static Pool synthetic(int features, uint64_t seedX, uint64_t seedY, float scale, float shift) {
    Pool p{std::vector<float>(1024 * features), std::vector<int>(1024), features};
    for (auto& v : p.x) v = scale * ((splitmix(seedX) >> 40) * (1.f / (1 << 24))) + shift;
    for (auto& v : p.y) v = (int)(((splitmix(seedY) >> 40) * 10) >> 24);
    return p;
}


// Batch k holds pool rows (k*B + j) mod N, contiguous; `count` batches (default: the timing cycle).
struct Stream {
    std::vector<float> x;
    std::vector<int> y;
    int batch, features, count;
    const float* inputs(int k) const { return x.data() + (size_t)k * batch * features; }
    const int* labels(int k) const { return y.data() + (size_t)k * batch; }
};

static Stream batches(const Pool& pool, int batch, int count = 0) {
    int n = pool.rows();
    if (count == 0) count = std::min(64, std::lcm(n, batch) / batch);
    Stream s{std::vector<float>((size_t)count * batch * pool.features), std::vector<int>((size_t)count * batch), batch, pool.features, count};
    for (int k = 0; k < count; k++)
        for (int j = 0; j < batch; j++) {
            int row = (k * batch + j) % n;
            std::copy_n(pool.x.begin() + (size_t)row * pool.features, pool.features, s.x.begin() + ((size_t)k * batch + j) * pool.features);
            s.y[(size_t)k * batch + j] = pool.y[row];
        }
    return s;
}

// ---- Verification and timing (the protocol itself is in protocol.h) ----------------------------------------

template <template <int> class NetT, int TrainBatch>
static void verify(const char* name, const Pool& pool, const std::vector<float>& weights, Config config) {
    auto net = std::make_unique<NetT<TrainBatch>>();
    net->config = config;
    net->load(weights);
    Stream s = batches(pool, TrainBatch, 20);
    std::printf("{\"system\":\"eigen\",\"workload\":\"%s\",\"batch\":%d,\"losses\":[", name, TrainBatch);
    for (int k = 0; k < 20; k++) std::printf("%s%.9g", k ? "," : "", net->train(s.inputs(k), s.labels(k)));
    std::printf("]}\n");
}

template <template <int> class NetT>
static void predictMetrics(const char* name, const Pool& pool, const std::vector<float>& weights, Config config) {
    auto net = std::make_unique<NetT<1>>();
    net->config = config;
    net->load(weights);
    Stream s = batches(pool, 1);
    using Input = typename NetT<1>::Input;
    measure(name, "predict_1", 1, [&](long i) { net->forward(Input(s.inputs(i % s.count))); keep(net->output().data()); }, [] {}, false);
    std::vector<float> x = s.x;
    measure(name, "predict_1_dep", 1, [&](long i) {
        int k = i % s.count;
        float* first = x.data() + (size_t)k * s.features;
        *first = s.x[(size_t)k * s.features] + 0.f * net->output()(0, 0);
        net->forward(Input(first));
        keep(net->output().data());
    }, [] {}, false);
}

template <template <int> class NetT, int B>
static void trainMetric(const char* name, const Pool& pool, const std::vector<float>& weights, Config config) {
    auto net = std::make_unique<NetT<B>>();
    net->config = config;
    net->load(weights);
    Stream s = batches(pool, B);
    measure(name, "train_b" + std::to_string(B), B, [&](long i) { float l = net->train(s.inputs(i % s.count), s.labels(i % s.count)); keep(&l); },
            [&] { net->reset(); }, true);
}

template <template <int> class NetT, int B>
static void forwardMetric(const char* name, const Pool& pool, const std::vector<float>& weights, Config config) {
    auto net = std::make_unique<NetT<B>>();
    net->config = config;
    net->load(weights);
    Stream s = batches(pool, B);
    using Input = typename NetT<B>::Input;
    measure(name, "forward_b" + std::to_string(B), B, [&](long i) { net->forward(Input(s.inputs(i % s.count))); keep(net->output().data()); }, [] {}, false);
}

int main(int argc, char** argv) {
    if (argc < 3) { std::fprintf(stderr, "usage: eigen_reference verify|protocol <weights dir> [data dir]\n"); return 2; }
    std::string mode = argv[1], dir = argv[2], data = argc > 3 ? argv[3] : "Data";
    Pool xorPool{{0, 0, 0, 1, 1, 0, 1, 1}, {0, 1, 1, 0}, 2};
    Pool iris = csv(data + "/iris.csv"), digits = csv(data + "/digits_train.csv");
    Pool mnist = synthetic(784, 101, 102, 1.f, 0.f), deep = synthetic(256, 201, 202, 2.f, -1.f);
    Config xorC{Loss::BinaryCrossEntropy, Opt::Sgd, 0.5f, 0.f, false}, irisC{Loss::SoftmaxCrossEntropy, Opt::Adam, 0.01f, 0.f, false},
        digitsC{Loss::SoftmaxCrossEntropy, Opt::Adam, 1e-3f, 0.f, false}, mnistC{Loss::SoftmaxCrossEntropy, Opt::Momentum, 0.01f, 0.9f, false},
        deepC{Loss::SoftmaxCrossEntropy, Opt::Adam, 1e-3f, 0.f, true};
    auto w = [&](const char* name) { return readWeights(dir + "/" + name + ".f32"); };
    if (mode == "verify") {
        verify<XorNet, 1>("xor", xorPool, w("xor"), xorC);
        verify<IrisNet, 16>("iris", iris, w("iris"), irisC);
        verify<DigitsNet, 32>("digits", digits, w("digits"), digitsC);
        verify<MnistNet, 64>("mnist", mnist, w("mnist"), mnistC);
        verify<DeepNet, 64>("deep", deep, w("deep"), deepC);
        return 0;
    }
    predictMetrics<XorNet>("xor", xorPool, w("xor"), xorC);
    trainMetric<XorNet, 1>("xor", xorPool, w("xor"), xorC);
    predictMetrics<IrisNet>("iris", iris, w("iris"), irisC);
    trainMetric<IrisNet, 1>("iris", iris, w("iris"), irisC);
    trainMetric<IrisNet, 16>("iris", iris, w("iris"), irisC);
    forwardMetric<IrisNet, 16>("iris", iris, w("iris"), irisC);
    predictMetrics<DigitsNet>("digits", digits, w("digits"), digitsC);
    trainMetric<DigitsNet, 32>("digits", digits, w("digits"), digitsC);
    forwardMetric<DigitsNet, 32>("digits", digits, w("digits"), digitsC);
    predictMetrics<MnistNet>("mnist", mnist, w("mnist"), mnistC);
    trainMetric<MnistNet, 1>("mnist", mnist, w("mnist"), mnistC);
    trainMetric<MnistNet, 64>("mnist", mnist, w("mnist"), mnistC);
    forwardMetric<MnistNet, 64>("mnist", mnist, w("mnist"), mnistC);
    predictMetrics<DeepNet>("deep", deep, w("deep"), deepC);
    trainMetric<DeepNet, 64>("deep", deep, w("deep"), deepC);
    forwardMetric<DeepNet, 64>("deep", deep, w("deep"), deepC);
    return 0;
}
