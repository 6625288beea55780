#!/usr/bin/python3
"""Writes sgd_steps.json: torch.optim.SGD's steps on 1008 random parameters, for OptimizerKernelsTests (bit for bit).

Run with Debian's PyTorch (apt-get install python3-torch):  /usr/bin/python3 make_sgd_steps.py
Plain SGD takes one step; momentum and Nesterov take two, so the second multiplies the buffer the first made.
PyTorch 1.13 computes p.add_(d_p, alpha=-lr) as vec::fmadd(d_p, -lr, p) (one rounding where the CPU has FMA) and
the buffer as buf.mul_(momentum).add_(d_p): momentum·buf rounded, then d_p added. Every float is written as its
32 bits, so the fixture is exact. 1008 is a whole number of vectors: no element takes a scalar tail.
"""
import json
import struct
import torch

N, LR, MOMENTUM = 1008, 0.1, 0.9


def bits(t):
    return [struct.unpack("<I", struct.pack("<f", x))[0] for x in t.tolist()]


def run(momentum, nesterov, gradients):
    p = start.clone().requires_grad_(True)
    opt = torch.optim.SGD([p], lr=LR, momentum=momentum, nesterov=nesterov)
    for g in gradients:
        p.grad = g.clone()
        opt.step()
    state = opt.state[p]
    return {"parameters": bits(p.detach()), "velocity": bits(state["momentum_buffer"]) if momentum else None}


torch.manual_seed(0)
start = torch.randn(N)
g1, g2 = torch.randn(N) * 0.3, torch.randn(N) * 0.3
fixture = {
    "learning_rate": LR, "momentum_coefficient": MOMENTUM, "start": bits(start), "gradients": [bits(g1), bits(g2)],
    "plain": run(0.0, False, [g1]),
    "momentum": run(MOMENTUM, False, [g1, g2]),
    "nesterov": run(MOMENTUM, True, [g1, g2]),
}
with open("sgd_steps.json", "w") as f:
    json.dump(fixture, f)
print("wrote sgd_steps.json")
