using System.Globalization;

namespace NetGen.Generators.Model;

/// <summary>C# literals that round-trip and never depend on the machine's culture.</summary>
internal static class Literals
{
    public static string Float(float value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text + "f";
    }

    /// <summary>The float's shortest decimal form as a double literal: 0.9f prints 0.9, the value PyTorch's Python float has.</summary>
    public static string DoubleOf(float value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains(".") || text.Contains("E") ? text : text + ".0";
    }

    public static string String(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
