namespace NetGen.Benchmarks.Workloads;

/// <summary>The synthetic data generator of docs/benchmarks.md: output i is a hash of seed + i·golden ratio.</summary>
public struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A float in [0, 1) with 24 random bits: exact in float32.</summary>
    public float NextUniform() => (Next() >> 40) * (1f / (1 << 24));

    /// <summary>An integer in [0, classes) from the top 24 bits.</summary>
    public int NextLabel(int classes) => (int)(((Next() >> 40) * (ulong)classes) >> 24);
}
