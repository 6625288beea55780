using System;
using System.IO;

namespace NetGen.Runtime;

/// <summary>
/// Writes a file so that a reader sees the old file or the whole new one, never a part: the contents go to a temporary file
/// in the same directory, which is flushed to the disk and then renamed over the target (a rename within a directory is
/// atomic). When writing fails midway, the temporary file is deleted and the old file is untouched.
/// </summary>
public static class AtomicFile
{
    /// <summary>Creates or replaces <paramref name="path"/> with what <paramref name="write"/> writes to the stream it is given.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string target = Path.GetFullPath(path);
        string temporary = $"{target}.{Path.GetRandomFileName()}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            File.Delete(temporary); // no exception when it does not exist
            throw;
        }
    }
}
