using System.Globalization;
using NetGen.Generators.Model;

namespace NetGen.Analyzers;

/// <summary>Numbers as messages print them: invariant, three significant digits, 1e-8 rather than 1E-08.</summary>
internal static class Text
{
    public static string Number(double value) => Literals.TidyExponent(value.ToString("G3", CultureInfo.InvariantCulture));
}
