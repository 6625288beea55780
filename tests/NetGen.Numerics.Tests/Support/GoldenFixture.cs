using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetGen.Numerics.Tests.Support;

/// <summary>One case written by Golden/make_golden.py.</summary>
internal sealed class GoldenFixture
{
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("parameters")] public float[] Parameters { get; init; } = [];
    [JsonPropertyName("inputs")] public float[] Inputs { get; init; } = [];
    [JsonPropertyName("targets")] public float[] Targets { get; init; } = [];
    [JsonPropertyName("predictions")] public float[] Predictions { get; init; } = [];
    [JsonPropertyName("loss")] public float Loss { get; init; }
    [JsonPropertyName("gradients")] public float[] Gradients { get; init; } = [];
    [JsonPropertyName("steps")] public GoldenStep[] Steps { get; init; } = [];
    /// <summary>Newton cases: torch.autograd.functional.hessian at the initial parameters, in float64.</summary>
    [JsonPropertyName("hessian")] public double[] Hessian { get; init; } = [];

    public static GoldenFixture Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Golden", name + ".json");
        return JsonSerializer.Deserialize<GoldenFixture>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"Empty fixture {path}");
    }
}

internal sealed class GoldenStep
{
    [JsonPropertyName("loss")] public float Loss { get; init; }
    [JsonPropertyName("gradient_norm")] public float GradientNorm { get; init; }
    [JsonPropertyName("parameters")] public float[] Parameters { get; init; } = [];
}
