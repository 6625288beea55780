using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Threading;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Protocol;

/// <summary>
/// <c>inlining</c>: whether the JIT inlined, in the code it optimized, every runtime method marked AggressiveInlining.
/// It drops such inlines silently once a method's inlining budget (a multiple of the method's own size) runs out, and a
/// vector operation left a call passes its vectors through the stack: digits' Adam step inside its backward on Vector512
/// took 33 µs instead of 3.3 that way (its kernel inlined into a small generated method), with every answer unchanged.
/// Timings show such a fall only on the widths they run on; this reads the JIT's own listings. Every workload's cases
/// run in a child process with the listings on (tiered until Tier1, or fully optimized at once); each call left to an
/// AggressiveInlining method of NetGen.Runtime or System.Runtime.Intrinsics that passes or returns vectors is listed,
/// and the command fails if there is one. It checks the width this CPU takes (DOTNET_EnableAVX512=0 and the like narrow it).
/// </summary>
public static partial class InliningCheck
{
    /// <summary>
    /// Runs the workloads in a child process with the JIT's listings on and checks them; 0 when nothing is left uninlined.
    /// By default the child tiers as an application does (each case called until its methods reach Tier1, with the profile
    /// the JIT gathered); <paramref name="fullOpts"/> turns tiering off, every method compiled fully optimized at once with
    /// no profile, as Native AOT compiles (it inlines cold call sites too, but fewer large kernels: neither mode covers the
    /// other, so CI runs both).
    /// </summary>
    public static int Run(bool fullOpts, TextWriter output)
    {
        string listings = Path.Combine(Path.GetTempPath(), $"netgen-jit-{Environment.ProcessId}.txt");
        try
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardOutput = true };
            if (!Path.GetFileNameWithoutExtension(Environment.ProcessPath!).Equals("NetGen.Benchmarks", StringComparison.OrdinalIgnoreCase))
                start.ArgumentList.Add(typeof(InliningCheck).Assembly.Location); // run as `dotnet NetGen.Benchmarks.dll`
            start.ArgumentList.Add("inlining-workloads");
            start.Environment["DOTNET_TieredCompilation"] = fullOpts ? "0" : "1";
            start.Environment["DOTNET_JitDisasm"] = "*";
            start.Environment["DOTNET_JitDisasmOnlyOptimized"] = "1"; // and so mostly the one background thread's: listings not interleaved
            start.Environment["DOTNET_JitStdOutFile"] = listings;
            // Once more if the child dies of a signal: with the listings going to a file it aborted twice in some forty runs
            // ("free(): invalid pointer", exit 134, never without the listings), the workloads' answers checked elsewhere.
            for (int attempt = 1; ; attempt++)
            {
                using var child = Process.Start(start)!;
                child.StandardOutput.ReadToEnd();
                child.WaitForExit();
                if (child.ExitCode == 0)
                    break;
                if (child.ExitCode < 128 || attempt == 2)
                    throw new InvalidOperationException($"the workloads' run exited with {child.ExitCode}");
                output.WriteLine($"the workloads' run died of a signal (exit {child.ExitCode}); running it once more");
            }
            var left = CallsLeft(File.ReadLines(listings));
            foreach (var (method, callee) in left)
                output.WriteLine($"not inlined: {callee} in {method}");
            output.WriteLine($"{left.Count} AggressiveInlining calls left in optimized code ({WidestPaths()} paths)");
            return left.Count == 0 ? 0 : 1;
        }
        finally
        {
            File.Delete(listings);
        }
    }

    /// <summary>The paths this process's generated code takes: its widest accelerated vector.</summary>
    private static string WidestPaths() =>
        System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "Vector512"
        : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "Vector256"
        : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? "Vector128" : "scalar";

    /// <summary>
    /// The child's work: every case of every workload, and a classifier's gradients, loss and evaluation of labels on a
    /// training batch (their own passes), called until their methods are compiled at Tier1.
    /// </summary>
    public static void RunWorkloads()
    {
        var work = Workload.All.SelectMany(w => Cases.Of(w)).Select(c => (Action<int>)c.Case.Invoke).ToList();
        foreach (var workload in Workload.All)
        {
            if (workload.Create() is not IClassifier classifier)
                continue;
            var stream = workload.Pool().Batches(workload.VerifyBatch);
            work.Add(call => classifier.ComputeGradients(stream.InputsOf(call % stream.Count), stream.LabelsOf(call % stream.Count)));
            work.Add(call => classifier.ComputeLoss(stream.InputsOf(call % stream.Count), stream.LabelsOf(call % stream.Count)));
            work.Add(call => classifier.Evaluate(stream.InputsOf(call % stream.Count), stream.LabelsOf(call % stream.Count)));
        }
        for (int round = 0; round < 3; round++)
        {
            foreach (var invoke in work)
                for (int call = 0; call < 100; call++)
                    invoke(call);
            Thread.Sleep(300); // the background Tier1 compiles of the calls counted
        }
    }

    // The harness's own methods are not checked: RunWorkloads' loop, compiled on stack replacement with the delegates'
    // profile, inlined a case's whole call chain and ran that budget out (2 runs of 9), in no method an application calls.
    private const string HarnessNamespace = "NetGen.Benchmarks.Protocol.";

    /// <summary>Each (method, callee) where an optimized listing calls an AggressiveInlining method of the checked namespaces.</summary>
    internal static List<(string Method, string Callee)> CallsLeft(IEnumerable<string> listing)
    {
        var left = new List<(string, string)>();
        var seen = new HashSet<(string, string)>();
        string? method = null;
        bool optimized = false;
        foreach (string line in listing)
        {
            var header = Header().Match(line);
            if (header.Success)
            {
                method = header.Groups["method"].Value;
                // Unoptimized code (Tier0) calls everything, and an instrumented Tier1 is replaced by the final one; an
                // AggressiveInlining method compiled on its own was called from such code (or its caller's call is listed).
                string tier = header.Groups["tier"].Value;
                optimized = (tier.Contains("Tier1", StringComparison.Ordinal) || tier.Contains("FullOpts", StringComparison.Ordinal))
                    && !tier.Contains("Instrumented", StringComparison.Ordinal) && !IsAggressivelyInlinedMethod(method);
                continue;
            }
            if (!optimized || method is null || method.StartsWith(HarnessNamespace, StringComparison.Ordinal))
                continue;
            if (Callee(line) is not var (type, name, callee))
                continue;
            if (IsAggressivelyInlined(type, name) && CarriesVectors(callee) && seen.Add((method, callee)))
                left.Add((method, callee));
        }
        return left;
    }

    /// <summary>The type and name a listing's <c>call [Type`1[args]:Name[args](params)]</c> line calls, or null.</summary>
    private static (string Type, string Name, string Callee)? Callee(string line)
    {
        int open = line.IndexOf("call     [", StringComparison.Ordinal);
        if (open < 0)
            return null;
        string callee = line[(open + "call     [".Length)..].TrimEnd();
        if (callee.EndsWith(']'))
            callee = callee[..^1];
        return Split(callee) is var (type, name) ? (type, name, callee) : null;
    }

    /// <summary>A listed member, <c>Type`1[args]:Name[args](params)</c>, as its type and name.</summary>
    private static (string Type, string Name)? Split(string member)
    {
        int depth = 0;
        for (int i = 0; i < member.Length; i++)
        {
            char c = member[i];
            if (c == '[') depth++;
            else if (c == ']') depth--;
            else if (c == ':' && depth == 0)
            {
                int end = member.IndexOfAny(['[', '('], i + 1);
                return (member[..i], member[(i + 1)..(end < 0 ? member.Length : end)]);
            }
        }
        return null;
    }

    /// <summary>The methods of that name on that type (as a listing spells it) of NetGen.Runtime or System.Runtime.Intrinsics; empty for others.</summary>
    private static List<MethodBase> Overloads(string listedType, string name)
    {
        int arguments = listedType.IndexOf('[');
        string typeName = arguments < 0 ? listedType : listedType[..arguments];
        Type? type = typeName.StartsWith("NetGen.Runtime.", StringComparison.Ordinal) ? typeof(NetGen.Runtime.DenseKernels).Assembly.GetType(typeName)
            : typeName.StartsWith("System.Runtime.Intrinsics.", StringComparison.Ordinal) ? typeof(System.Runtime.Intrinsics.Vector128).Assembly.GetType(typeName)
            : null;
        if (type is null)
            return [];
        return type.GetMember(name, MemberTypes.Method | MemberTypes.Constructor, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
            .OfType<MethodBase>().ToList();
    }

    private static bool IsAggressive(MethodBase method) => (method.MethodImplementationFlags & MethodImplAttributes.AggressiveInlining) != 0;

    /// <summary>Whether every method of that name on that type is AggressiveInlining, or it is a constructor (a wrapper's is inlined as surely).</summary>
    private static bool IsAggressivelyInlined(string listedType, string name) =>
        Overloads(listedType, name) is { Count: > 0 } methods && methods.All(m => IsAggressive(m) || m is ConstructorInfo);

    /// <summary>Whether a listed method is one of the runtime's AggressiveInlining methods (every overload of its name).</summary>
    private static bool IsAggressivelyInlinedMethod(string listed) =>
        Split(listed) is var (type, name) && Overloads(type, name) is { Count: > 0 } methods && methods.All(IsAggressive);

    // What makes such a call costly: vectors passed or returned through the stack (the listing's signature has the
    // concrete types: a kernel's V is Vector512`1[float] there). A whole layer's kernel left a call, by reference to its
    // tensors, costs a call; the JIT then compiles it as a root with a budget of its own.
    private static bool CarriesVectors(string callee)
    {
        // A kernel's generic arguments ("Name[Lanes512,Vector512`1[float]](") come before its parameters: the first '(' outside brackets.
        string signature = "";
        int depth = 0;
        for (int i = 0; i < callee.Length; i++)
        {
            if (callee[i] == '[') depth++;
            else if (callee[i] == ']') depth--;
            else if (callee[i] == '(' && depth == 0) { signature = callee[i..]; break; }
        }
        return VectorType().IsMatch(signature);
    }

    // SimdScalar is a float: it passes in a register, and a call of a method on it is a call only.
    [GeneratedRegex(@"System\.Runtime\.Intrinsics\.Vector(64|128|256|512)`1|NetGen\.Runtime\.Simd(128|256|512)\b")]
    private static partial Regex VectorType();

    [GeneratedRegex(@"^; Assembly listing for method (?<method>.+) \((?<tier>[^()]*)\)$")]
    private static partial Regex Header();
}
