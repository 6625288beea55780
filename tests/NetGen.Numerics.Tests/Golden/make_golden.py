#!/usr/bin/python3
"""Writes the PyTorch golden fixtures that NetGen's numerics tests compare against.

Run with Debian's PyTorch (apt-get install python3-torch):  /usr/bin/python3 make_golden.py
Each case mirrors a network declared in GoldenNetworks.cs. For a batch of 5 rows it records the
initial parameters (PyTorch's own init, state_dict order), the predictions, the mean loss and its
gradient, then the loss and parameters after each of 5 optimizer steps on that batch.
The fixtures are committed: tests never need torch.
"""
import json
import torch
import torch.nn.functional as F

ROWS, STEPS = 5, 5

ACTIVATIONS = {
    "Identity": None,
    "Sigmoid": torch.nn.Sigmoid,
    "Tanh": torch.nn.Tanh,
    "Relu": torch.nn.ReLU,
    "LeakyRelu": lambda: torch.nn.LeakyReLU(0.01),
}

# name: (layers [(units, activation)], inputs, loss, optimizer options, clipping, target kind)
CASES = {
    "XorSgd": dict(inputs=2, layers=[(4, "Tanh"), (1, "Sigmoid")], loss="BinaryCrossEntropy",
                   opt=dict(kind="Sgd", lr=0.5), targets="binary"),
    "SgdMomentumDecayMse": dict(inputs=3, layers=[(5, "LeakyRelu"), (2, "Identity")], loss="MeanSquaredError",
                                opt=dict(kind="Sgd", lr=0.1, momentum=0.9, weight_decay=0.01), targets="real"),
    "AdamSoftmaxCrossEntropy": dict(inputs=4, layers=[(8, "Relu"), (3, "Softmax")], loss="CrossEntropy",
                                    opt=dict(kind="Adam", lr=0.01), targets="onehot"),
    "AdamClipNormSoftTargets": dict(inputs=4, layers=[(6, "Tanh"), (5, "Relu"), (3, "Identity")], loss="CrossEntropy",
                                    opt=dict(kind="Adam", lr=0.05, weight_decay=0.001), clip=("norm", 0.2), targets="soft"),
    "SgdClipValueBce": dict(inputs=3, layers=[(6, "Sigmoid"), (4, "Tanh"), (2, "Sigmoid")], loss="BinaryCrossEntropy",
                            opt=dict(kind="Sgd", lr=1.0), clip=("value", 0.02), targets="binary"),
    "AdamMseSoftmaxDecayClip": dict(inputs=3, layers=[(4, "Relu"), (3, "Softmax")], loss="MeanSquaredError",
                                    opt=dict(kind="Adam", lr=0.02, weight_decay=0.01), clip=("norm", 0.1), targets="onehot"),
    "MomentumCrossEntropyOnTanh": dict(inputs=3, layers=[(5, "Relu"), (3, "Tanh")], loss="CrossEntropy",
                                       opt=dict(kind="Sgd", lr=0.3, momentum=0.5), targets="onehot"),
}


def build(case):
    modules, fan_in = [], case["inputs"]
    for units, act in case["layers"]:
        modules.append(torch.nn.Linear(fan_in, units))
        if act not in ("Identity", "Softmax"):
            modules.append(ACTIVATIONS[act]())
        fan_in = units
    return torch.nn.Sequential(*modules)


def outputs_and_loss(model, case, x, t):
    z = model(x)
    last = case["layers"][-1][1]
    if case["loss"] == "CrossEntropy":
        # The softmax belongs to the loss; a Softmax layer's z are the logits.
        loss = F.cross_entropy(z, t)
        y = torch.softmax(z, dim=1) if last == "Softmax" else z
    else:
        y = torch.softmax(z, dim=1) if last == "Softmax" else z
        loss = F.mse_loss(y, t) if case["loss"] == "MeanSquaredError" else F.binary_cross_entropy(y, t)
    return y, loss


def targets(kind, rows, units, g):
    if kind == "binary":
        return torch.randint(0, 2, (rows, units), generator=g).float()
    if kind == "real":
        return torch.randn(rows, units, generator=g)
    labels = torch.randint(0, units, (rows,), generator=g)
    onehot = F.one_hot(labels, units).float()
    if kind == "onehot":
        return onehot
    return torch.softmax(torch.randn(rows, units, generator=g) * 2, dim=1)  # probability targets


def flat(tensors):
    return [float(v) for t in tensors for v in t.detach().reshape(-1)]


def run(name, case, seed):
    torch.manual_seed(seed)
    model = build(case)
    g = torch.Generator().manual_seed(seed + 1000)
    x = torch.randn(ROWS, case["inputs"], generator=g)
    t = targets(case["targets"], ROWS, case["layers"][-1][0], g)
    opt = case["opt"]
    if opt["kind"] == "Adam":
        optimizer = torch.optim.Adam(model.parameters(), lr=opt["lr"], weight_decay=opt.get("weight_decay", 0))
    else:
        optimizer = torch.optim.SGD(model.parameters(), lr=opt["lr"], momentum=opt.get("momentum", 0),
                                    weight_decay=opt.get("weight_decay", 0))
    record = dict(name=name, parameters=flat(model.parameters()), inputs=flat([x]), targets=flat([t]))
    y, loss = outputs_and_loss(model, case, x, t)
    loss.backward()
    record.update(predictions=flat([y]), loss=float(loss), gradients=flat(p.grad for p in model.parameters()))
    steps = []
    for _ in range(STEPS):
        optimizer.zero_grad(set_to_none=True)
        _, loss = outputs_and_loss(model, case, x, t)
        loss.backward()
        clip = case.get("clip")
        norm = float(torch.norm(torch.stack([torch.norm(p.grad) for p in model.parameters()])))
        if clip and clip[0] == "norm":
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip[1])
        elif clip:
            torch.nn.utils.clip_grad_value_(model.parameters(), clip[1])
        optimizer.step()
        steps.append(dict(loss=float(loss), gradient_norm=norm, parameters=flat(model.parameters())))
    record["steps"] = steps
    return record


if __name__ == "__main__":
    for index, (name, case) in enumerate(CASES.items()):
        with open(f"{name}.json", "w") as f:
            json.dump(run(name, case, seed=index), f, indent=1)
        print("wrote", name)
