using System;
using System.IO;
using System.Linq;
using Xunit;

namespace NetGen.Numerics.Tests;

/// <summary>Weights compiled in from an AdditionalFiles item: the model needs no file at run time and starts trained.</summary>
public class EmbeddedWeightsTests
{
    private static byte[] FixtureBinary() => Convert.FromBase64String(string.Concat(
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "xor.ngw")).Where(line => !line.StartsWith('#'))));

    [Fact]
    public void The_parameterless_constructor_starts_from_the_embedded_parameters()
    {
        var embedded = new EmbeddedXorNet();
        var loaded = XorNet.Load(new MemoryStream(FixtureBinary())); // the same file, read at run time

        var expected = new float[XorNet.ParameterCount];
        var actual = new float[EmbeddedXorNet.ParameterCount];
        loaded.CopyParametersTo(expected);
        embedded.CopyParametersTo(actual);
        Assert.Equal(expected, actual);
        Assert.Equal(expected, EmbeddedXorNet.EmbeddedParameters.ToArray());
        Assert.Equal("Fixtures/xor.ngw", EmbeddedXorNet.EmbeddedWeightsFile);
    }

    [Fact]
    public void The_embedded_model_solves_xor_without_training()
    {
        var network = new EmbeddedXorNet();
        Span<float> output = stackalloc float[1];
        foreach (var (a, b) in new[] { (0f, 0f), (0f, 1f), (1f, 0f), (1f, 1f) })
        {
            network.Predict([a, b], output);
            Assert.Equal(a != b, output[0] >= 0.5f);
        }
    }

    [Fact]
    public void A_seeded_constructor_still_draws_fresh_weights()
    {
        var fresh = new float[EmbeddedXorNet.ParameterCount];
        new EmbeddedXorNet(seed: 7).CopyParametersTo(fresh);
        var drawn = new float[XorNet.ParameterCount];
        new XorNet(seed: 7).CopyParametersTo(drawn);
        Assert.Equal(drawn, fresh);
    }

    [Fact]
    public void SaveEmbeddable_writes_comments_then_base64_of_Save()
    {
        var network = new XorNet(seed: 3);
        var text = new StringWriter();
        network.SaveEmbeddable(text);
        var saved = new MemoryStream();
        network.Save(saved);

        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("# NetGen embeddable weights: XorNet, 17 parameters.", lines[0]);
        Assert.Equal(saved.ToArray(), Convert.FromBase64String(string.Concat(lines.Where(l => !l.StartsWith('#')))));
        Assert.All(lines, line => Assert.True(line.Length <= 120));
    }
}
