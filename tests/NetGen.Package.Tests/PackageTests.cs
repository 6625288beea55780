using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Xunit;

namespace NetGen.Package.Tests;

/// <summary>
/// The package as a user meets it: `dotnet pack` output with the right layout, and a project outside
/// the solution that takes it from a local folder feed, builds (showing an analyzer warning), sees
/// the generated code and runs.
/// </summary>
public sealed class PackageTests : IClassFixture<PackageTests.PackedFeed>
{
    /// <summary>Packs once for the class into a fresh folder feed.</summary>
    public sealed class PackedFeed : IDisposable
    {
        public string Folder { get; } = Directory.CreateTempSubdirectory("netgen-feed-").FullName;
        public string Package { get; }
        public string PackOutput { get; }

        public PackedFeed()
        {
            string project = Path.Combine(Dotnet.RepositoryRoot(), "src", "NetGen", "NetGen.csproj");
            (int code, PackOutput) = Dotnet.Run(Folder, "pack", project, "-c", "Release", "-o", Folder);
            Assert.True(code == 0, PackOutput);
            Package = Directory.GetFiles(Folder, "NetGen.*.nupkg").Single();
        }

        public void Dispose() => Directory.Delete(Folder, recursive: true);
    }

    private readonly PackedFeed _feed;

    public PackageTests(PackedFeed feed) => _feed = feed;

    [Fact]
    public void The_package_holds_the_runtime_under_lib_and_the_compiler_parts_under_analyzers()
    {
        using var zip = ZipFile.OpenRead(_feed.Package);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("lib/net10.0/NetGen.dll", entries);
        Assert.Contains("lib/net9.0/NetGen.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/NetGen.Generators.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/NetGen.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/NetGen.CodeFixes.dll", entries);
        Assert.Contains("README.md", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/netstandard2.0/"));

        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec")).Open());
        string text = nuspec.ReadToEnd();
        Assert.DoesNotContain("NetGen.Generators", text); // the Roslyn parts are not dependencies
        Assert.Contains("<readme>README.md</readme>", text);
        Assert.DoesNotContain("<repository", text); // SourceLink-free
    }

    [Fact]
    public void Packing_twice_gives_the_same_package_contents()
    {
        string again = Directory.CreateTempSubdirectory("netgen-feed2-").FullName;
        try
        {
            string project = Path.Combine(Dotnet.RepositoryRoot(), "src", "NetGen", "NetGen.csproj");
            var (code, output) = Dotnet.Run(again, "pack", project, "-c", "Release", "-o", again);
            Assert.True(code == 0, output);
            using var first = ZipFile.OpenRead(_feed.Package);
            using var second = ZipFile.OpenRead(Directory.GetFiles(again, "*.nupkg").Single());
            foreach (string name in new[] { "lib/net10.0/NetGen.dll", "analyzers/dotnet/cs/NetGen.Generators.dll" })
                Assert.Equal(Bytes(first, name), Bytes(second, name));
        }
        finally
        {
            Directory.Delete(again, recursive: true);
        }

        static byte[] Bytes(ZipArchive zip, string name)
        {
            using var stream = zip.GetEntry(name)!.Open();
            var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }
    }

    [Fact]
    public void A_consumer_outside_the_solution_builds_against_the_feed_sees_warnings_and_runs()
    {
        string consumer = Directory.CreateTempSubdirectory("netgen-consumer-").FullName;
        try
        {
            string template = Path.Combine(Dotnet.RepositoryRoot(), "tests", "PackageConsumer");
            foreach (string file in new[] { "PackageConsumer.csproj", "Program.cs" })
                File.Copy(Path.Combine(template, file), Path.Combine(consumer, file));
            string version = Path.GetFileNameWithoutExtension(_feed.Package)["NetGen.".Length..];
            // The local feed first; a private packages folder so no cached NetGen of the same version is used.
            File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="netgen-local" value="{_feed.Folder}" />
                  </packageSources>
                  <config>
                    <add key="globalPackagesFolder" value="{Path.Combine(consumer, "packages")}" />
                  </config>
                </configuration>
                """);

            var (buildCode, build) = Dotnet.Run(consumer, "build", $"-p:NetGenVersion={version}");
            Assert.True(buildCode == 0, build);
            Assert.Contains("warning NG1004", build); // the analyzer, from the package, on the Init argument

            string generated = Path.Combine(consumer, "obj", "Debug", "net10.0", "generated", "NetGen.Generators", "NetGen.Generators.NetworkGenerator", "ConsumerXorNet.g.cs");
            Assert.True(File.Exists(generated), "generated source at " + generated);
            Assert.Contains("partial class ConsumerXorNet", File.ReadAllText(generated));

            var (runCode, run) = Dotnet.Run(consumer, "run", "--no-build");
            Assert.True(runCode == 0, run);
            Assert.Contains("2 → 4 Tanh → 1 Sigmoid: 4/4 correct", run);
        }
        finally
        {
            Directory.Delete(consumer, recursive: true);
        }
    }
}
