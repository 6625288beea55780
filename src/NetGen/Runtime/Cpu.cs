using System.Runtime.Intrinsics.X86;

namespace NetGen.Runtime;

/// <summary>
/// What the runtime's kernels know of the CPU, to choose between variants that give the same bits: where one core's
/// instructions cost what another's do not (each choice says what it measured).
/// </summary>
internal static class Cpu
{
    /// <summary>An AMD CPU (vendor "AuthenticAMD").</summary>
    internal static bool IsAmd()
    {
        if (!X86Base.IsSupported)
            return false;
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        return ebx == 0x68747541 && edx == 0x69746E65 && ecx == 0x444D4163; // "Auth" "enti" "cAMD"
    }

    /// <summary>
    /// AMD's Zen 4: family 19h (Zen 3 and Zen 4) with AVX-512, which Zen 3 has not. Its 512-bit loads take two of its
    /// load slots, so a kernel that broadcasts an input from memory beside four weight vectors waits on loads, not on
    /// its multiply-adds.
    /// </summary>
    internal static bool IsZen4() => Avx512F.IsSupported && IsAmd() && Family() == 0x19;

    // The display family: the base family, plus the extended family where the base is 0Fh (every Zen).
    private static int Family()
    {
        int eax = X86Base.CpuId(1, 0).Eax, family = (eax >> 8) & 0xF;
        return family == 0xF ? family + ((eax >> 20) & 0xFF) : family;
    }
}
