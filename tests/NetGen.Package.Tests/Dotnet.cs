using System;
using System.Diagnostics;
using System.IO;

namespace NetGen.Package.Tests;

/// <summary>Runs the dotnet CLI as a user would, capturing everything it prints.</summary>
internal static class Dotnet
{
    public static (int ExitCode, string Output) Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        // A child build must not join the test host's build servers or inherit its MSBuild settings.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    /// <summary>The repository root: the folder holding NetGen.sln above the test binaries.</summary>
    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "NetGen.sln")))
            folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("NetGen.sln not found above " + AppContext.BaseDirectory);
    }
}
