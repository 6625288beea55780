using System;

namespace NetGen.Runtime;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, 2014): tiny, fast and the same on every platform, so a seed
/// gives the same initial weights everywhere. Output i of seed s mixes <c>s + i·0x9E3779B97F4A7C15</c>.
/// It cannot reproduce PyTorch's stream; for bit-identical starts, load PyTorch's weights.
/// </summary>
public struct DeterministicRandom
{
    private ulong _state;

    /// <summary>Starts the stream for <paramref name="seed"/>.</summary>
    public DeterministicRandom(ulong seed) => _state = seed;

    /// <summary>The stream's position: <c>new DeterministicRandom(State)</c> continues it from here (checkpoints save it).</summary>
    public readonly ulong State => _state;

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform float in [0, 1) from the top 24 bits: exact in float32.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>A uniform float in [low, high).</summary>
    public float NextSingle(float low, float high) => low + (high - low) * NextSingle();

    /// <summary>A standard normal draw (Box-Muller on two 53-bit uniforms, computed in double).</summary>
    public float NextGaussian()
    {
        double u1 = ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53)); // (0, 1]: the log stays finite
        double u2 = (NextUInt64() >> 11) * (1.0 / (1UL << 53));
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    /// <summary>A normal draw with the given mean and standard deviation.</summary>
    public float NextGaussian(float mean, float std) => mean + std * NextGaussian();
}
