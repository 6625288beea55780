using System;
using System.Reflection;
using NetGen.Runtime;

namespace NetGen.Benchmarks.Protocol;

/// <summary>A generated network's private buffers and layout constants, read by name for the benchmarks of internals (DuelPhases, PiecesRun).</summary>
internal static class GeneratedInternals
{
    public static AlignedBuffer Field(object instance, string name) =>
        (AlignedBuffer)instance.GetType().GetField(name, BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(instance)!;

    public static int Constant(Type type, string name) =>
        (int)type.GetField(name, BindingFlags.NonPublic | BindingFlags.Static)!.GetRawConstantValue()!;
}
