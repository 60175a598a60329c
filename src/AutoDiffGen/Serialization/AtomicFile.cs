namespace AutoDiffGen.Serialization;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new one: the content goes to a temporary
/// file in the same directory (same file system, so the rename is atomic), is flushed to disk, and then replaces
/// the target with <see cref="File.Move(string, string, bool)"/>. On any failure the temporary file is deleted and
/// the target is left as it was.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (IOException)
        {
            // Keep the original error: a leftover temporary file is harmless and named so that it is recognisable.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
