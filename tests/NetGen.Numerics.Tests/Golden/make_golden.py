#!/usr/bin/python3
"""Writes the PyTorch golden fixtures that NetGen's numerics tests compare against.

Run with Debian's PyTorch (apt-get install python3-torch):  /usr/bin/python3 make_golden.py
Each case mirrors a network declared in GoldenNetworks.cs. For a batch of 5 rows it records the
initial parameters (PyTorch's own init, state_dict order), the predictions, the mean loss and its
gradient, then the loss and parameters after each of 5 optimizer steps on that batch.
The fixtures are committed: tests never need torch.

Weight decay and L1 hit every trainable parameter (PyTorch's default, one param group) unless a case says
regularize_bias=False: then only tensors with 2 or more dimensions (the Linear weights; not biases, PReLU
slopes or Swish's beta). A layer entry's options may say bias=False (a Linear without bias) and frozen=True
(its Linear's and its activation's parameters get requires_grad_(False): never stepped, decayed or clipped,
left out of the gradient norm; they are still recorded, with gradient 0).

Reproducing the committed fixtures bit for bit needs a GEMM without FMA: OpenBLAS's Sandybridge kernels
(set below unless OPENBLAS_CORETYPE is given) or the reference BLAS. On an AVX2/AVX-512 machine OpenBLAS
otherwise picks FMA kernels and the last bits of every float move.
"""
import json
import os
os.environ.setdefault("OPENBLAS_CORETYPE", "Sandybridge")  # must precede the import of torch (see above)
import torch
import torch.nn.functional as F

ROWS, STEPS = 5, 5

class Swish(torch.nn.Module):
    """z · sigmoid(β z); β a parameter when learnable (PyTorch has SiLU, β = 1, only)."""
    def __init__(self, beta, learnable):
        super().__init__()
        self.beta = torch.nn.Parameter(torch.tensor([beta])) if learnable else beta

    def forward(self, z):
        return z * torch.sigmoid(self.beta * z)


class CReLU(torch.nn.Module):
    def forward(self, z):
        return torch.cat((torch.relu(z), torch.relu(-z)), dim=1)


class Maxout(torch.nn.Module):
    def __init__(self, units, pieces):
        super().__init__()
        self.units, self.pieces = units, pieces

    def forward(self, z):
        return z.view(-1, self.units, self.pieces).max(-1).values


# Each activation as a module factory: (units, options) -> module.
ACTIVATIONS = {
    "Sigmoid": lambda u, o: torch.nn.Sigmoid(),
    "Tanh": lambda u, o: torch.nn.Tanh(),
    "Relu": lambda u, o: torch.nn.ReLU(),
    "LeakyRelu": lambda u, o: torch.nn.LeakyReLU(o.get("slope", 0.01)),
    "PRelu": lambda u, o: torch.nn.PReLU(u if o.get("per_unit") else 1, init=o.get("slope", 0.25)),
    "RRelu": lambda u, o: torch.nn.RReLU(),
    "Elu": lambda u, o: torch.nn.ELU(o.get("alpha", 1.0)),
    "Selu": lambda u, o: torch.nn.SELU(),
    "CRelu": lambda u, o: CReLU(),
    "Maxout": lambda u, o: Maxout(u, o["pieces"]),
    "Swish": lambda u, o: Swish(o.get("beta", 1.0), o.get("learnable", False)),
    "Gelu": lambda u, o: torch.nn.GELU(),
    "GeluTanh": lambda u, o: torch.nn.GELU(approximate="tanh"),
    "Softplus": lambda u, o: torch.nn.Softplus(),
    "HardSigmoid": lambda u, o: torch.nn.Hardsigmoid(),
    "Mish": lambda u, o: torch.nn.Mish(),
}

# name: (layers [(units, activation[, options])], inputs, loss, optimizer options, clipping, target kind)
# A case's seed is its `seed` if given, else its position in CASES (cases added after RReluPredict carry explicit
# seeds so that no existing fixture moves).
CASES = {
    "XorSgd": dict(inputs=2, layers=[(4, "Tanh"), (1, "Sigmoid")], loss="BinaryCrossEntropy",
                   opt=dict(kind="Sgd", lr=0.5), targets="binary"),
    "SgdMomentumDecayMse": dict(inputs=3, layers=[(5, "LeakyRelu"), (2, "Identity")], loss="MeanSquaredError",
                                opt=dict(kind="Sgd", lr=0.1, momentum=0.9, weight_decay=0.01), regularize_bias=True, targets="real"),
    "AdamSoftmaxCrossEntropy": dict(inputs=4, layers=[(8, "Relu"), (3, "Softmax")], loss="CrossEntropy",
                                    opt=dict(kind="Adam", lr=0.01), targets="onehot"),
    "AdamClipNormSoftTargets": dict(inputs=4, layers=[(6, "Tanh"), (5, "Relu"), (3, "Identity")], loss="CrossEntropy",
                                    opt=dict(kind="Adam", lr=0.05, weight_decay=0.001), regularize_bias=True, clip=("norm", 0.2), targets="soft"),
    "SgdClipValueBce": dict(inputs=3, layers=[(6, "Sigmoid"), (4, "Tanh"), (2, "Sigmoid")], loss="BinaryCrossEntropy",
                            opt=dict(kind="Sgd", lr=1.0), clip=("value", 0.02), targets="binary"),
    "AdamMseSoftmaxDecayClip": dict(inputs=3, layers=[(4, "Relu"), (3, "Softmax")], loss="MeanSquaredError",
                                    opt=dict(kind="Adam", lr=0.02, weight_decay=0.01), regularize_bias=True, clip=("norm", 0.1), targets="onehot"),
    "MomentumCrossEntropyOnTanh": dict(inputs=3, layers=[(5, "Relu"), (3, "Tanh")], loss="CrossEntropy",
                                       opt=dict(kind="Sgd", lr=0.3, momentum=0.5), targets="onehot"),
    # The catalogue (issue 3): every activation, loss, optimizer, schedule and regularizer.
    "EluSeluGeluNesterov": dict(inputs=3, layers=[(6, "Elu", dict(alpha=0.7)), (5, "Selu"), (4, "Gelu"), (3, "Identity")],
                                loss="MeanSquaredError", opt=dict(kind="Sgd", lr=0.05, momentum=0.9, nesterov=True), targets="real"),
    "SmoothActivationsRmsProp": dict(inputs=3, layers=[(6, "GeluTanh"), (5, "Softplus"), (4, "Mish"), (2, "HardSigmoid")],
                                     loss="BinaryCrossEntropy", opt=dict(kind="RmsProp", lr=0.01, alpha=0.9, momentum=0.5, centered=True), targets="binary"),
    "LearnableActivationsAdamW": dict(inputs=4, layers=[(6, "PRelu"), (5, "PRelu", dict(per_unit=True, slope=0.1)), (4, "Swish", dict(beta=1.5, learnable=True)),
                                                         (4, "Swish"), (3, "Identity")],
                                      loss="CrossEntropy", opt=dict(kind="AdamW", lr=0.01, weight_decay=0.05), targets="onehot"),
    "CReluMaxoutAdaGradHuber": dict(inputs=4, layers=[(5, "CRelu"), (4, "Maxout", dict(pieces=3)), (3, "LeakyRelu", dict(slope=0.2)), (2, "Identity")],
                                    loss="Huber", huber_delta=0.5, opt=dict(kind="AdaGrad", lr=0.1), targets="real"),
    "LogitsAdamStepSchedule": dict(inputs=3, layers=[(5, "Tanh"), (2, "Identity")], loss="BinaryCrossEntropyWithLogits",
                                   opt=dict(kind="Adam", lr=0.05), schedule=("step", 2, 0.5), targets="binary"),
    "FocalExponentialSchedule": dict(inputs=3, layers=[(5, "Relu"), (2, "Identity")], loss="Focal", focal=(2.0, 0.25),
                                     opt=dict(kind="Sgd", lr=0.5), schedule=("exponential", 0.9), targets="binary"),
    "KullbackLeiblerCosine": dict(inputs=4, layers=[(6, "Tanh"), (3, "Softmax")], loss="KullbackLeibler",
                                  opt=dict(kind="Adam", lr=0.05), schedule=("cosine", 4, 0.001), targets="soft"),
    "WeightedCrossEntropyLabels": dict(inputs=4, layers=[(6, "Relu"), (3, "Identity")], loss="CrossEntropy", class_weights=[1.0, 2.0, 0.5],
                                       opt=dict(kind="Sgd", lr=0.2, momentum=0.9), targets="onehot"),
    "MaePenaltiesPerLayerClip": dict(inputs=3, layers=[(5, "Tanh"), (4, "Relu"), (2, "Identity")], loss="MeanAbsoluteError",
                                     opt=dict(kind="Sgd", lr=0.1, weight_decay=0.01), l1=0.001, regularize_bias=False,
                                     clip=("layer", 0.05), targets="real"),
    "NewtonTiny": dict(inputs=2, layers=[(3, "Tanh"), (1, "Identity")], loss="MeanSquaredError",
                       opt=dict(kind="Newton", lr=1.0, damping=1e-3), targets="real"),
    # Global-norm clipping with no penalty: NetGen applies the clip factor inside the optimizer's pass.
    "AdamClipNormFused": dict(inputs=4, layers=[(6, "Tanh"), (3, "Identity")], loss="CrossEntropy",
                              opt=dict(kind="Adam", lr=0.05), clip=("norm", 0.2), targets="onehot"),
    "MomentumClipNormFused": dict(inputs=3, layers=[(5, "Relu"), (2, "Identity")], loss="MeanSquaredError",
                                  opt=dict(kind="Sgd", lr=0.1, momentum=0.9), clip=("norm", 0.1), targets="real"),
    # Bias-free and frozen layers (seeds 20 on: 19 is RReluPredict's).
    "FrozenBiasFreeAdam": dict(inputs=4, layers=[(6, "Tanh", dict(frozen=True)), (5, "Relu", dict(bias=False)), (3, "Identity")],
                               loss="CrossEntropy", opt=dict(kind="Adam", lr=0.05, weight_decay=0.01), clip=("norm", 0.4),
                               targets="onehot", seed=20),
    "FrozenMiddleMomentum": dict(inputs=3, layers=[(5, "Tanh"), (4, "PRelu", dict(frozen=True, bias=False)), (2, "Identity", dict(bias=False))],
                                 loss="MeanSquaredError", opt=dict(kind="Sgd", lr=0.1, momentum=0.9, weight_decay=0.01),
                                 regularize_bias=False, targets="real", seed=21),
    "BiasFreeSgd": dict(inputs=3, layers=[(4, "Sigmoid", dict(bias=False)), (1, "Sigmoid", dict(bias=False))],
                              loss="BinaryCrossEntropy", opt=dict(kind="Sgd", lr=0.5), targets="binary", seed=22),
}

# Predict-only: RRelu draws its slopes at random while training, so only eval mode can match.
PREDICT_ONLY = {
    "RReluPredict": dict(inputs=3, layers=[(6, "RRelu"), (2, "Identity")], loss="MeanSquaredError", opt=dict(kind="Sgd", lr=0.1), targets="real",
                         seed=19),
}


def layer_spec(entry):
    units, act = entry[0], entry[1]
    return units, act, (entry[2] if len(entry) > 2 else {})


def build(case):
    """The nn.Sequential of the case and, per NetGen layer, its trainable parameters (Linear's, then the activation's).

    Options bias=False: a Linear without bias. frozen=True: the layer's parameters get requires_grad_(False)."""
    modules, groups, fan_in = [], [], case["inputs"]
    for entry in case["layers"]:
        units, act, options = layer_spec(entry)
        linear_units = units * options["pieces"] if act == "Maxout" else units
        linear = torch.nn.Linear(fan_in, linear_units, bias=options.get("bias", True))
        modules.append(linear)
        group = list(linear.parameters())
        if act not in ("Identity", "Softmax"):
            module = ACTIVATIONS[act](units, options)
            modules.append(module)
            group += list(module.parameters())
        if options.get("frozen", False):
            for p in group:
                p.requires_grad_(False)
        groups.append([p for p in group if p.requires_grad])
        fan_in = 2 * units if act == "CRelu" else units
    return torch.nn.Sequential(*modules), groups


def focal(z, t, gamma, alpha):
    """torchvision.ops.sigmoid_focal_loss, reduction="mean", written out (torchvision is not needed)."""
    p = torch.sigmoid(z)
    ce = F.binary_cross_entropy_with_logits(z, t, reduction="none")
    p_t = p * t + (1 - p) * (1 - t)
    loss = ce * ((1 - p_t) ** gamma)
    if alpha >= 0:
        loss = (alpha * t + (1 - alpha) * (1 - t)) * loss
    return loss.mean()


def outputs_and_loss(model, case, x, t):
    z = model(x)
    last = layer_spec(case["layers"][-1])[1]
    y = torch.softmax(z, dim=1) if last == "Softmax" else z
    loss = case["loss"]
    if loss == "CrossEntropy":
        # The softmax belongs to the loss; a Softmax layer's z are the logits.
        if "class_weights" in case:
            value = F.cross_entropy(z, t.argmax(1), weight=torch.tensor(case["class_weights"]))
        else:
            value = F.cross_entropy(z, t)
    elif loss == "KullbackLeibler":
        value = F.kl_div(F.log_softmax(z, dim=1), t, reduction="batchmean")
    elif loss == "MeanSquaredError":
        value = F.mse_loss(y, t)
    elif loss == "MeanAbsoluteError":
        value = F.l1_loss(y, t)
    elif loss == "Huber":
        value = F.huber_loss(y, t, delta=case["huber_delta"])
    elif loss == "BinaryCrossEntropyWithLogits":
        value = F.binary_cross_entropy_with_logits(y, t)
    elif loss == "Focal":
        value = focal(y, t, *case["focal"])
    else:
        value = F.binary_cross_entropy(y, t)
    return y, value


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


def trainable(model):
    return [p for p in model.parameters() if p.requires_grad]


def regularized(case, parameter):
    """Whether weight decay and L1 reach the parameter: all of them by default (PyTorch's one param group);
    with regularize_bias=False only tensors of 2 or more dimensions (Linear weights)."""
    return case.get("regularize_bias", True) or parameter.dim() >= 2


def make_optimizer(model, case):
    """The optimizer over the trainable parameters only (frozen ones get no state and no decay)."""
    opt = case["opt"]
    decay = opt.get("weight_decay", 0)
    if case.get("regularize_bias", True):
        groups = [dict(params=trainable(model))]
    else:
        # RegularizeBias off: two parameter groups, decay on the 2-D tensors only.
        groups = [dict(params=[p for p in trainable(model) if regularized(case, p)]),
                  dict(params=[p for p in trainable(model) if not regularized(case, p)], weight_decay=0.0)]
        groups = [group for group in groups if group["params"]]
    kind = opt["kind"]
    if kind == "Adam":
        return torch.optim.Adam(groups, lr=opt["lr"], weight_decay=decay)
    if kind == "AdamW":
        return torch.optim.AdamW(groups, lr=opt["lr"], weight_decay=decay)
    if kind == "AdaGrad":
        return torch.optim.Adagrad(groups, lr=opt["lr"], weight_decay=decay)
    if kind == "RmsProp":
        return torch.optim.RMSprop(groups, lr=opt["lr"], alpha=opt.get("alpha", 0.99), momentum=opt.get("momentum", 0),
                                   centered=opt.get("centered", False), weight_decay=decay)
    return torch.optim.SGD(groups, lr=opt["lr"], momentum=opt.get("momentum", 0), nesterov=opt.get("nesterov", False), weight_decay=decay)


def make_schedule(optimizer, case):
    s = case.get("schedule")
    if s is None:
        return None
    if s[0] == "step":
        return torch.optim.lr_scheduler.StepLR(optimizer, step_size=s[1], gamma=s[2])
    if s[0] == "exponential":
        return torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=s[1])
    return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=s[1], eta_min=s[2])


def newton_step(model, case, x, t, flat_gradient):
    """p -= lr (H + λI)⁻¹ g with the exact Hessian (float64), λ raised tenfold until Cholesky succeeds."""
    hessian = exact_hessian(model, case, x, t)
    n = hessian.shape[0]
    damping = case["opt"]["damping"]
    while True:
        factor, info = torch.linalg.cholesky_ex(hessian + damping * torch.eye(n, dtype=torch.float64))
        if info == 0:
            break
        damping *= 10
    direction = torch.cholesky_solve(flat_gradient.double().unsqueeze(1), factor).squeeze(1)
    with torch.no_grad():
        offset = 0
        for p in model.parameters():
            count = p.numel()
            p -= (case["opt"]["lr"] * direction[offset:offset + count]).float().view_as(p)
            offset += count


def exact_hessian(model, case, x, t):
    """torch.autograd.functional.hessian of the mean loss with respect to all parameters, in float64."""
    shapes = [p.shape for p in model.parameters()]
    theta = torch.cat([p.detach().reshape(-1) for p in model.parameters()]).double()
    double_model, _ = build(case)
    double_model = double_model.double()
    names = [name for name, _ in double_model.named_parameters()]

    def loss_of(vector):
        parameters, offset = {}, 0
        for name, shape in zip(names, shapes):
            count = int(torch.tensor(shape).prod())
            parameters[name] = vector[offset:offset + count].view(shape)
            offset += count
        z = torch.nn.utils.stateless.functional_call(double_model, parameters, (x.double(),))
        return F.mse_loss(z, t.double())

    return torch.autograd.functional.hessian(loss_of, theta)


def run(name, case, seed, predict_only=False):
    torch.manual_seed(seed)
    model, groups = build(case)
    g = torch.Generator().manual_seed(seed + 1000)
    x = torch.randn(ROWS, case["inputs"], generator=g)
    last_units, last_act, _ = layer_spec(case["layers"][-1])
    t = targets(case["targets"], ROWS, 2 * last_units if last_act == "CRelu" else last_units, g)
    record = dict(name=name, parameters=flat(model.parameters()), inputs=flat([x]), targets=flat([t]))
    if predict_only:
        model.eval()
        y, loss = outputs_and_loss(model, case, x, t)
        record.update(predictions=flat([y]), loss=float(loss), gradients=[], steps=[])
        return record
    y, loss = outputs_and_loss(model, case, x, t)
    loss.backward()
    record.update(predictions=flat([y]), loss=float(loss),
                  gradients=flat(torch.zeros_like(p) if p.grad is None else p.grad for p in model.parameters()))
    if case["opt"]["kind"] == "Newton":
        assert len(trainable(model)) == len(list(model.parameters())), "Newton steps every parameter: no frozen layers"
        record["hessian"] = [float(v) for v in exact_hessian(model, case, x, t).reshape(-1)]
    optimizer = make_optimizer(model, case) if case["opt"]["kind"] != "Newton" else None
    schedule = make_schedule(optimizer, case) if optimizer else None
    steps = []
    for _ in range(STEPS):
        model.zero_grad(set_to_none=True)
        _, loss = outputs_and_loss(model, case, x, t)
        loss.backward()
        clip = case.get("clip")
        norm = float(torch.norm(torch.stack([torch.norm(p.grad) for p in trainable(model)])))
        if clip and clip[0] == "norm":
            torch.nn.utils.clip_grad_norm_(trainable(model), clip[1])
        elif clip and clip[0] == "layer":
            for group in groups:
                torch.nn.utils.clip_grad_norm_(group, clip[1])
        elif clip:
            torch.nn.utils.clip_grad_value_(trainable(model), clip[1])
        if case.get("l1"):
            with torch.no_grad():
                for p in trainable(model):
                    if regularized(case, p):
                        p.grad += case["l1"] * torch.sign(p)
        if optimizer:
            optimizer.step()
            if schedule:
                schedule.step()
        else:
            newton_step(model, case, x, t, torch.cat([p.grad.reshape(-1) for p in model.parameters()]))
        steps.append(dict(loss=float(loss), gradient_norm=norm, parameters=flat(model.parameters())))
    record["steps"] = steps
    return record


if __name__ == "__main__":
    for index, (name, case) in enumerate(list(CASES.items()) + list(PREDICT_ONLY.items())):
        with open(f"{name}.json", "w") as f:
            json.dump(run(name, case, seed=case.get("seed", index), predict_only=name in PREDICT_ONLY), f, indent=1)
        print("wrote", name)
