#!/usr/bin/python3
"""Runs NetGen, the Eigen C++ reference and PyTorch on the five workloads in one run, checks that they
compute the same thing, and writes docs/benchmarks.md (and the summary in README.md).

    /usr/bin/python3 tests/NetGen.Benchmarks/compare.py [--skip-torch] [--out docs/benchmarks.md]

Needs: the .NET SDK, g++ and gcc, libeigen3-dev, and Debian's python3-torch (for the PyTorch column).
Every system follows the protocol of docs/benchmarks.md; ratios are measured in this one run.
"""
import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
REFS = os.path.join(HERE, "References")
DATA = os.path.join(HERE, "Data")

LAYERS = {"xor": [2, 4, 1], "iris": [4, 16, 16, 3], "digits": [64, 64, 32, 10], "mnist": [784, 128, 10], "deep": [256] * 7 + [10]}
ORDER = ["predict_1", "predict_1_dep", "train_b1", "train_b16", "forward_b16", "train_b32", "forward_b32", "train_b64", "forward_b64", "train_b64_t2"]


def sh(cmd, **kw):
    print("+", " ".join(cmd), file=sys.stderr, flush=True)
    return subprocess.run(cmd, check=True, text=True, stdout=subprocess.PIPE, **kw).stdout


def jsonl(text):
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def forward_flops(name):
    s = LAYERS[name]
    return sum(2 * s[i] * s[i + 1] for i in range(len(s) - 1))


def train_flops(name):
    s = LAYERS[name]
    return 3 * forward_flops(name) - 2 * s[0] * s[1]


def weight_bytes(name):
    """Bytes a one-sample predict streams: NetGen's weights and biases, rows padded to 16 floats."""
    s = LAYERS[name]
    pad = lambda n: (n + 15) // 16 * 16
    return 4 * sum((s[i] + 1) * pad(s[i + 1]) for i in range(len(s) - 1))


def flops_of(name, metric, batch):
    return (train_flops(name) if metric.startswith("train") else forward_flops(name)) * batch


def fmt_time(ns):
    if ns is None:
        return "–"
    if ns < 1e3:
        return f"{ns:.3g} ns"
    if ns < 1e6:
        return f"{ns / 1e3:.3g} µs"
    return f"{ns / 1e6:.3g} ms"


def versions():
    v = {"dotnet": sh(["dotnet", "--version"]).strip(), "g++": sh(["g++", "--version"]).splitlines()[0]}
    macros = open("/usr/include/eigen3/Eigen/src/Core/util/Macros.h").read()
    v["Eigen"] = ".".join(re.search(rf"#define EIGEN_{k}_VERSION (\d+)", macros).group(1) for k in ("WORLD", "MAJOR", "MINOR"))
    try:
        v["PyTorch"] = sh(["/usr/bin/python3", "-c", "import torch; print(torch.__version__)"]).strip() + f" with {blas()}"
    except Exception:
        v["PyTorch"] = "not installed"
    return v


def blas():
    """The BLAS Debian's PyTorch loads (libblas.so.3 is an alternative). Users install OpenBLAS; the reference BLAS
    that comes without it made the batch figures of 2026-11-21 about 10x slower (mnist train b64: 5.25 ms, 0.5 ms)."""
    path = os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
    if "openblas" in path:
        return "OpenBLAS (libopenblas0-pthread)"
    print("warning: PyTorch runs on the reference BLAS; apt-get install libopenblas0-pthread to measure it as users run it", file=sys.stderr)
    return f"the reference BLAS ({path}): install libopenblas0-pthread, as users do"


def cpu():
    info = open("/proc/cpuinfo").read()
    get = lambda key: re.search(rf"^{key}\s*:\s*(.*)$", info, re.M).group(1)
    return f"{get('model name')} (family {get('cpu family')}, model {get('model')}), {os.cpu_count()} cores"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=os.path.join(ROOT, "docs", "benchmarks.md"))
    parser.add_argument("--skip-torch", action="store_true")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="netgen-bench-")
    weights = os.path.join(work, "weights")

    sh(["dotnet", "build", "-c", "Release", "-v", "q", "-nologo", os.path.join(HERE, "NetGen.Benchmarks.csproj")])
    sh(["dotnet", "build-server", "shutdown"])  # idle compiler servers would share the cores with the measurements
    netgen = ["dotnet", os.path.join(HERE, "bin", "Release", "net10.0", "NetGen.Benchmarks.dll")]
    eigen = os.path.join(work, "eigen_reference")
    sh(["g++", "-O3", "-march=native", "-std=c++17", "-I/usr/include/eigen3", os.path.join(REFS, "eigen_reference.cpp"), "-o", eigen])
    machine = os.path.join(work, "machine")
    sh(["gcc", "-O2", "-march=native", os.path.join(REFS, "machine.c"), "-o", machine])
    sh(["gcc", "-O2", "-march=native", "-mno-avx512f", os.path.join(REFS, "machine.c"), "-o", machine + "256"])
    torch = ["/usr/bin/python3", os.path.join(REFS, "torch_reference.py")]

    # Same starting weights for everyone; each system trains 20 steps from them.
    losses = {"netgen": {d["workload"]: d["losses"] for d in jsonl(sh(netgen + ["verify", weights]))}}
    losses["eigen"] = {d["workload"]: d["losses"] for d in jsonl(sh([eigen, "verify", weights, DATA]))}
    if not args.skip_torch:
        losses["pytorch"] = {d["workload"]: d["losses"] for d in jsonl(sh(torch + ["verify", weights, DATA]))}

    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    ceiling = json.loads(sh([machine] + [str(weight_bytes(n)) for n in ("mnist", "deep")]))
    ceiling256 = json.loads(sh([machine + "256"]))
    results = jsonl(sh(netgen + ["protocol", weights], env=env))
    results += jsonl(sh([eigen, "protocol", weights, DATA], env=env))
    if not args.skip_torch:
        results += jsonl(sh(torch + ["protocol", weights, DATA], env=env))
    # One process per workload, so each two-thread measurement starts from the same JIT state: dynamic PGO once
    # inlined a whole training step into the timing loop and ran out of inlining budget (see OptimizerKernels).
    threads = [r for name in ("mnist", "deep") for r in jsonl(sh(netgen + ["threads", weights, name], env=env))]
    results += [r for r in threads if "metric" in r]
    determinism = [r for r in threads if "identical" in r]

    report = render(results, losses, ceiling, ceiling256, determinism)
    with open(args.out, "w") as f:
        f.write(report)
    update_readme(results, ceiling)
    print(report)


def table_of(results):
    t = {}
    for r in results:
        t.setdefault((r["workload"], r["metric"]), {})[r["system"]] = r
    return t


def render(results, losses, ceiling, ceiling256, determinism):
    peak = ceiling["peak_gflops"]
    t = table_of(results)
    out = [
        "# Benchmarks",
        "",
        "Written by `/usr/bin/python3 tests/NetGen.Benchmarks/compare.py`, which builds and runs NetGen, a hand-written",
        "C++ reference with Eigen fixed-size matrices (`References/eigen_reference.cpp`, g++ -O3 -march=native) and",
        "PyTorch eager (`References/torch_reference.py`, one thread) on the five workloads of",
        "[WORKLOADS](#workloads), one after the other in one run, with the same protocol: warm up, calibrate a run to",
        "0.25 s, 7 timed runs, median (training restarts from the same weights every 1000 steps).",
        "Absolute times move between machines and runs; compare the ratios.",
        "",
        f"- Date: {datetime.date.today()}; machine: {cpu()}; {platform.platform()}",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in versions().items()),
        f"- Measured single-core FP32 peak (`References/machine.c`, FMA chains): **{peak:.0f} GFLOP/s** with {ceiling['vector_bits']}-bit vectors"
        f" ({ceiling256['peak_gflops']:.0f} GFLOP/s with 256-bit). % of peak below is against {peak:.0f}, in exact FLOPs"
        " (forward; training adds weight gradients of every layer and input gradients of every layer but the first).",
        "",
        "## Every workload and metric",
        "",
        "| Workload | Metric | PyTorch (io) | PyTorch (prebuilt) | Eigen | NetGen | NetGen / Eigen | NetGen % of peak | PyTorch / NetGen |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    slower = []
    for name in LAYERS:
        for metric in ORDER:
            row = t.get((name, metric))
            if not row or "netgen" not in row:
                continue
            ng = row["netgen"]
            get = lambda s: row[s]["median_ns"] if s in row else None
            ratio = ng["median_ns"] / get("eigen") if get("eigen") else None
            if ratio and ratio > 1.0:
                slower.append(f"{name} {metric} ({ratio:.2f})")
            pct = flops_of(name, metric.replace("_t2", ""), ng["batch"]) / ng["median_ns"] / peak * 100
            torch_ratio = f"{get('pytorch') / ng['median_ns']:.0f}x" if get("pytorch") else "–"
            out.append(f"| {name} | {metric} | {fmt_time(get('pytorch-io'))} | {fmt_time(get('pytorch'))} | {fmt_time(get('eigen'))} | "
                       f"**{fmt_time(ng['median_ns'])}** | {f'{ratio:.2f}' if ratio else '–'} | {pct:.1f}% | {torch_ratio} |")
    out += ["", "`predict_1_dep`: each call's input depends on the previous output (latency, not overlapped throughput).",
            "`train_b64_t2`: NetGen's opt-in two-thread `TrainBatch` (data-parallel halves, fixed-order reduction).", ""]

    out += ["## Targets", ""]
    out.append(f"- NetGen no slower than Eigen on every workload and metric: "
               + ("**met**." if not slower else "**not met** on " + ", ".join(slower) + "."))
    for name in ("mnist", "deep"):
        ng = t[(name, "train_b64")]["netgen"]
        pct = flops_of(name, "train_b64", 64) / ng["median_ns"] / peak * 100
        out.append(f"- {name} train batch 64 at {pct:.0f}% of the {peak:.0f} GFLOP/s peak ({'met' if pct >= 65 else 'not met'}: target 65%).")
    for name in ("mnist", "deep"):
        ng = t[(name, "predict_1")]["netgen"]["median_ns"]
        gbps = ceiling["read_gbps"][str(weight_bytes(name))]
        bound = weight_bytes(name) / gbps
        out.append(f"- {name} one-sample predict streams {weight_bytes(name) / 1024:.0f} KiB of weights; reading that much, resident in cache,"
                   f" runs at {gbps:.0f} GB/s here (`machine.c`), a bound of {fmt_time(bound)}. NetGen: {fmt_time(ng)},"
                   f" {ng / bound:.2f}x the bound ({'within' if ng <= 1.1 * bound else 'outside'} 10%).")
    one = t.get(("deep", "train_b64"), {}).get("netgen")
    two = t.get(("deep", "train_b64_t2"), {}).get("netgen")
    if one and two:
        speedup = one["median_ns"] / two["median_ns"]
        same = all(d["identical"] for d in determinism)
        out.append(f"- Two threads on deep, batch 64: {speedup:.3f}x the single-thread throughput ({'met' if speedup >= 1.7 else 'not met'}: target 1.7x);"
                   f" parameters after repeated runs {'bit-identical' if same else 'DIFFER'} ({len(determinism)} runs of 200 steps compared).")
    out += ["", "## Same computation", "",
            "Every system starts from NetGen's initial weights (exported in PyTorch `state_dict` order) and trains 20 steps on",
            "the verification batches; the largest difference of the 20 losses from NetGen's:", "",
            "| Workload | Eigen | PyTorch |", "|---|---|---|"]
    for name in LAYERS:
        cells = []
        for system in ("eigen", "pytorch"):
            if system in losses and name in losses[system]:
                diff = max(abs(a - b) for a, b in zip(losses["netgen"][name], losses[system][name]))
                cells.append(f"{diff:.1e}")
            else:
                cells.append("–")
        out.append(f"| {name} | {cells[0]} | {cells[1]} |")
    out += ["", "## Workloads", "",
            "| Name | Layers | Loss | Optimizer | Batches |", "|---|---|---|---|---|",
            "| xor | 2 → 4 tanh → 1 sigmoid | BCE | SGD lr 0.5 | 1 |",
            "| iris | 4 → 16 relu → 16 relu → 3 | softmax CE | Adam lr 0.01 | 1, 16 |",
            "| digits | 64 → 64 relu → 32 relu → 10 | softmax CE | Adam lr 1e-3 | 32 |",
            "| mnist | 784 → 128 relu → 10 | softmax CE | SGD momentum 0.9, lr 0.01 | 1, 64 |",
            "| deep | 256 → (256 relu) × 6 → 10 | softmax CE | Adam lr 1e-3, clip global norm 1.0 | 64 |",
            "", "Data: xor's 4 points; iris (z-scored) and digits (/16, fixed 80/20 split) from scikit-learn (CC BY 4.0,",
            "`tests/NetGen.Benchmarks/Data`); mnist and deep are synthetic (SplitMix64 streams, 1024 rows).",
            "BenchmarkDotNet runs the same cases with its MemoryDiagnoser:",
            "`dotnet run -c Release --project tests/NetGen.Benchmarks -- bdn --filter '*'` (every case allocates 0 B).", ""]
    return "\n".join(out)


def update_readme(results, ceiling):
    t = table_of(results)
    lines = ["| Workload | Metric | PyTorch | Eigen C++ | NetGen | NetGen / Eigen |", "|---|---|---|---|---|---|"]
    for name, metric in [("xor", "predict_1"), ("iris", "train_b16"), ("digits", "train_b32"), ("mnist", "train_b64"), ("deep", "predict_1"), ("deep", "train_b64")]:
        row = t.get((name, metric), {})
        if "netgen" not in row:
            continue
        get = lambda s: row[s]["median_ns"] if s in row else None
        ratio = f"{get('netgen') / get('eigen'):.2f}" if get("eigen") else "–"
        lines.append(f"| {name} | {metric} | {fmt_time(get('pytorch'))} | {fmt_time(get('eigen'))} | **{fmt_time(get('netgen'))}** | {ratio} |")
    path = os.path.join(ROOT, "README.md")
    text = open(path).read()
    start, end = "<!-- benchmarks:start -->", "<!-- benchmarks:end -->"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = head + start + "\n" + "\n".join(lines) + "\n" + end + tail
        open(path, "w").write(text)


if __name__ == "__main__":
    main()
