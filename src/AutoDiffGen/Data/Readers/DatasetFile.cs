using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.IO.Hashing;

namespace AutoDiffGen;

/// <summary>The whole contents of a dataset file, decompressed when it was gzip: <c>Bytes[0..Length]</c>.</summary>
internal readonly record struct DatasetBytes(string Path, byte[] Bytes, int Length, bool Gzip)
{
    /// <summary>How offsets in this file's errors are meant, for messages.</summary>
    public string OffsetKind => Gzip ? "decompressed offset" : "offset";

    public string At(long offset) => string.Create(CultureInfo.InvariantCulture, $"{OffsetKind} {offset}");
}

/// <summary>Reads dataset files whole, raw or gzip-compressed (told apart by the gzip magic bytes 1f 8b, not the name).</summary>
internal static class DatasetFile
{
    /// <summary>
    /// Reads <paramref name="path"/>, decompressing it when it starts with the gzip magic bytes. A gzip stream must
    /// end with a trailer whose CRC-32 and length match what was decompressed: <see cref="GZipStream"/> returns a
    /// short result without an error when the compressed file is cut off, and this check turns that into a
    /// <see cref="DatasetFormatException"/> instead of a dataset that is silently short.
    /// </summary>
    public static DatasetBytes Read(string path)
    {
        var raw = File.ReadAllBytes(path);
        return raw.Length >= 2 && raw[0] == 0x1f && raw[1] == 0x8b
            ? Gunzip(path, raw)
            : new DatasetBytes(path, raw, raw.Length, Gzip: false);
    }

    private static DatasetBytes Gunzip(string path, byte[] compressed)
    {
        // The smallest gzip file is a 10-byte header, an empty deflate block (2 bytes) and an 8-byte trailer.
        const int MinimumLength = 20;
        if (compressed.Length < MinimumLength)
        {
            throw Truncated(path, compressed.Length, string.Create(CultureInfo.InvariantCulture, $"is only {compressed.Length} bytes, shorter than any complete gzip stream"));
        }

        var trailer = compressed.AsSpan(compressed.Length - 8);
        var expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        var expectedLength = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);

        // ISIZE (the length mod 2^32) sizes the buffer; deflate cannot expand data more than ~1032 times.
        var capacity = (int)Math.Min(Math.Min(expectedLength, (long)compressed.Length * 1032), Array.MaxLength);
        var output = new MemoryStream(capacity);
        var input = new MemoryStream(compressed, writable: false);
        try
        {
            using var gzip = new GZipStream(input, CompressionMode.Decompress, leaveOpen: true);
            gzip.CopyTo(output);
        }
        catch (InvalidDataException e)
        {
            // The exact position is unknown: the decompressor reads the input ahead in blocks.
            throw new DatasetFormatException(path, input.Position,
                string.Create(CultureInfo.InvariantCulture,
                    $"{path}: the gzip stream is corrupt (the decompressor had read up to compressed offset {input.Position} of {compressed.Length}): {e.Message} Download the file again."),
                e);
        }
        catch (Exception e) when (e is OutOfMemoryException or IOException)
        {
            throw new DatasetFormatException(path, input.Position,
                $"{path}: cannot decompress the gzip stream ({e.Message}); a file over 2 GiB decompressed is not supported.", e);
        }

        var length = (int)output.Length;
        var bytes = output.GetBuffer();

        // The trailer covers the last gzip member only; for a single-member file (the usual case) that is all of it.
        var memberLength = (long)expectedLength;
        if (memberLength > length || Crc32.HashToUInt32(bytes.AsSpan(length - (int)memberLength, (int)memberLength)) != expectedCrc)
        {
            throw Truncated(path, compressed.Length,
                string.Create(CultureInfo.InvariantCulture, $"decompresses to {length} bytes, but its last 8 bytes, which should be the gzip trailer, give another CRC-32 ({expectedCrc:x8}) or length ({expectedLength})"));
        }

        return new DatasetBytes(path, bytes, length, Gzip: true);
    }

    private static DatasetFormatException Truncated(string path, long compressedLength, string detail) => new(path, compressedLength,
        string.Create(CultureInfo.InvariantCulture,
            $"{path}: truncated or corrupt gzip stream: the file {detail}; the compressed data ends at offset {compressedLength}. Download the file again (a partial download is the usual cause)."));
}
