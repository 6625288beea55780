using System;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace NetGen.Testing;

/// <summary>
/// Snapshot files in Verify's layout, so moving to Verify later is a rename: the approved text is
/// <c>Snapshots/Name.verified.cs</c> beside the test; a mismatch writes <c>Name.received.cs</c> and
/// fails. To approve, copy received over verified, or run with NETGEN_ACCEPT_SNAPSHOTS=1.
/// </summary>
public static class Snapshot
{
    public static void Verify(string actual, string name, [CallerFilePath] string testFile = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots");
        string verified = Path.Combine(directory, name + ".verified.cs");
        string received = Path.Combine(directory, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");
        if (Environment.GetEnvironmentVariable("NETGEN_ACCEPT_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, actual);
        }
        string? expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        Directory.CreateDirectory(directory);
        File.WriteAllText(received, actual);
        throw new XunitException(expected is null
            ? $"No approved snapshot {verified}. Review {received} and rename it to approve."
            : $"Snapshot {name} changed. Compare {received} with {verified}; copy it over to approve.");
    }
}
