#!/usr/bin/python3
"""Exports the five workloads' networks to ONNX from the shared starting weights, as a PyTorch user ships a model to
ONNX Runtime: torch.onnx.export of the nn.Sequential, input "x" and output "y" with a dynamic batch dimension.

    /usr/bin/python3 export_onnx.py <weights dir> <out dir>

<weights dir>: written by `dotnet run -c Release --project tests/NetGen.Benchmarks -- verify <dir>`. The model is
built and loaded by References/torch_reference.py (the PyTorch peer's own code). Needs Debian's python3-torch and
python3-onnx (the checker). Writes <out dir>/<workload>.onnx; compare.py --peers runs it.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "NetGen.Benchmarks", "References"))

import onnx  # noqa: E402
import torch  # noqa: E402
from torch_reference import WORKLOADS, model_of  # noqa: E402

OPSET = 17  # the newest PyTorch 1.13 exports


def main(weights_dir, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for name, spec in WORKLOADS.items():
        model = model_of(name, weights_dir).eval()
        path = os.path.join(out_dir, f"{name}.onnx")
        example = torch.zeros(1, spec[0][0])
        torch.onnx.export(model, example, path, input_names=["x"], output_names=["y"],
                          dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=OPSET)
        onnx.checker.check_model(onnx.load(path))
        print(f"{path}: {os.path.getsize(path)} bytes, opset {OPSET}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
