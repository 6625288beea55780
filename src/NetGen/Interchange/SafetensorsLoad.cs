using System.Collections.Generic;

namespace NetGen;

/// <summary>
/// What <see cref="Safetensors.LoadSafetensors(IPredictor, System.IO.Stream, bool, string)"/> took from a file, as
/// PyTorch's <c>load_state_dict(strict=False)</c> reports its missing and unexpected keys. Names are the network's
/// (<see cref="ParameterTensor.Name"/>) except <see cref="Unexpected"/>, which are the file's.
/// </summary>
/// <param name="Loaded">The network's tensors read from the file.</param>
/// <param name="Missing">The network's tensors the file does not have: they kept their values.</param>
/// <param name="Mismatched">The network's tensors the file has with another shape or dtype: they kept their values.</param>
/// <param name="Unexpected">The file's tensors that no tensor of the network asked for.</param>
public sealed record SafetensorsLoad(
    IReadOnlyList<string> Loaded,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Mismatched,
    IReadOnlyList<string> Unexpected)
{
    /// <summary>Whether every tensor of the network was loaded and the file held nothing else.</summary>
    public bool IsComplete => Missing.Count == 0 && Mismatched.Count == 0 && Unexpected.Count == 0;

    /// <summary>"loaded 0.weight, 0.bias; missing 2.weight, 2.bias; unexpected 4.weight".</summary>
    public override string ToString()
    {
        var parts = new List<string> { "loaded " + Names(Loaded) };
        if (Missing.Count > 0) parts.Add("missing " + Names(Missing));
        if (Mismatched.Count > 0) parts.Add("mismatched " + Names(Mismatched));
        if (Unexpected.Count > 0) parts.Add("unexpected " + Names(Unexpected));
        return string.Join("; ", parts);
    }

    private static string Names(IReadOnlyList<string> names) => names.Count == 0 ? "nothing" : string.Join(", ", names);
}
