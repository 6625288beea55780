using System;
using System.IO;

namespace NetGen.Runtime;

/// <summary>Reading whole parts of a file, with a truncation error that says which part ran out.</summary>
internal static class StreamReading
{
    /// <summary>Fills <paramref name="buffer"/> or throws "<paramref name="file"/> is truncated: it ends inside the <paramref name="part"/>".</summary>
    public static void ReadPart(this Stream stream, Span<byte> buffer, string file, string part)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = stream.Read(buffer[total..]);
            if (read == 0)
                throw new InvalidDataException($"{file} is truncated: it ends inside the {part} ({total} of {buffer.Length} bytes).");
            total += read;
        }
    }
}
