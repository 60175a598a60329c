namespace Samples.Common;

/// <summary>
/// Writes a sample's output files so that a reader never sees half a file: each is written under a temporary name in
/// the same folder, then moved over the target (a rename, atomic on one file system). A failed write leaves the
/// previous file in place and no temporary behind.
/// </summary>
internal static class AtomicOutput
{
    /// <summary>
    /// Calls <paramref name="write"/> with a temporary path next to <paramref name="path"/> (same extension, so
    /// writers that look at it still see ".png"), then renames it to <paramref name="path"/>. Makes the folder.
    /// </summary>
    public static string Write(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileNameWithoutExtension(full)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(full)}");
        try
        {
            write(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        return full;
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static string WriteBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        return Write(path, temporary => File.WriteAllBytes(temporary, copy));
    }
}
