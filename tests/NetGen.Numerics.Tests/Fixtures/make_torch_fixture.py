"""Writes torch_iris.safetensors and torch_iris.json: a PyTorch nn.Sequential trained a few Adam
steps on Iris, and its predictions on some rows. NetGen's test loads the file into the same
architecture (TorchIrisNet) and must give the same outputs.

    /usr/bin/python3 tests/NetGen.Numerics.Tests/Fixtures/make_torch_fixture.py
"""
import csv
import json
import os

import sys

import torch

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "../../../samples/PyTorchInterop"))  # the sample's safetensors reader/writer
import safetensors_io  # noqa: E402
torch.manual_seed(3)
rows = list(csv.reader(open(os.path.join(here, "../../NetGen.Benchmarks/Data/iris.csv"))))[1:]
x = torch.tensor([[float(v) for v in r[:4]] for r in rows])
y = torch.tensor([int(r[4]) for r in rows])
x = (x - x.mean(0)) / x.std(0)

# Module indices: Linear 0, PReLU 1, Linear 2, Tanh 3, Linear 4 (logits; softmax is in the loss).
model = torch.nn.Sequential(
    torch.nn.Linear(4, 6), torch.nn.PReLU(), torch.nn.Linear(6, 5), torch.nn.Tanh(), torch.nn.Linear(5, 3))
optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
for step in range(30):
    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()

probe = x[::15]
with torch.no_grad():
    logits = model(probe)
safetensors_io.save(model.state_dict(), os.path.join(here, "torch_iris.safetensors"), {"format": "pt"})
json.dump({"torch": torch.__version__, "inputs": probe.tolist(), "logits": logits.tolist(), "loss": loss.item()},
          open(os.path.join(here, "torch_iris.json"), "w"), indent=1)
print("wrote torch_iris.safetensors", list(model.state_dict().keys()))
