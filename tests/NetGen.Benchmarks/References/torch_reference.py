#!/usr/bin/python3
"""PyTorch peer for NetGen's benchmarks: the five workloads of docs/benchmarks.md in eager mode.

    /usr/bin/python3 torch_reference.py verify <weights dir> <data dir>     first 20 training losses from NetGen's starting weights
    /usr/bin/python3 torch_reference.py protocol <weights dir> <data dir>   every metric, one JSON line each

Debian's python3-torch (1.13), one thread. "prebuilt": tensors are made before timing, predict runs
inside one torch.no_grad(); "io": each call converts its numpy inputs (and returns numpy from predict).
"""
import gc
import json
import math
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)

WORKLOADS = {
    # name: (layer sizes, activations after each layer, loss, optimizer, train batches, forward batch)
    "xor": ([2, 4, 1], ["tanh", "sigmoid"], "bce", ("sgd", 0.5, 0.0), [1], 0),
    "iris": ([4, 16, 16, 3], ["relu", "relu", None], "ce", ("adam", 0.01, 0.0), [1, 16], 16),
    "digits": ([64, 64, 32, 10], ["relu", "relu", None], "ce", ("adam", 1e-3, 0.0), [32], 32),
    "mnist": ([784, 128, 10], ["relu", None], "ce", ("sgd", 0.01, 0.9), [1, 64], 64),
    "deep": ([256] * 7 + [10], ["relu"] * 6 + [None], "ce", ("adam", 1e-3, 0.0), [64], 64),
}
CLIP = {"deep": 1.0}


def model_of(name, weights_dir):
    sizes, acts, *_ = WORKLOADS[name]
    layers = []
    for i, act in enumerate(acts):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if act == "relu":
            layers.append(torch.nn.ReLU())
        elif act == "tanh":
            layers.append(torch.nn.Tanh())
        elif act == "sigmoid":
            layers.append(torch.nn.Sigmoid())
    model = torch.nn.Sequential(*layers)
    flat = torch.from_numpy(np.fromfile(f"{weights_dir}/{name}.f32", dtype="<f4"))
    state, k = {}, 0
    for key, value in model.state_dict().items():
        state[key] = flat[k:k + value.numel()].view_as(value).clone()
        k += value.numel()
    assert k == flat.numel(), f"{name}: weights file holds {flat.numel()} floats, model has {k}"
    model.load_state_dict(state)
    return model


def optimizer_of(name, model):
    kind, lr, momentum = WORKLOADS[name][3]
    if kind == "adam":
        return torch.optim.Adam(model.parameters(), lr=lr)
    return torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)


def pool_of(name, data_dir):
    if name == "xor":
        return np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32), np.array([0, 1, 1, 0])
    if name in ("iris", "digits"):
        path = f"{data_dir}/{'iris' if name == 'iris' else 'digits_train'}.csv"
        table = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
        return table[:, :-1].astype(np.float32), table[:, -1].astype(np.int64)
    features, seed_x, seed_y, scale, shift = (784, 101, 102, 1.0, 0.0) if name == "mnist" else (256, 201, 202, 2.0, -1.0)

    def stream(seed, n):
        mask = (1 << 64) - 1
        out = np.empty(n, dtype=np.uint64)
        for i in range(n):
            z = (seed + (i + 1) * 0x9E3779B97F4A7C15) & mask
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
            out[i] = z ^ (z >> 31)
        return out

    u = (stream(seed_x, 1024 * features) >> np.uint64(40)).astype(np.float32) * np.float32(2.0 ** -24)
    x = (np.float32(scale) * u + np.float32(shift)).reshape(1024, features)
    y = ((stream(seed_y, 1024) >> np.uint64(40)) * np.uint64(10)) >> np.uint64(24)
    return x.astype(np.float32), y.astype(np.int64)


def batches(x, y, batch, count=0):
    n = len(y)
    if count == 0:
        count = min(64, math.lcm(n, batch) // batch)
    rows = [(k * batch + j) % n for k in range(count) for j in range(batch)]
    return x[rows].reshape(count, batch, -1).copy(), y[rows].reshape(count, batch).copy(), count


def train_step_fn(name, model, optimizer):
    loss_kind = WORKLOADS[name][2]
    clip = CLIP.get(name)

    def step(x, y):
        optimizer.zero_grad(set_to_none=True)
        out = model(x)
        loss = F.binary_cross_entropy(out, y.float().view_as(out)) if loss_kind == "bce" else F.cross_entropy(out, y)
        loss.backward()
        if clip:
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        optimizer.step()
        return loss

    return step


def verify(weights_dir, data_dir):
    for name, spec in WORKLOADS.items():
        model = model_of(name, weights_dir)
        step = train_step_fn(name, model, optimizer_of(name, model))
        x, y = pool_of(name, data_dir)
        bx, by, _ = batches(x, y, spec[4][-1], 20)
        losses = [float(step(torch.from_numpy(bx[k]), torch.from_numpy(by[k]))) for k in range(20)]
        print(json.dumps({"system": "pytorch", "workload": name, "batch": spec[4][-1], "losses": losses}), flush=True)


def measure(call, reset=None):
    """The shared protocol: warm up, calibrate to ~0.25 s, 7 runs; training restarts every 1000 calls."""
    def run(n):
        start = time.perf_counter_ns()
        for i in range(n):
            if reset and i and i % 1000 == 0:
                reset()
            call(i)
        return (time.perf_counter_ns() - start) / 1e9

    gc.disable()
    try:
        if reset:
            reset()
        end, calls = time.perf_counter() + 0.1, 0
        while calls < 10 or time.perf_counter() < end:
            run(8)
            calls += 8
        n = 1
        while True:
            if reset:
                reset()
            seconds = run(n)
            if seconds >= 0.05:
                break
            n *= 2
        iterations = math.ceil(n * 0.25 / seconds)
        per_call = []
        for _ in range(7):
            if reset:
                reset()
            per_call.append(run(iterations) * 1e9 / iterations)
    finally:
        gc.enable()
    per_call.sort()
    return per_call[3], per_call[0], per_call[6]


def emit(system, name, metric, batch, timing):
    median, low, high = timing
    print(json.dumps({"system": system, "workload": name, "metric": metric, "batch": batch,
                      "median_ns": median, "min_ns": low, "max_ns": high}), flush=True)


def protocol(weights_dir, data_dir):
    for name, spec in WORKLOADS.items():
        x, y = pool_of(name, data_dir)
        model = model_of(name, weights_dir)
        px, _, pk = batches(x, y, 1)
        tx = [torch.from_numpy(px[k]) for k in range(pk)]
        with torch.no_grad():
            emit("pytorch", name, "predict_1", 1, measure(lambda i: model(tx[i % pk])))
        emit("pytorch-io", name, "predict_1", 1, measure(lambda i: predict_io(model, px[i % pk])))
        for b in spec[4]:
            fresh = model_of(name, weights_dir)
            state = {k: v.clone() for k, v in fresh.state_dict().items()}
            holder = {}

            def reset():
                fresh.load_state_dict(state)
                holder["opt"] = optimizer_of(name, fresh)
                holder["step"] = train_step_fn(name, fresh, holder["opt"])

            bx, by, bk = batches(x, y, b)
            tbx = [torch.from_numpy(bx[k]) for k in range(bk)]
            tby = [torch.from_numpy(by[k]) for k in range(bk)]
            emit("pytorch", name, f"train_b{b}", b, measure(lambda i: holder["step"](tbx[i % bk], tby[i % bk]), reset))
            emit("pytorch-io", name, f"train_b{b}", b,
                 measure(lambda i: holder["step"](torch.tensor(bx[i % bk]), torch.tensor(by[i % bk])), reset))
        b = spec[5]
        if b:
            fx, _, fk = batches(x, y, b)
            tfx = [torch.from_numpy(fx[k]) for k in range(fk)]
            with torch.no_grad():
                emit("pytorch", name, f"forward_b{b}", b, measure(lambda i: model(tfx[i % fk])))
            emit("pytorch-io", name, f"forward_b{b}", b, measure(lambda i: predict_io(model, fx[i % fk])))


def predict_io(model, x):
    with torch.no_grad():
        return model(torch.tensor(x)).numpy()


if __name__ == "__main__":
    if len(sys.argv) < 4 or sys.argv[1] not in ("verify", "protocol"):
        sys.exit(__doc__)
    (verify if sys.argv[1] == "verify" else protocol)(sys.argv[2], sys.argv[3])
