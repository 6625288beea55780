using System.Globalization;
using System.Text.RegularExpressions;

namespace NetGen.Analyzers;

/// <summary>Numbers as messages and code fixes print them: invariant, short, 1e-8 rather than 1E-08.</summary>
internal static class Text
{
    private static readonly Regex Exponent = new("E([+-])0*(\\d)", RegexOptions.CultureInvariant);

    /// <summary>Three significant digits: 0.354, 1e-8, 250.</summary>
    public static string Number(double value) => Tidy(value.ToString("G3", CultureInfo.InvariantCulture));

    /// <summary>A C# float literal that round-trips: 0.001f, 1e-8f.</summary>
    public static string FloatLiteral(float value) => Tidy(value.ToString("R", CultureInfo.InvariantCulture)) + "f";

    private static string Tidy(string text) => Exponent.Replace(text, m => "e" + (m.Groups[1].Value == "-" ? "-" : "") + m.Groups[2].Value);
}
