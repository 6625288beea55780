using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using NetGen.Generators;
using NetGen.Runtime;
using NetGen.Testing;
using Xunit;

namespace NetGen.Generators.Tests;

/// <summary>[Network(Weights = "...")]: a good file becomes constant data; a missing or mismatched one is an error at the argument.</summary>
public class EmbeddedWeightsTests
{
    private const string Declaration = """
        using NetGen;
        [Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.5f, Weights = "models/xor.ngw")]
        [Input(2), Dense(4, Activation.Tanh), Dense(1, Activation.Sigmoid)]
        public partial class XorNet { }
        """;

    private static readonly float[] Parameters = Enumerable.Range(0, 17).Select(i => (i - 8) * 0.125f).ToArray();

    /// <summary>The architecture hash the generator writes for a declaration without Weights.</summary>
    internal static ulong HashOf(string declaration)
    {
        var run = GeneratorHarness.Run(new NetworkGenerator(), declaration.Replace("Weights = \"models/xor.ngw\"", "Seed = 1"));
        string source = run.Sources.Single().SourceText.ToString();
        return ulong.Parse(Regex.Match(source, "ArchitectureHash = 0x([0-9A-F]+)UL").Groups[1].Value, NumberStyles.HexNumber);
    }

    /// <summary>What SaveEmbeddable writes: comment lines, then base64 of Save's binary file.</summary>
    internal static string Ngw(ulong hash, float[] parameters, ushort version = 1, Action<byte[]>? damage = null)
    {
        var bytes = new byte[20 + 4 * parameters.Length + 4];
        "NGWF"u8.CopyTo(bytes);
        BitConverter.GetBytes(version).CopyTo(bytes, 4);
        BitConverter.GetBytes(hash).CopyTo(bytes, 8);
        BitConverter.GetBytes(parameters.Length).CopyTo(bytes, 16);
        for (int i = 0; i < parameters.Length; i++) BitConverter.GetBytes(parameters[i]).CopyTo(bytes, 20 + 4 * i);
        uint crc = Crc32.Finish(Crc32.Append(Crc32.Initial, bytes.AsSpan(0, bytes.Length - 4)));
        BitConverter.GetBytes(crc).CopyTo(bytes, bytes.Length - 4);
        damage?.Invoke(bytes);
        string base64 = Convert.ToBase64String(bytes);
        return "# NetGen embeddable weights\n" + string.Join("\n", base64.Chunk(76).Select(c => new string(c))) + "\n";
    }

    private static GeneratorRun Run(string ngw, string path = "/project/models/xor.ngw")
    {
        return GeneratorHarness.Run(new NetworkGenerator(), [new InMemoryAdditionalText(path, ngw)], Declaration);
    }

    [Fact]
    public void A_matching_file_becomes_constant_data_and_the_default_constructor_starts_from_it()
    {
        var run = Run(Ngw(HashOf(Declaration), Parameters));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        string source = run.Sources.Single().SourceText.ToString();
        Assert.Contains("public XorNet() : this(DefaultSeed) => SetParameters(EmbeddedParameters);", source);
        Assert.Contains("public static ReadOnlySpan<float> EmbeddedParameters =>", source);
        Assert.Contains("        // 0.weight [4, 2]\n        -1f, -0.875f, -0.75f, -0.625f, -0.5f, -0.375f, -0.25f, -0.125f,\n        // 0.bias [4]\n        0f, 0.125f, 0.25f, 0.375f,", source.Replace("\r\n", "\n"));
        Assert.Contains("public const string EmbeddedWeightsFile = \"models/xor.ngw\";", source);
    }

    [Fact]
    public void A_missing_file_is_NG0014_at_the_argument()
    {
        var run = GeneratorHarness.Run(new NetworkGenerator(), [new InMemoryAdditionalText("/project/other.ngw", "x")], Declaration);

        var error = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("NG0014", error.Id);
        const string argument = "Weights = \"models/xor.ngw\"";
        Assert.Equal(new Microsoft.CodeAnalysis.Text.TextSpan(Declaration.IndexOf(argument), argument.Length), error.Location.SourceSpan);
        Assert.Contains("<AdditionalFiles Include=\"models/xor.ngw\" />", error.GetMessage(CultureInfo.InvariantCulture));
        Assert.Empty(run.Sources); // nothing half-generated
    }

    public static TheoryData<string, string> Mismatches => new()
    {
        { "another architecture", "saved by another architecture (hash 0x" },
        { "another size", "holds 18 parameters and the network (2 → 4 Tanh → 1 Sigmoid) has 17" },
        { "corrupted", "corrupted (its CRC-32 checksum" },
        { "version 2", "weights format version 2" },
        { "not base64", "not an embeddable weights file" },
        { "binary header missing", "no \"NGWF\" header" },
        { "infinite parameter", "parameter 3 is" },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void A_file_that_does_not_fit_is_NG0015_naming_the_problem(string kind, string message)
    {
        ulong hash = HashOf(Declaration);
        string ngw = kind switch
        {
            "another architecture" => Ngw(hash ^ 1, Parameters),
            "another size" => Ngw(hash, [.. Parameters, 0f]),
            "corrupted" => Ngw(hash, Parameters, damage: b => b[30] ^= 0x10),
            "version 2" => Ngw(hash, Parameters, version: 2),
            "not base64" => "# weights\nthis is not base64!\n",
            "binary header missing" => Convert.ToBase64String(Encoding.ASCII.GetBytes(new string('x', 120))),
            _ => Ngw(hash, Parameters.Select((p, i) => i == 3 ? float.PositiveInfinity : p).ToArray()),
        };
        var run = Run(ngw);

        var error = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("NG0015", error.Id);
        Assert.Contains(message, error.GetMessage(CultureInfo.InvariantCulture));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Two_files_that_match_are_ambiguous()
    {
        string source = Declaration.Replace("models/xor.ngw", "xor.ngw");
        string ngw = Ngw(HashOf(Declaration), Parameters);
        var run = GeneratorHarness.Run(new NetworkGenerator(),
            [new InMemoryAdditionalText("/a/xor.ngw", ngw), new InMemoryAdditionalText("/b/xor.ngw", ngw)], source);
        Assert.Contains("2 AdditionalFiles match it", Assert.Single(run.GeneratorDiagnostics).GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_path_that_is_not_a_ngw_file_is_NG0006()
    {
        var run = GeneratorHarness.Run(new NetworkGenerator(), Declaration.Replace("models/xor.ngw", "xor.bin"));
        var error = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("NG0006", error.Id);
        Assert.Contains("Weights must be the path of a .ngw file written by SaveEmbeddable", error.GetMessage(CultureInfo.InvariantCulture));
    }
}
