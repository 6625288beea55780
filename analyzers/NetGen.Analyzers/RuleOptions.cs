using System.Globalization;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NetGen.Analyzers;

/// <summary>
/// Rule thresholds from .editorconfig, e.g. <c>netgen.NG1001.min_hidden_layers = 4</c>.
/// Severities use the standard <c>dotnet_diagnostic.NG1001.severity</c>.
/// </summary>
internal sealed class RuleOptions(AnalyzerConfigOptions? options)
{
    public static readonly RuleOptions Empty = new(null);

    public int Integer(string key, int fallback) =>
        options is not null && options.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value : fallback;

    public float Number(string key, float fallback) =>
        options is not null && options.TryGetValue(key, out var text) && float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value)
            ? value : fallback;

    /// <summary>A per-optimizer number, e.g. <c>netgen.NG1007.max_learning_rate.adam = 0.003</c>.</summary>
    public float ForOptimizer(string prefix, Optimizer optimizer, float fallback) =>
        Number(prefix + "." + optimizer.ToString().ToLowerInvariant(), fallback);

    public bool Flag(string key, bool fallback) =>
        options is not null && options.TryGetValue(key, out var text) && bool.TryParse(text, out bool value) ? value : fallback;
}
