#!/usr/bin/python3
"""Writes optimizer_steps.json: torch.optim.SGD's, Adam's, RMSprop's and Adagrad's steps on 1008 random parameters, for OptimizerKernelsTests.

Run with Debian's PyTorch (apt-get install python3-torch):  /usr/bin/python3 make_optimizer_steps.py
Plain SGD takes one step; momentum and Nesterov take two, so the second multiplies the buffer the first made; Adam
takes three. PyTorch 1.13 computes p.add_(d_p, alpha=-lr) as vec::fmadd(d_p, -lr, p) (one rounding where the CPU has
FMA) and the momentum buffer as buf.mul_(momentum).add_(d_p): momentum·buf rounded, then d_p added. Adam's moments are
exp_avg.mul_(β1).add_(g, alpha=1 - β1) and exp_avg_sq.mul_(β2).addcmul_(g, g, value=1 - β2), the same shape, and
RMSprop's averages alike (three steps, plain and centered with momentum); Adagrad takes three. Every
float is written as its 32 bits, so the fixture is exact. 1008 is a whole number of vectors: no element takes a scalar tail.
"""
import json
import struct
import torch

N, LR, MOMENTUM, ADAM_LR, RMS_LR, ALPHA, ADAGRAD_LR = 1008, 0.1, 0.9, 1e-3, 1e-2, 0.99, 1e-2


def bits(t):
    return [struct.unpack("<I", struct.pack("<f", x))[0] for x in t.tolist()]


def steps(make_optimizer, gradients, **state_names):
    """Steps a copy of the start with each gradient in turn; the parameters and the named state tensors, as bits (None if absent)."""
    p = start.clone().requires_grad_(True)
    opt = make_optimizer([p])
    for g in gradients:
        p.grad = g.clone()
        opt.step()
    state = opt.state[p]
    return {"parameters": bits(p.detach()), **{key: bits(state[name]) if state.get(name) is not None else None for key, name in state_names.items()}}


def adam(gradients):
    return steps(lambda ps: torch.optim.Adam(ps, lr=ADAM_LR), gradients, first_moment="exp_avg", second_moment="exp_avg_sq")


def rmsprop(centered, momentum, gradients):
    return steps(lambda ps: torch.optim.RMSprop(ps, lr=RMS_LR, alpha=ALPHA, momentum=momentum, centered=centered), gradients,
                 square_average="square_avg", gradient_average="grad_avg", velocity="momentum_buffer")


def adagrad(gradients):
    return steps(lambda ps: torch.optim.Adagrad(ps, lr=ADAGRAD_LR), gradients, square_sum="sum")


def run(momentum, nesterov, gradients):
    return steps(lambda ps: torch.optim.SGD(ps, lr=LR, momentum=momentum, nesterov=nesterov), gradients, velocity="momentum_buffer")


torch.manual_seed(0)
start = torch.randn(N)
g1, g2, g3 = torch.randn(N) * 0.3, torch.randn(N) * 0.3, torch.randn(N) * 0.3
fixture = {
    "learning_rate": LR, "momentum_coefficient": MOMENTUM, "adam_learning_rate": ADAM_LR, "rmsprop_learning_rate": RMS_LR, "alpha": ALPHA, "adagrad_learning_rate": ADAGRAD_LR,
    "start": bits(start), "gradients": [bits(g1), bits(g2), bits(g3)],
    "plain": run(0.0, False, [g1]),
    "momentum": run(MOMENTUM, False, [g1, g2]),
    "nesterov": run(MOMENTUM, True, [g1, g2]),
    "adam": adam([g1, g2, g3]),
    "rmsprop": rmsprop(False, 0.0, [g1, g2, g3]),
    "rmsprop_centered_momentum": rmsprop(True, MOMENTUM, [g1, g2, g3]),
    "adagrad": adagrad([g1, g2, g3]),
}
with open("optimizer_steps.json", "w") as f:
    json.dump(fixture, f)
print("wrote optimizer_steps.json")
