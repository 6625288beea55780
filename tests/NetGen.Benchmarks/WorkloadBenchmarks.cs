using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using NetGen.Benchmarks.Protocol;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks;

/// <summary>
/// Every workload and metric under BenchmarkDotNet, with its MemoryDiagnoser: each case must show 0 B.
/// One benchmark call is one operation; training cases restart from their starting state every
/// 1000 calls, as in the shared protocol.
/// </summary>
[MemoryDiagnoser]
public class WorkloadBenchmarks
{
    private ICase _case = null!;
    private int _call;

    public static IEnumerable<string> AllCases() =>
        Workload.All.SelectMany(w => Cases.Of(w).Select(c => $"{w.Name}/{c.Metric}"));

    [ParamsSource(nameof(AllCases))]
    public string Case { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Case.Split('/');
        _case = Cases.Of(Workload.Named(parts[0])).Single(c => c.Metric == parts[1]).Case;
        _case.Reset();
        _call = 0;
    }

    [Benchmark]
    public void Operation()
    {
        if (_case.Trains && ++_call % ProtocolTimer.ResetEvery == 0)
            _case.Reset();
        _case.Invoke(_call);
    }
}
