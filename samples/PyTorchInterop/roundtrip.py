"""PyTorch → NetGen → PyTorch, with safetensors in between.

Trains nn.Sequential(Linear(4, 8), Tanh(), Linear(8, 3)) on Iris in PyTorch, hands the weights to
NetGen (samples/PyTorchInterop: loads them, checks it predicts what PyTorch did, trains 50 more
steps), then loads NetGen's weights back into the same PyTorch module and checks PyTorch predicts
what NetGen did.

    /usr/bin/python3 samples/PyTorchInterop/roundtrip.py     (needs python3-torch and the .NET SDK)
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

import torch

import safetensors_io

here = os.path.dirname(os.path.abspath(__file__))
rows = list(csv.reader(open(os.path.join(here, "../Iris/iris.csv"))))[1:]
x = torch.tensor([[float(v) for v in r[:4]] for r in rows])
y = torch.tensor([int(r[4]) for r in rows])
x = (x - x.mean(0)) / x.std(0)

torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for step in range(100):
    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
print(f"PyTorch: 100 Adam steps, loss {loss.item():.4f}")

folder = tempfile.mkdtemp(prefix="netgen-interop-")
safetensors_io.save(model.state_dict(), os.path.join(folder, "torch.safetensors"), {"format": "pt"})
with torch.no_grad():
    logits = model(x)
json.dump({"inputs": x.tolist(), "labels": y.tolist(), "logits": logits.tolist()}, open(os.path.join(folder, "torch.json"), "w"))

subprocess.run(["dotnet", "run", "--project", here, "--", folder], check=True)

model.load_state_dict(safetensors_io.load(os.path.join(folder, "netgen.safetensors")))
with torch.no_grad():
    back = model(x)
netgen = torch.tensor(json.load(open(os.path.join(folder, "netgen.json"))))
worst = (back - netgen).abs().max().item()
accuracy = (back.argmax(1) == y).float().mean().item()
print(f"PyTorch on NetGen's weights: largest logit difference {worst:.2e}, accuracy {accuracy:.1%}")
sys.exit(0 if worst < 1e-4 else 1)
