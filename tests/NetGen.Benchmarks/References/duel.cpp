// fast_reference.cpp's protocol loops as a shared library, for `NetGen.Benchmarks duel` (Protocol/DuelRun.cs): the
// two systems in one process, each metric's blocks of about 0.1 s alternated round after round. The host's speed
// drifts within minutes, and each process places its code and data differently (unchanged NetGen code moved by up to
// 5 % between processes of one minute), so alternating inside one process takes the drift out of each ratio, and
// several processes take the placement out of their median.
//
//   g++ -O3 -march=native -std=c++17 -fPIC -shared tests/NetGen.Benchmarks/References/duel.cpp -o libduel.so
//
// Every loop is fast_reference.cpp's protocol loop (protocol.h's run(): reset first, then every 1000 training
// calls), with the same streams and metric bodies as its main().
#define main fast_reference_main
#include "fast_reference.cpp"
#undef main

#include <functional>
#include <memory>

namespace {

struct Metric {
    std::string name;
    std::function<double(long)> run;  // seconds for `calls` calls from the starting state
};

std::vector<Metric> metrics;
std::vector<std::unique_ptr<Stream>> streams;  // the metrics' streams, alive as long as the library

Stream* keepStream(Stream s) { streams.push_back(std::make_unique<Stream>(std::move(s))); return streams.back().get(); }

template <class F, class R> void add(const std::string& name, F op, R reset, bool trains) {
    metrics.push_back({name, [op, reset, trains](long calls) mutable { reset(); return run(op, reset, trains, calls); }});
}

template <class Forward, class Out> void addPredicts(const std::string& workload, const Pool& pool, Forward forward, Out out, const std::string& suffix = "") {
    Stream* s = keepStream(batches(pool, 1));
    Stream* d = keepStream(batches(pool, 1));  // a writable copy: each call's first input depends on the previous output
    add(workload + " predict_1" + suffix, [=](long i) { forward(s->inputs(i % s->count)); keep(out()); }, [] {}, false);
    add(workload + " predict_1_dep" + suffix, [=](long i) {
        int k = i % d->count;
        float* first = d->base() + k * d->stride;
        *first = s->inputs(k)[0] + 0.f * *out();
        forward(first);
        keep(out());
    }, [] {}, false);
}

// A batch training step's phases alone, each on the stream's first batch ("<workload> phase_forward", "phase_loss",
// "phase_backward": train()'s three parts; the loss after a forward pass, the backward after a whole step, both
// again every 1000 calls as the protocol restores training): the duel times NetGen's generated methods for the same.
template <class Net> void addPhases(const std::string& workload, Net* net, const Pool& pool, int batch) {
    Stream* s = keepStream(batches(pool, batch));
    add(workload + " phase_forward", [=](long) { net->trainingForward(s->inputs(0)); keep(net); }, [] {}, false);
    add(workload + " phase_loss", [=](long) { float l = net->loss(s->labels(0)); keep(&l); }, [=] { net->trainingForward(s->inputs(0)); }, false);
    add(workload + " phase_backward", [=](long) { net->stepBackward(s->inputs(0)); keep(net); },
        [=] { net->reset(); float l = net->train(s->inputs(0), s->labels(0)); keep(&l); }, true);
}

// The predictions again, each a call the compiler may not inline ("<metric> called"): as a .NET caller gets NetGen's
// Predict, a method of its own, so its constants and weights are loaded in every call instead of held in the caller's
// registers across the loop. The duel runs them against NetGen's same metric.
template <class Net> __attribute__((noinline)) void predictCalled(Net* net, const float* in) { net->predict(in); }
template <class Net> __attribute__((noinline)) void forwardCalled(Net* net, const float* in) { net->forward(in); }

template <class Net> void addTrain(const std::string& workload, Net* net, const Pool& pool, int batch) {
    Stream* s = keepStream(batches(pool, batch));
    add(workload + " train_b" + std::to_string(batch), [=](long i) { float l = net->train(s->inputs(i % s->count), s->labels(i % s->count)); keep(&l); },
        [=] { net->reset(); }, true);
}

template <int B, class Net> void addForward(const std::string& workload, Net* net, const Pool& pool) {
    Stream* s = keepStream(batches(pool, B));
    add(workload + " forward_b" + std::to_string(B), [=](long i) { net->forward(s->inputs(i % s->count)); keep(net->output()); }, [] {}, false);
}

}  // namespace

// Loads the weights and data, builds the metrics of fast_reference's `protocol` in its order; returns their count.
extern "C" int duel_init(const char* weightsDirectory, const char* dataDirectory) {
    if (!metrics.empty()) return (int)metrics.size();
    std::string dir = weightsDirectory, data = dataDirectory;
    static Pool xorPool{{0, 0, 0, 1, 1, 0, 1, 1}, {0, 1, 1, 0}, 2};
    static Pool iris = csv(data + "/iris.csv"), digits = csv(data + "/digits_train.csv");
    static std::vector<float> wXor = readWeights(dir + "/xor.f32"), wIris = readWeights(dir + "/iris.f32"), wDigits = readWeights(dir + "/digits.f32");
    static AdamSchedule irisAdam(0.01), digitsAdam(1e-3);
    static auto xorNet = std::make_unique<XorNet>();
    static auto iris1 = std::make_unique<Iris1>();
    static auto iris16 = std::make_unique<Iris16>();
    static auto digits1 = std::make_unique<Digits1>();
    static auto digits32 = std::make_unique<Digits32>();
    xorNet->load(wXor.data());
    iris1->load(wIris.data(), &irisAdam);
    iris16->load(wIris.data(), &irisAdam);
    digits1->load(wDigits.data(), &digitsAdam);
    digits32->load(wDigits.data(), &digitsAdam);
    XorNet* x = xorNet.get();
    Iris1* i1 = iris1.get();
    Digits1* d1 = digits1.get();
    addPredicts("xor", xorPool, [=](const float* in) { x->predict(in); }, [=] { return &x->output; });
    addTrain("xor", x, xorPool, 1);
    addPredicts("iris", iris, [=](const float* in) { i1->forward(in); }, [=] { return i1->output(); });
    addTrain("iris", i1, iris, 1);
    addTrain("iris", iris16.get(), iris, 16);
    addForward<16>("iris", iris16.get(), iris);
    addPredicts("digits", digits, [=](const float* in) { d1->forward(in); }, [=] { return d1->output(); });
    addPredicts("xor", xorPool, [=](const float* in) { predictCalled(x, in); }, [=] { return &x->output; }, " called");
    addPredicts("iris", iris, [=](const float* in) { forwardCalled(i1, in); }, [=] { return i1->output(); }, " called");
    addPredicts("digits", digits, [=](const float* in) { forwardCalled(d1, in); }, [=] { return d1->output(); }, " called");
    addTrain("digits", digits32.get(), digits, 32);
    addForward<32>("digits", digits32.get(), digits);
    addPhases("iris", iris16.get(), iris, 16);
    addPhases("digits", digits32.get(), digits, 32);
    return (int)metrics.size();
}

// "workload metric", as the protocol's JSON lines name it.
extern "C" const char* duel_name(int metric) { return metrics[metric].name.c_str(); }

// Seconds for `calls` calls of the metric, from its starting state (training: reset first and every 1000 calls).
extern "C" double duel_run(int metric, long calls) { return metrics[metric].run(calls); }
