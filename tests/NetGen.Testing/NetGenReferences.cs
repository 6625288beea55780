using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace NetGen.Testing;

/// <summary>
/// What every test compiles against: the .NET 10 reference pack and NetGen.dll. The Roslyn SDK's test packages
/// know only older packs (their Net100 asks for one the feed does not serve), so the pack is named here, and restore
/// caches it (the PackageDownload in NetGen.Testing.csproj). The tests never download it: they read NuGet settings
/// with no package source, so the pack is looked up in restore's package folder alone.
/// </summary>
public static class NetGenReferences
{
    private const string Pack = "Microsoft.NETCore.App.Ref", PackVersion = "10.0.12";

    public static readonly ReferenceAssemblies Net100 =
        new ReferenceAssemblies("net10.0", new PackageIdentity(Pack, PackVersion), Path.Combine("ref", "net10.0"))
            .WithNuGetConfigFilePath(OfflineNuGetConfig());

    /// <summary>The runtime the generated code calls, as the package brings it.</summary>
    public static readonly MetadataReference NetGen = MetadataReference.CreateFromFile(typeof(NetworkAttribute).Assembly.Location);

    /// <summary>Restore's package folder (baked in at build), holding the pack, and no package source to download from.</summary>
    private static string OfflineNuGetConfig()
    {
        string packages = typeof(NetGenReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value ?? "";
        if (!Directory.Exists(Path.Combine(packages, Pack.ToLowerInvariant(), PackVersion)))
            throw new InvalidOperationException($"{Pack} {PackVersion} is not in {packages}: run dotnet restore (tests never download it).");
        string config = Path.Combine(AppContext.BaseDirectory, "offline.nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{packages}" />
              </config>
              <packageSources>
                <clear />
              </packageSources>
            </configuration>
            """);
        return config;
    }
}
