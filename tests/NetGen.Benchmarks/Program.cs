using System;
using System.Linq;
using BenchmarkDotNet.Running;
using NetGen.Benchmarks;
using NetGen.Benchmarks.Protocol;

// dotnet run -c Release --project tests/NetGen.Benchmarks -- <command>
//   bdn [BenchmarkDotNet arguments]       every workload and metric under BenchmarkDotNet (MemoryDiagnoser)
//   verify <dir>                          writes starting weights to <dir> and prints the first 20 training losses
//   protocol <dir> [workload...]          times every metric from the weights in <dir>, one JSON line each
//   threads <dir> [workload...]           batch-64 training on two threads, and a run-to-run determinism check
//   duel <dir> <libduel.so> [rounds] [workload|metric...]   each metric against the fast C++ reference in one process (References/duel.cpp)
//   pieces <dir> [iris|digits] [after=N]  a batch step's backward piece by piece (References/pieces.cpp times the reference's)
//   cycle <dir> [iris|digits]             the training cycle of 1 000 steps window by window, with Adam's vectors near zero (References/cycle.cpp)
//   ceiling                               iris's 16 → 16 layer by the shared kernels, with literal sizes, and over a shape struct
//   inlining [fullopts]                   fails if the JIT left a runtime AggressiveInlining method a call in optimized code (this CPU's width)
// tests/NetGen.Benchmarks/compare.py runs verify and protocol next to the Eigen and PyTorch references.
string command = args.Length > 0 ? args[0] : "help";
switch (command)
{
    case "bdn":
        BenchmarkSwitcher.FromTypes([typeof(WorkloadBenchmarks)]).Run(args.Skip(1).ToArray());
        break;
    case "verify" when args.Length >= 2:
        ProtocolRun.Verify(args[1], Console.Out);
        break;
    case "threads" when args.Length >= 2:
        ProtocolRun.Threads(args[1], args.Skip(2).ToArray(), Console.Out);
        break;
    case "pieces" when args.Length >= 2:
        PiecesRun.Run(args[1], args.Skip(2).ToArray(), rounds: 3, Console.Out);
        break;
    case "cycle" when args.Length >= 2:
        CycleRun.Run(args[1], args.Skip(2).ToArray(), Console.Out);
        break;
    case "ceiling":
        CeilingRun.Run(rounds: 3, Console.Out);
        break;
    case "duel" when args.Length >= 3:
        DuelRun.Run(args[1], args[2], args.Length > 3 ? int.Parse(args[3]) : 9, args.Skip(4).ToArray(), Console.Out);
        break;
    case "inlining":
        Environment.Exit(InliningCheck.Run(fullOpts: args.Contains("fullopts"), Console.Out));
        break;
    case "inlining-workloads":
        InliningCheck.RunWorkloads();
        break;
    case "protocol" when args.Length >= 2:
        ProtocolRun.Time(args[1], args.Skip(2).ToArray(), Console.Out);
        break;
    default:
        Console.Error.WriteLine("usage: bdn [BenchmarkDotNet args] | verify <dir> | protocol <dir> [workload...] | threads <dir> | duel <dir> <libduel.so> [rounds] [workload|metric...] | pieces <dir> [iris|digits] [after=N] | cycle <dir> [iris|digits] | ceiling | inlining [fullopts]");
        Environment.Exit(2);
        break;
}
