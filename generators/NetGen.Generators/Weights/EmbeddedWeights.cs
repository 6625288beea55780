using System;
using System.Collections.Generic;
using System.Text;
using NetGen.Runtime;

using NetGen.Generators.Model;

namespace NetGen.Generators.Weights;

/// <summary>An AdditionalFiles item ending in ".ngw": its path and text, as pipeline data.</summary>
internal sealed record WeightsText(string Path, string Text);

/// <summary>
/// Reads an embeddable weights file (".ngw", written by the runtime's <c>SaveEmbeddable</c>): lines
/// starting with '#' are comments, the rest is the base64 of the binary weights file <c>Save</c>
/// writes (AdditionalFiles reach the compiler as text, so a binary file would not survive). The
/// same checks as <c>Load</c> at run time, made at compile time: magic, version, parameter count,
/// CRC-32, architecture hash, finite values.
/// </summary>
internal static class EmbeddedWeights
{
    private const int HeaderBytes = 20;
    private const ushort FormatVersion = 1;

    /// <summary>The declared file among <paramref name="files"/>: the one whose path ends with the declared path (separators normalized).</summary>
    public static IReadOnlyList<WeightsText> Find(string declared, IEnumerable<WeightsText> files)
    {
        string wanted = Normalize(declared).TrimStart('/');
        var found = new List<WeightsText>();
        foreach (var file in files)
        {
            string path = Normalize(file.Path);
            if (string.Equals(path, wanted, StringComparison.OrdinalIgnoreCase) || path.EndsWith("/" + wanted, StringComparison.OrdinalIgnoreCase))
                found.Add(file);
        }
        return found;
    }

    private static string Normalize(string path) => path.Replace('\\', '/');

    /// <summary>The parameters in state_dict order, or null and the problem in words.</summary>
    public static float[]? Decode(string text, NetworkSpec spec, out string problem)
    {
        var base64 = new StringBuilder(text.Length);
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length > 0 && line[0] != '#')
                base64.Append(line);
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64.ToString());
        }
        catch (FormatException)
        {
            problem = "it is not an embeddable weights file (its non-comment lines are not base64; write it with SaveEmbeddable, not Save)";
            return null;
        }
        if (bytes.Length < HeaderBytes + 4 || bytes[0] != (byte)'N' || bytes[1] != (byte)'G' || bytes[2] != (byte)'W' || bytes[3] != (byte)'F')
        {
            problem = "it does not hold a NetGen weights file (no \"NGWF\" header)";
            return null;
        }
        int version = bytes[4] | bytes[5] << 8;
        if (version != FormatVersion)
        {
            problem = $"it is weights format version {version}; this NetGen reads version {FormatVersion}";
            return null;
        }
        ulong hash = BitConverter.ToUInt64(bytes, 8);
        int count = BitConverter.ToInt32(bytes, 16);
        if (count != spec.ParameterCount)
        {
            problem = $"it holds {count} parameters and the network ({spec.Architecture}) has {spec.ParameterCount}: it was saved by another architecture";
            return null;
        }
        if (bytes.Length != HeaderBytes + 4 * count + 4)
        {
            problem = $"it is {bytes.Length} bytes long; {count} parameters need {HeaderBytes + 4 * count + 4} (truncated or padded)";
            return null;
        }
        uint crc = Crc32.Finish(Crc32.Append(Crc32.Initial, new ReadOnlySpan<byte>(bytes, 0, HeaderBytes + 4 * count)));
        if (crc != BitConverter.ToUInt32(bytes, HeaderBytes + 4 * count))
        {
            problem = "it is corrupted (its CRC-32 checksum does not match its contents)";
            return null;
        }
        if (hash != spec.ArchitectureHash)
        {
            problem = $"it was saved by another architecture (hash 0x{hash:X16}); the network is {spec.Architecture} (hash 0x{spec.ArchitectureHash:X16})";
            return null;
        }
        var parameters = new float[count];
        for (int i = 0; i < count; i++)
        {
            parameters[i] = BitConverter.ToSingle(bytes, HeaderBytes + 4 * i);
            if (float.IsNaN(parameters[i]) || float.IsInfinity(parameters[i]))
            {
                problem = $"parameter {i} is {parameters[i]}; parameters must be finite";
                return null;
            }
        }
        problem = "";
        return parameters;
    }
}
