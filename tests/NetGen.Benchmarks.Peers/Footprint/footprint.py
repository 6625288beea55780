#!/usr/bin/python3
"""What each system adds to a published app, and whether it publishes with Native AOT.

    /usr/bin/python3 footprint.py <mnist.onnx> [--json out.json]

Publishes four probes (Footprint/*: an empty app, and the smallest app that predicts mnist with NetGen, ONNX Runtime
and TorchSharp) for linux-x64, framework-dependent and with Native AOT (PublishAot), runs each published app, and prints one
JSON line per probe and mode: bytes published (pdb and dbg files left out), the native libraries among them, the
distinct trim/AOT warning codes, and what the app printed (an AOT build works if it prints what the JIT build does).
"""
import json
import os
import re
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PROBES = ["Baseline", "NetGenApp", "OnnxApp", "TorchSharpApp"]


def publish(probe, mode, out):
    cmd = ["dotnet", "publish", os.path.join(HERE, probe), "-c", "Release", "-r", "linux-x64", "-o", out, "-nologo"]
    cmd += ["-p:ProbeAot=true"] if mode == "aot" else ["--self-contained", "false"]
    print("+", " ".join(cmd), file=sys.stderr, flush=True)
    done = subprocess.run(cmd, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    warnings = sorted(set(re.findall(r"warning ((?:IL|AOT)\d+)", done.stdout)))
    return done.returncode, warnings, done.stdout


def is_native(path):
    """A shared library: an ELF file, or a PE file without a CLR header (a Windows DLL that a package copies anyway)."""
    with open(path, "rb") as f:
        head = f.read(4096)
    if head[:4] == b"\x7fELF":
        return path.endswith(".so") or ".so." in path  # not the app's own executable
    if head[:2] != b"MZ" or not path.endswith(".dll"):
        return False
    pe = struct.unpack_from("<I", head, 0x3C)[0]
    magic = struct.unpack_from("<H", head, pe + 24)[0]
    directories = pe + 24 + (96 if magic == 0x10B else 112)
    clr_rva = struct.unpack_from("<I", head, directories + 14 * 8)[0]
    return clr_rva == 0


def measure(probe, mode, work, args):
    out = os.path.join(work, mode, probe)
    rc, warnings, log = publish(probe, mode, out)
    row = {"probe": probe, "mode": mode, "published": rc == 0, "warnings": warnings}
    if rc != 0:
        row["error"] = next((line.strip() for line in log.splitlines() if " error " in line), log.strip().splitlines()[-1])
        return row
    files = [os.path.join(root, f) for root, _, names in os.walk(out) for f in names if not f.endswith((".pdb", ".dbg"))]
    row["bytes"] = sum(os.path.getsize(f) for f in files)
    row["native"] = {os.path.basename(f): os.path.getsize(f) for f in files if is_native(f)}
    run = subprocess.run([os.path.join(out, probe)] + args, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    row["exit"] = run.returncode
    row["output"] = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    return row


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    onnx = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="netgen-footprint-")
    rows = []
    for probe in PROBES:
        for mode in ("jit", "aot"):
            row = measure(probe, mode, work, [onnx] if probe == "OnnxApp" else [])
            rows.append(row)
            print(json.dumps(row), flush=True)
    if "--json" in sys.argv:
        with open(sys.argv[sys.argv.index("--json") + 1], "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
