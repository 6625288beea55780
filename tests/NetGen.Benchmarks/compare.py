#!/usr/bin/python3
"""Runs NetGen, the Eigen C++ reference, PyTorch, TorchSharp and ONNX Runtime on the five workloads in one run,
checks that they compute the same thing, and writes docs/benchmarks.md (and the summary in README.md).

    /usr/bin/python3 tests/NetGen.Benchmarks/compare.py [--rounds 3] [--skip-torch] [--skip-peers] [--out docs/benchmarks.md]
                                                        [--save run.json] [--render run.json]

Needs: the .NET SDK, g++ and gcc, libeigen3-dev, Debian's python3-torch with libopenblas0-pthread (the PyTorch
column), python3-onnx (the ONNX export) and NuGet access for tests/NetGen.Benchmarks.Peers (TorchSharp-cpu, ONNX
Runtime; about 1 GB restored). Every system follows the protocol of docs/benchmarks.md. The systems run one after
the other, in a rotated order, once per round; a ratio is taken within each round, and the tables give the median
over the rounds (times: the median of the rounds' medians).
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
PEERS = os.path.join(ROOT, "tests", "NetGen.Benchmarks.Peers")
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


def median(values):
    values = sorted(values)
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def package_version(name):
    props = open(os.path.join(ROOT, "Directory.Packages.props")).read()
    return re.search(rf'Include="{re.escape(name)}" Version="([^"]+)"', props).group(1)


def versions():
    v = {"dotnet": sh(["dotnet", "--version"]).strip(), "g++": sh(["g++", "--version"]).splitlines()[0]}
    macros = open("/usr/include/eigen3/Eigen/src/Core/util/Macros.h").read()
    v["Eigen"] = ".".join(re.search(rf"#define EIGEN_{k}_VERSION (\d+)", macros).group(1) for k in ("WORLD", "MAJOR", "MINOR"))
    try:
        v["PyTorch"] = sh(["/usr/bin/python3", "-c", "import torch; print(torch.__version__)"]).strip() + f" with {blas()}"
    except Exception:
        v["PyTorch"] = "not installed"
    v["TorchSharp-cpu"] = package_version("TorchSharp-cpu") + " (libtorch 2.10.0 CPU)"
    v["Microsoft.ML.OnnxRuntime"] = package_version("Microsoft.ML.OnnxRuntime")
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
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-torch", action="store_true")
    parser.add_argument("--skip-peers", action="store_true", help="no TorchSharp, ONNX Runtime or footprint")
    parser.add_argument("--save", help="also write every measurement of the run to this JSON file")
    parser.add_argument("--render", help="write the documents from a file --save wrote, measuring nothing (its \"notes\" become bullets)")
    args = parser.parse_args()
    if args.render:
        with open(args.render) as f:
            run = json.load(f)
        write(args.out, run)
        return
    work = tempfile.mkdtemp(prefix="netgen-bench-")
    weights = os.path.join(work, "weights")

    sh(["dotnet", "build", "-c", "Release", "-v", "q", "-nologo", os.path.join(HERE, "NetGen.Benchmarks.csproj")])
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
    systems = [("netgen", netgen + ["protocol", weights]), ("eigen", [eigen, "protocol", weights, DATA])]
    if not args.skip_torch:
        systems.append(("pytorch", torch + ["protocol", weights, DATA]))
    footprint, output_diffs = [], {}
    if not args.skip_peers:
        # The peers' project (not in NetGen.sln), the ONNX models exported from the same weights, and the footprint probes.
        sh(["dotnet", "build", "-c", "Release", "-v", "q", "-nologo", os.path.join(PEERS, "NetGen.Benchmarks.Peers.csproj")])
        peers = ["dotnet", os.path.join(PEERS, "bin", "Release", "net10.0", "linux-x64", "NetGen.Benchmarks.Peers.dll")]
        onnx = os.path.join(work, "onnx")
        sh(["/usr/bin/python3", os.path.join(PEERS, "Onnx", "export_onnx.py"), weights, onnx])
        for d in jsonl(sh(peers + ["verify", weights, onnx], env=env)):
            losses.setdefault(d["system"], {})[d["workload"]] = d["losses"]
            if "max_output_diff_vs_torchsharp" in d:
                output_diffs[d["workload"]] = d["max_output_diff_vs_torchsharp"]
        footprint = jsonl(sh(["/usr/bin/python3", os.path.join(PEERS, "Footprint", "footprint.py"), os.path.join(onnx, "mnist.onnx")]))
        systems += [("torchsharp", peers + ["torchsharp", weights]), ("onnxruntime", peers + ["onnxruntime", onnx])]
    sh(["dotnet", "build-server", "shutdown"])  # idle compiler servers would share the cores with the measurements

    ceiling = json.loads(sh([machine] + [str(weight_bytes(n)) for n in ("mnist", "deep")]))
    ceiling256 = json.loads(sh([machine + "256"]))
    # Each round runs every system once, starting one system later than the round before, so a slow spell of the
    # shared machine lands on different systems; ratios are taken within a round.
    rounds, crashes, load = [], [], []
    for r in range(args.rounds):
        order = systems[r % len(systems):] + systems[:r % len(systems)]
        print(f"== round {r + 1} of {args.rounds}: " + ", ".join(name for name, _ in order), file=sys.stderr, flush=True)
        load.append(os.getloadavg()[0])
        rounds.append([row for name, cmd in order for row in jsonl(run_system(name, cmd, env, crashes, r + 1))])
    results = combine(rounds)
    # One process per workload, so each two-thread measurement starts from the same JIT state: dynamic PGO once
    # inlined a whole training step into the timing loop and ran out of inlining budget (see OptimizerKernels).
    threads = [r for name in ("mnist", "deep") for r in jsonl(sh(netgen + ["threads", weights, name], env=env))]
    results += [dict(r, rounds=[r["median_ns"]]) for r in threads if "metric" in r]
    determinism = [r for r in threads if "identical" in r]

    run = {"results": results, "losses": losses, "ceiling": ceiling, "ceiling256": ceiling256, "determinism": determinism,
           "footprint": footprint, "output_diffs": output_diffs, "rounds": args.rounds, "crashes": crashes, "load": load, "notes": [], "date": str(datetime.date.today()),
           "machine": cpu(), "platform": platform.platform(), "versions": versions()}
    if args.save:
        with open(args.save, "w") as f:
            json.dump(run, f, indent=1)
    write(args.out, run)


def write(out, run):
    report = render(run)
    with open(out, "w") as f:
        f.write(report)
    update_readme(run["results"], run["footprint"])
    print(report)


def run_system(name, cmd, env, crashes, round_number, tries=3):
    """One system's protocol run. A process that dies is started again (at most `tries` times in all), and each death
    is recorded for the report with the first line of what it said: TorchSharp's training aborted once in libtorch."""
    for attempt in range(1, tries + 1):
        print("+", " ".join(cmd), file=sys.stderr, flush=True)
        done = subprocess.run(cmd, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        sys.stderr.write(done.stderr)
        if done.returncode == 0:
            return done.stdout
        said = next((line.strip() for line in done.stderr.splitlines() if "xception" in line), done.stderr.strip()[-300:])
        last = jsonl(done.stdout)[-1] if jsonl(done.stdout) else {}
        crashes.append({"system": name, "round": round_number, "attempt": attempt, "exit": done.returncode, "said": said[:300],
                        "after": f"{last.get('system')} {last.get('workload')} {last.get('metric')}" if last else "nothing"})
        print(f"warning: {name} died in round {round_number} (exit {done.returncode}): {said[:200]}", file=sys.stderr, flush=True)
    raise RuntimeError(f"{name} died {tries} times in round {round_number}")


def combine(rounds):
    """One row per system, workload and metric: the median over the rounds, each round's median kept in "rounds"."""
    rows = {}
    for results in rounds:
        for r in results:
            key = (r["system"], r["workload"], r["metric"])
            rows.setdefault(key, dict(r, rounds=[]))["rounds"].append(r["median_ns"])
    for row in rows.values():
        row["median_ns"] = median(row["rounds"])
    return list(rows.values())


def ratio_rounds(row, system, base="netgen"):
    """system / base in each round where both ran, and their median; None if either is missing."""
    if system not in row or base not in row:
        return None
    pairs = list(zip(row[system]["rounds"], row[base]["rounds"]))
    if not pairs:
        return None
    per_round = [a / b for a, b in pairs]
    return median(per_round), per_round


def fmt_ratio(value):
    return f"{value:.2f}" if value < 10 else f"{value:.0f}"


def table_of(results):
    t = {}
    for r in results:
        t.setdefault((r["workload"], r["metric"]), {})[r["system"]] = r
    return t


PEER_COLUMNS = [("onnxruntime", "ONNX Runtime (IOBinding)"), ("onnxruntime-simple", "ONNX Runtime (NamedOnnxValue)"),
                ("torchsharp", "TorchSharp (prebuilt)"), ("torchsharp-io", "TorchSharp (io)"), ("pytorch", "PyTorch (prebuilt)")]
PROBES = {"NetGenApp": "NetGen", "OnnxApp": "ONNX Runtime", "TorchSharpApp": "TorchSharp"}


def ratio_cell(row, system, base="netgen"):
    got = ratio_rounds(row, system, base)
    if not got:
        return "–"
    mid, per_round = got
    return f"{fmt_ratio(mid)} ({', '.join(fmt_ratio(r) for r in per_round)})" if len(per_round) > 1 else fmt_ratio(mid)


def fmt_bytes(b):
    return "–" if b is None else f"{b:.0f} B" if b < 1024 else f"{b / 1024:.1f} KB"


def footprint_rows(footprint):
    """Per system: MB added to a framework-dependent publish, the native libraries, and what Native AOT does."""
    by = {(r["probe"], r["mode"]): r for r in footprint}
    rows = {}
    for probe, system in PROBES.items():
        jit, aot = by.get((probe, "jit")), by.get((probe, "aot"))
        base_jit, base_aot = by.get(("Baseline", "jit")), by.get(("Baseline", "aot"))
        if not jit or not base_jit:
            continue
        added = (jit["bytes"] - base_jit["bytes"]) / 1e6
        native = sorted(jit.get("native", {}).items(), key=lambda kv: -kv[1])
        size = lambda b: f"{b / 1e6:.1f} MB" if b >= 1e5 else f"{b / 1e3:.0f} KB"
        native_text = f"{len(native)} ({', '.join(f'{n} {size(b)}' for n, b in native[:3])}{', …' if len(native) > 3 else ''})" if native else "none"
        warned = f" ({len(aot['warnings'])} trim/AOT warning codes: {', '.join(aot['warnings'][:4])}{', …' if len(aot['warnings']) > 4 else ''})" if aot and aot["warnings"] else ""
        if not aot:
            aot_text = "not tried"
        elif not aot["published"]:
            aot_text = f"no: the publish fails{warned}: {aot.get('error', '')[:160]}"
        elif aot["exit"] != 0 or aot["output"] != jit["output"]:
            aot_text = f"publishes{warned}, but the app fails at run time: `{aot['output'][:160]}`"
        else:
            aot_text = f"yes{warned}: runs, same output; adds {(aot['bytes'] - base_aot['bytes']) / 1e6:.1f} MB to the AOT app"
        rows[system] = (added, native_text, aot_text)
    return rows


def render(run):
    results, losses, ceiling, ceiling256 = run["results"], run["losses"], run["ceiling"], run["ceiling256"]
    determinism, footprint, output_diffs, rounds = run["determinism"], run["footprint"], run["output_diffs"], run["rounds"]
    peak = ceiling["peak_gflops"]
    t = table_of(results)
    out = [
        "# Benchmarks",
        "",
        "Written by `/usr/bin/python3 tests/NetGen.Benchmarks/compare.py`, which builds and runs NetGen, a hand-written",
        "C++ reference with Eigen fixed-size matrices (`References/eigen_reference.cpp`, g++ -O3 -march=native),",
        "PyTorch eager (`References/torch_reference.py`, one thread), and the peers a .NET developer would pick instead,",
        "TorchSharp and ONNX Runtime (`tests/NetGen.Benchmarks.Peers`, [below](#the-peers-measured-side-by-side)), on the",
        "five workloads of [WORKLOADS](#workloads), with the same protocol: warm up, calibrate a run to 0.25 s, 7 timed",
        "runs, median (training restarts from the same weights every 1000 steps). The machine is shared, so the systems run",
        f"one after the other in {rounds} rounds, each round starting with a different system; a ratio is taken within each",
        "round, and the tables give the median over the rounds (the rounds' own values in brackets) and the median time.",
        "Absolute times move between machines and runs; compare the ratios.",
        "",
        f"- Date: {run['date']}; machine: {run['machine']}; {run['platform']}",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in run["versions"].items()),
    ]
    if run.get("load"):
        out.append("- Load average (1 min) when each round started: " + ", ".join(f"{x:.1f}" for x in run["load"]) + ".")
    out += [f"- {note}" for note in run.get("notes", [])]
    out += [
        "- NetGen against a hand-tuned C++ reference, metric by metric: [fast_reference.md](../tests/NetGen.Benchmarks/References/fast_reference.md);",
        "  what NetGen adds to a build: [buildtime.md](buildtime.md).",
        f"- Measured single-core FP32 peak (`References/machine.c`, FMA chains): **{peak:.0f} GFLOP/s** with {ceiling['vector_bits']}-bit vectors"
        f" ({ceiling256['peak_gflops']:.0f} GFLOP/s with 256-bit). % of peak below is against {peak:.0f}, in exact FLOPs"
        " (forward; training adds weight gradients of every layer and input gradients of every layer but the first).",
        "",
        "## Every workload and metric",
        "",
        "| Workload | Metric | PyTorch (io) | PyTorch (prebuilt) | Eigen | NetGen | NetGen / Eigen (rounds) | NetGen % of peak | PyTorch / NetGen |",
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
            ratio = ratio_rounds(row, "netgen", "eigen")
            if ratio and ratio[0] > 1.0:
                slower.append(f"{name} {metric} ({ratio[0]:.2f})")
            pct = flops_of(name, metric.replace("_t2", ""), ng["batch"]) / ng["median_ns"] / peak * 100
            torch_ratio = ratio_rounds(row, "pytorch")
            out.append(f"| {name} | {metric} | {fmt_time(get('pytorch-io'))} | {fmt_time(get('pytorch'))} | {fmt_time(get('eigen'))} | "
                       f"**{fmt_time(ng['median_ns'])}** | {ratio_cell(row, 'netgen', 'eigen')} | {pct:.1f}% | "
                       f"{f'{torch_ratio[0]:.0f}x' if torch_ratio else '–'} |")
    out += ["", "`predict_1_dep`: each call's input depends on the previous output (latency, not overlapped throughput).",
            "`train_b64_t2`: NetGen's opt-in two-thread `TrainBatch` (data-parallel halves, fixed-order reduction), measured once.", ""]

    out += ["## Targets", ""]
    out.append(f"- NetGen no slower than Eigen on every workload and metric (median of the rounds' ratios): "
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

    if any(s in row for row in t.values() for s in ("torchsharp", "onnxruntime")):
        out += render_peers(t, footprint, run.get("crashes", []))

    out += ["", "## Same computation", "",
            "Every system starts from NetGen's initial weights (exported in PyTorch `state_dict` order) and trains 20 steps on",
            "the verification batches; the largest difference of the 20 losses from NetGen's. ONNX Runtime only predicts: its",
            "column compares the first loss (the verification batch at the starting weights, from its outputs), and the last",
            "column is the largest difference of its outputs from TorchSharp's forward pass on the 20 batches (its two paths",
            "give identical outputs; the peers' `verify` checks that).", "",
            "| Workload | Eigen | PyTorch | TorchSharp | ONNX Runtime (first loss) | ONNX Runtime outputs vs TorchSharp |", "|---|---|---|---|---|---|"]
    for name in LAYERS:
        cells = []
        for system in ("eigen", "pytorch", "torchsharp", "onnxruntime"):
            if system in losses and name in losses[system]:
                diff = max(abs(a - b) for a, b in zip(losses["netgen"][name], losses[system][name]))
                cells.append(f"{diff:.1e}")
            else:
                cells.append("–")
        cells.append(f"{output_diffs[name]:.1e}" if name in output_diffs else "–")
        out.append(f"| {name} | " + " | ".join(cells) + " |")
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


def render_peers(t, footprint, crashes):
    out = ["", "## The peers, measured side by side", "",
           "What a .NET developer who does not use NetGen would pick: TorchSharp (libtorch) to train and ONNX Runtime to run",
           "a network exported from PyTorch. `tests/NetGen.Benchmarks.Peers` times them with NetGen's own protocol code",
           "(`Protocol/ProtocolTimer.cs`, compiled into it), from the same starting weights and batch streams, one thread:",
           "",
           "- **TorchSharp** (TorchSharp-cpu): the network as its documentation writes one, an `nn.Sequential` of `nn.Linear` and",
           "  activation modules, `torch.optim` (SGD with momentum, Adam), `torch.nn.functional` losses, `clip_grad_norm_`, a",
           "  `torch.NewDisposeScope()` around every call, `torch.set_num_threads(1)`. *prebuilt*: the input and target tensors",
           "  are made before timing, predict runs inside one outer `no_grad()` and leaves its output a tensor; *io*: each call",
           "  makes its tensors from the application's arrays (`torch.tensor`) and predict copies its output into a `float[]`.",
           "- **ONNX Runtime** (Microsoft.ML.OnnxRuntime): the `nn.Sequential` exported by `torch.onnx.export` (opset 17, dynamic",
           "  batch; `Onnx/export_onnx.py`), a session with one intra-op and one inter-op thread, every graph optimization.",
           "  *NamedOnnxValue*: the tutorials' call, a `DenseTensor` over the input array, `session.Run(inputs)`, the output",
           "  read with `AsEnumerable<float>().ToArray()`; *IOBinding*: `OrtValue`s over pre-allocated input and output arrays",
           "  bound once per batch, one `RunWithBinding` per call. ONNX Runtime's .NET package has no training.",
           "",
           "Commands (the figures below; `compare.py` runs all of them):",
           "",
           "```",
           "dotnet run -c Release --project tests/NetGen.Benchmarks -- verify /tmp/w/weights         # shared starting weights",
           "/usr/bin/python3 tests/NetGen.Benchmarks.Peers/Onnx/export_onnx.py /tmp/w/weights /tmp/w/onnx",
           "dotnet build -c Release tests/NetGen.Benchmarks.Peers",
           "P=tests/NetGen.Benchmarks.Peers/bin/Release/net10.0/linux-x64/NetGen.Benchmarks.Peers.dll",
           "dotnet $P verify /tmp/w/weights /tmp/w/onnx                                   # losses and outputs",
           "OMP_NUM_THREADS=1 dotnet $P torchsharp /tmp/w/weights                        # one JSON line per metric",
           "OMP_NUM_THREADS=1 dotnet $P onnxruntime /tmp/w/onnx",
           "/usr/bin/python3 tests/NetGen.Benchmarks.Peers/Footprint/footprint.py /tmp/w/onnx/mnist.onnx",
           "```",
           "",
           "TorchSharp 0.107's `libLibTorchSharp.so` is built with GCC 13 and asks for `GLIBCXX_3.4.32`; Debian 12's libstdc++",
           "is GCC 12's (up to 3.4.30) and no Debian 12 package has a newer one. The requirement comes from one symbol,",
           "`std::ios_base_library_init()`, that GCC 13's `<iostream>` references only to pin the library version: no relocation",
           "uses it. The peers' build marks that version requirement weak in its own copy of the library",
           "(`Native/weaken_glibcxx.py`, after checking that no relocation needs a missing version; the NuGet cache is left",
           "alone). Without it, TorchSharp does not load on Debian 12; a user there has to do the same or use a newer distribution.",
           "",
           ]
    if crashes:
        out += ["**Crashes in this run.** A process that dies is started again in the same round (compare.py, `run_system`);",
                "the deaths:", ""]
        out += [f"- {c['system']}, round {c['round']}, attempt {c['attempt']}: exit {c['exit']} after the line for {c['after']}:"
                f" `{c['said']}`" for c in crashes]
        out += [""]
    else:
        out += ["No process died in this run.", ""]
    out += ["### Time per call (median of the rounds)", "",
           "| Workload | Metric | NetGen | " + " | ".join(label for _, label in PEER_COLUMNS) + " |",
           "|---|---|---|" + "---|" * len(PEER_COLUMNS)]
    for name in LAYERS:
        for metric in ORDER:
            row = t.get((name, metric))
            if not row or "netgen" not in row or metric.endswith("_t2"):
                continue
            cells = [fmt_time(row[s]["median_ns"]) if s in row else "–" for s, _ in PEER_COLUMNS]
            out.append(f"| {name} | {metric} | **{fmt_time(row['netgen']['median_ns'])}** | " + " | ".join(cells) + " |")
    out += ["", "### Ratio to NetGen, median of the rounds (each round's ratio in brackets)", "",
            "| Workload | Metric | " + " | ".join(f"{label} / NetGen" for _, label in PEER_COLUMNS) + " |",
            "|---|---|" + "---|" * len(PEER_COLUMNS)]
    for name in LAYERS:
        for metric in ORDER:
            row = t.get((name, metric))
            if not row or "netgen" not in row or metric.endswith("_t2"):
                continue
            out.append(f"| {name} | {metric} | " + " | ".join(ratio_cell(row, s) for s, _ in PEER_COLUMNS) + " |")
    alloc_systems = [("netgen", "NetGen")] + PEER_COLUMNS[:4]
    out += ["", "### Managed allocations per call", "",
            "`GC.GetAllocatedBytesForCurrentThread()` around a run of calls (up to 1000, no reset inside) after the timed runs,",
            "divided by the calls. Native memory is not counted: libtorch's tensors and ONNX Runtime's buffers live there.", "",
            "| Workload | Metric | " + " | ".join(label for _, label in alloc_systems) + " |", "|---|---|" + "---|" * len(alloc_systems)]
    for name in LAYERS:
        for metric in ORDER:
            row = t.get((name, metric))
            if not row or "netgen" not in row or metric.endswith("_t2"):
                continue
            out.append(f"| {name} | {metric} | " + " | ".join(fmt_bytes(row[s].get("bytes_per_call")) if s in row else "–" for s, _ in alloc_systems) + " |")
    rows = footprint_rows(footprint)
    if rows:
        out += ["", "### What each adds to a published app", "",
                "`Footprint/footprint.py` publishes the smallest app that predicts mnist with each system (`Footprint/*`: NetGen and",
                "TorchSharp also take one training step) for linux-x64, framework-dependent and with Native AOT, runs what was",
                "published, and compares it with an empty app published the same way (pdb and dbg files left out).", "",
                "| System | Adds to a framework-dependent app | Native libraries | Native AOT |", "|---|---|---|---|"]
        for system, (added, native, aot) in rows.items():
            out.append(f"| {system} | {added:.1f} MB | {native} | {aot} |")
        if any(n.endswith(".dll") for r in footprint for n in r.get("native", {})):
            out += ["", "A `.dll` among the native libraries is a Windows library that the package copies into the linux-x64 publish too."]
    return out


def update_readme(results, footprint):
    """The README's one table: a few metrics per system, what each adds to an app, Native AOT and allocations."""
    t = table_of(results)
    metrics = [("xor", "predict_1"), ("mnist", "predict_1"), ("deep", "forward_b64"), ("iris", "train_b16"), ("mnist", "train_b64"), ("deep", "train_b64")]
    systems = [("netgen", "**NetGen**", "NetGen"), ("onnxruntime", "ONNX Runtime, IOBinding", "ONNX Runtime"),
               ("onnxruntime-simple", "ONNX Runtime, NamedOnnxValue", "ONNX Runtime"), ("torchsharp-io", "TorchSharp", "TorchSharp"),
               ("pytorch", "PyTorch (Python, prebuilt tensors)", None), ("eigen", "Eigen C++ (reference)", None)]
    rows = footprint_rows(footprint)
    lines = ["| System | " + " | ".join(f"{n} {m}" for n, m in metrics) + " | Adds to an app | Native AOT | Allocates per call |",
             "|---|" + "---|" * (len(metrics) + 3)]
    for system, label, probe in systems:
        cells = []
        for key in metrics:
            row = t.get(key, {})
            cell = fmt_time(row[system]["median_ns"]) if system in row else "–"
            got = ratio_rounds(row, system) if system != "netgen" else None
            cells.append(f"{cell} ({fmt_ratio(got[0])}x)" if got else f"**{cell}**" if system == "netgen" and cell != "–" else cell)
        fp = rows.get(probe) if probe else None
        adds = f"{fp[0]:.1f} MB" if fp else "–"
        aot = "–" if not fp else "yes" if fp[2].startswith("yes") else "no"
        allocs = [r[system].get("bytes_per_call") for r in t.values() if system in r and r[system].get("bytes_per_call") is not None]
        alloc = f"{fmt_bytes(min(allocs))} to {fmt_bytes(max(allocs))}" if allocs and max(allocs) > 0 else "0 B" if allocs else "–"
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {adds} | {aot} | {alloc} |")
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
