using System.Globalization;
using System.Text.RegularExpressions;

namespace NetGen.Generators.Model;

/// <summary>C# literals that round-trip and never depend on the machine's culture.</summary>
internal static class Literals
{
    private static readonly Regex Exponent = new("E([+-])0*(\\d)", RegexOptions.CultureInvariant);

    /// <summary>A float literal that round-trips, exponents written as people do: 0.001f, 1e-8f.</summary>
    public static string Float(float value) => TidyExponent(value.ToString("R", CultureInfo.InvariantCulture)) + "f";

    /// <summary>1E-08 → 1e-8, 1E+20 → 1e20.</summary>
    public static string TidyExponent(string number) =>
        Exponent.Replace(number, m => "e" + (m.Groups[1].Value == "-" ? "-" : "") + m.Groups[2].Value);

    /// <summary>The float's shortest decimal form as a double literal: 0.9f prints 0.9, the value PyTorch's Python float has.</summary>
    public static string DoubleOf(float value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains(".") || text.Contains("E") ? text : text + ".0";
    }

    public static string String(string value)
    {
        var literal = new System.Text.StringBuilder("\"");
        foreach (char c in value)
        {
            // Line breaks (\n, and U+0085, U+2028, U+2029, which C# also ends lines at) and other control characters
            // cannot stand in a regular string literal: they are written as escapes.
            if (c == '\\' || c == '"') literal.Append('\\').Append(c);
            else if (char.IsControl(c) || c is '\u2028' or '\u2029') literal.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            else literal.Append(c);
        }
        return literal.Append('"').ToString();
    }

    /// <summary>Text for a documentation comment: <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> escaped (a formula's "[z &lt; 0]" is not a tag).</summary>
    public static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
