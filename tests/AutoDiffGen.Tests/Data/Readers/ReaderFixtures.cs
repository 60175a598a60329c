using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using StbImageWriteSharp;

namespace AutoDiffGen.Tests.Data.Readers;

/// <summary>A fresh folder under the temp directory per test, deleted afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir() => Path = Directory.CreateTempSubdirectory("adg-readers-").FullName;

    public string Path { get; }

    /// <summary>The full path of <paramref name="relative"/> inside the folder.</summary>
    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="relative"/>, making folders as needed; returns the path.</summary>
    public string Write(string relative, byte[] bytes)
    {
        var path = this[relative];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string WriteText(string relative, string text) => Write(relative, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>The names of every file under the folder, relative, sorted (to prove nothing stray was left).</summary>
    public string[] Files() => [.. Directory.GetFiles(Path, "*", SearchOption.AllDirectories)
        .Select(f => System.IO.Path.GetRelativePath(Path, f).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>Builds dataset files byte by byte in their real formats.</summary>
public static class Fixtures
{
    /// <summary>A distinct, recognisable pixel value for image i at (row, column).</summary>
    public static byte Pixel(int i, int row, int column) => (byte)((i * 37) + (row * 7) + (column * 3));

    /// <summary>An IDX images file: magic 0x00000803, count, rows, columns (big-endian), then the pixels.</summary>
    public static byte[] IdxImages(int count, int rows, int columns)
    {
        var bytes = new byte[16 + (count * rows * columns)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x00000803);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
        for (var i = 0; i < count; i++)
        {
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    bytes[16 + (i * rows * columns) + (r * columns) + c] = Pixel(i, r, c);
                }
            }
        }

        return bytes;
    }

    /// <summary>An IDX labels file: magic 0x00000801, count (big-endian), then the labels.</summary>
    public static byte[] IdxLabels(params byte[] labels)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x00000801);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    /// <summary>The labels used by the MNIST fixtures: i % 10.</summary>
    public static byte[] Labels(int count) => [.. Enumerable.Range(0, count).Select(i => (byte)(i % 10))];

    /// <summary>Writes a train or test split of <paramref name="count"/> 28×28 images into <paramref name="dir"/>.</summary>
    public static void WriteMnist(TempDir dir, bool train, int count, bool gzip, int rows = 28, int columns = 28)
    {
        var prefix = train ? "train" : "t10k";
        var suffix = gzip ? ".gz" : "";
        dir.Write($"{prefix}-images-idx3-ubyte{suffix}", Compress(IdxImages(count, rows, columns), gzip));
        dir.Write($"{prefix}-labels-idx1-ubyte{suffix}", Compress(IdxLabels(Labels(count)), gzip));
    }

    public static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Compress(byte[] data, bool gzip) => gzip ? Gzip(data) : data;

    /// <summary>CIFAR pixel value for record r, channel c, row y, column x.</summary>
    public static byte CifarPixel(int r, int c, int y, int x) => (byte)((r * 11) + (c * 85) + (y * 5) + x);

    /// <summary>CIFAR-10 binary records: a label byte, then the red, green and blue 32×32 planes.</summary>
    public static byte[] CifarRecords(int first, params byte[] labels)
    {
        var bytes = new byte[labels.Length * 3073];
        for (var n = 0; n < labels.Length; n++)
        {
            var record = bytes.AsSpan(n * 3073, 3073);
            record[0] = labels[n];
            for (var c = 0; c < 3; c++)
            {
                for (var y = 0; y < 32; y++)
                {
                    for (var x = 0; x < 32; x++)
                    {
                        record[1 + (c * 1024) + (y * 32) + x] = CifarPixel(first + n, c, y, x);
                    }
                }
            }
        }

        return bytes;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>An RGB test pattern, HWC.</summary>
    public static byte[] Rgb(int height, int width, int seed)
    {
        var pixels = new byte[height * width * 3];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((i * 29) + (seed * 53));
        }

        return pixels;
    }

    public static byte[] Png(byte[] pixels, int width, int height, int channels = 3) =>
        Encode(s => new ImageWriter().WritePng(pixels, width, height, Components(channels), s));

    public static byte[] Bmp(byte[] pixels, int width, int height) =>
        Encode(s => new ImageWriter().WriteBmp(pixels, width, height, ColorComponents.RedGreenBlue, s));

    public static byte[] Jpeg(byte[] pixels, int width, int height) =>
        Encode(s => new ImageWriter().WriteJpg(pixels, width, height, ColorComponents.RedGreenBlue, s, 95));

    private static ColorComponents Components(int channels) => channels switch
    {
        1 => ColorComponents.Grey,
        3 => ColorComponents.RedGreenBlue,
        _ => ColorComponents.RedGreenBlueAlpha,
    };

    private static byte[] Encode(Action<Stream> write)
    {
        var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }
}
