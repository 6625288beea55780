using System;
using System.IO;

namespace NetGen;

/// <summary>
/// Writes weights for <c>[Network(Weights = "model.ngw")]</c>: the binary file <c>Save</c> writes
/// (versioned, architecture hash, CRC-32), base64 under '#' comment lines. Text because the compiler
/// hands AdditionalFiles to generators as text: bytes of a binary file do not survive the trip.
/// The generator checks it as <c>Load</c> would and compiles the parameters in as constant data.
/// </summary>
public static class EmbeddableWeights
{
    private const int LineLength = 76;

    /// <summary>Writes the embeddable form of the network's parameters to <paramref name="writer"/>.</summary>
    public static void SaveEmbeddable(this IPredictor network, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(writer);
        var binary = new MemoryStream();
        network.Save(binary);
        string name = network.GetType().Name;
        writer.Write($"# NetGen embeddable weights: {name}, {network.ParameterCount} parameters.\n");
        writer.Write($"# Embed with [Network(Weights = \"<this file>\")] on {name} and an <AdditionalFiles Include=\"<this file>\" /> item.\n");
        writer.Write("# Below: base64 of the weights file Save writes (magic, version, architecture hash, parameters, CRC-32).\n");
        string base64 = Convert.ToBase64String(binary.GetBuffer(), 0, (int)binary.Length);
        for (int start = 0; start < base64.Length; start += LineLength)
            writer.Write(base64.AsSpan(start, Math.Min(LineLength, base64.Length - start)).ToString() + "\n");
        writer.Flush();
    }

    /// <summary>Writes the embeddable form of the network's parameters to the file at <paramref name="path"/> (created, or replaced atomically).</summary>
    public static void SaveEmbeddable(this IPredictor network, string path) => Runtime.AtomicFile.Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
        network.SaveEmbeddable(writer);
    });
}
