using System;
using System.Linq;
using NetGen.Benchmarks.Peers;

// dotnet run -c Release --project tests/NetGen.Benchmarks.Peers -- <command>
//   verify <weights dir> <onnx dir>               TorchSharp's first 20 training losses and ONNX Runtime's outputs, from the shared weights
//   torchsharp <weights dir> [workload...]        times TorchSharp on every metric, one JSON line each
//   onnxruntime <onnx dir> [workload...]          times ONNX Runtime's predict and forward batch, one JSON line each
// <weights dir>: written by `dotnet run -c Release --project tests/NetGen.Benchmarks -- verify <dir>`;
// <onnx dir>: written from those weights by Onnx/export_onnx.py. tests/NetGen.Benchmarks/compare.py --peers runs all of it.
string command = args.Length > 0 ? args[0] : "help";
switch (command)
{
    case "verify" when args.Length >= 3:
        PeersRun.Verify(args[1], args[2], Console.Out);
        break;
    case "torchsharp" when args.Length >= 2:
        PeersRun.TimeTorchSharp(args[1], args.Skip(2).ToArray(), Console.Out);
        break;
    case "onnxruntime" when args.Length >= 2:
        PeersRun.TimeOnnx(args[1], args.Skip(2).ToArray(), Console.Out);
        break;
    default:
        Console.Error.WriteLine("usage: verify <weights dir> <onnx dir> | torchsharp <weights dir> [workload...] | onnxruntime <onnx dir> [workload...]");
        Environment.Exit(2);
        break;
}
