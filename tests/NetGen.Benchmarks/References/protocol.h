// The data reading and the timing protocol shared by the C++ references (docs/benchmarks.md, "Metrics and
// measurement protocol"): one copy, so every reference is read and timed exactly alike. A reference defines
// `static const char* const ReferenceSystem = "...";` (the "system" of its JSON lines) before including this file.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

// ---- Data ---------------------------------------------------------------------------------------------

struct Pool {
    std::vector<float> x;
    std::vector<int> y;
    int features;
    int rows() const { return (int)y.size(); }
};

static Pool csv(const std::string& path) {
    std::ifstream file(path);
    if (!file) { std::fprintf(stderr, "cannot read %s\n", path.c_str()); std::exit(1); }
    std::string line;
    std::getline(file, line);
    Pool p{{}, {}, (int)std::count(line.begin(), line.end(), ',')};
    while (std::getline(file, line)) {
        if (line.empty()) continue;
        std::stringstream cells(line);
        std::string cell;
        for (int f = 0; f < p.features; f++) { std::getline(cells, cell, ','); p.x.push_back(std::stof(cell)); }
        std::getline(cells, cell, ',');
        p.y.push_back(std::stoi(cell));
    }
    return p;
}

// ---- The shared protocol ------------------------------------------------------------------------------

template <class F, class R> static double run(F& op, R& reset, bool trains, long calls) {
    auto start = std::chrono::steady_clock::now();
    for (long i = 0; i < calls; i++) {
        if (trains && i > 0 && i % 1000 == 0) reset();
        op(i);
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

template <class F, class R> static void measure(const char* workload, const std::string& metric, int batch, F op, R reset, bool trains) {
    reset();
    auto warmEnd = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
    long calls = 0;
    while (calls < 10 || std::chrono::steady_clock::now() < warmEnd) { run(op, reset, trains, 64); calls += 64; }
    long n = 1;
    double seconds;
    while (true) {
        reset();
        seconds = run(op, reset, trains, n);
        if (seconds >= 0.05) break;
        n *= 2;
    }
    long iterations = (long)std::ceil(n * 0.25 / seconds);
    std::vector<double> perCall;
    for (int r = 0; r < 7; r++) {
        reset();
        perCall.push_back(run(op, reset, trains, iterations) * 1e9 / iterations);
    }
    std::sort(perCall.begin(), perCall.end());
    std::printf("{\"system\":\"%s\",\"workload\":\"%s\",\"metric\":\"%s\",\"batch\":%d,\"median_ns\":%.6g,\"min_ns\":%.6g,\"max_ns\":%.6g}\n",
                ReferenceSystem, workload, metric.c_str(), batch, perCall[3], perCall[0], perCall[6]);
    std::fflush(stdout);
}

static std::vector<float> readWeights(const std::string& path) {
    std::ifstream file(path, std::ios::binary | std::ios::ate);
    if (!file) { std::fprintf(stderr, "cannot read %s (run NetGen's verify first)\n", path.c_str()); std::exit(1); }
    std::vector<float> w(file.tellg() / sizeof(float));
    file.seekg(0);
    file.read(reinterpret_cast<char*>(w.data()), w.size() * sizeof(float));
    return w;
}

static void keep(const void* p) { asm volatile("" : : "g"(p) : "memory"); }
