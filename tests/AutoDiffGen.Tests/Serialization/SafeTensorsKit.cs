using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace AutoDiffGen.Tests.Serialization;

/// <summary>Builds safetensors files byte by byte from the format's definition, and temporary folders for them.</summary>
internal static class SafeTensorsKit
{
    /// <summary>The 8-byte little-endian header size, the header as UTF-8 exactly as given, then the data.</summary>
    public static byte[] File(string header, params byte[][] data) => File(Encoding.UTF8.GetBytes(header), data);

    public static byte[] File(byte[] header, params byte[][] data)
    {
        var size = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(size, (ulong)header.Length);
        return [.. size, .. header, .. data.SelectMany(d => d)];
    }

    /// <summary>Little-endian bytes of the values (the tests run on little-endian hosts, checked here).</summary>
    public static byte[] Bytes<T>(params T[] values)
        where T : unmanaged
    {
        Assert.True(BitConverter.IsLittleEndian);
        return MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
    }

    public static byte[] Zeros(int count) => new byte[count];

    /// <summary>Asserts that the bytes are rejected, read from a file and from a byte array, and returns the file's error.</summary>
    public static CheckpointFormatException Rejects(byte[] file)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("bad.safetensors", file);
        var fromFile = Assert.ThrowsAny<CheckpointFormatException>(() => SafeTensors.Load(path));
        Assert.Equal(path, fromFile.FilePath);
        Assert.StartsWith(path + ": ", fromFile.Message);
        var fromBytes = Assert.ThrowsAny<CheckpointFormatException>(() => SafeTensors.Deserialize(file));
        Assert.Null(fromBytes.FilePath);
        Assert.Equal(fromFile.GetType(), fromBytes.GetType());
        Assert.Equal(fromFile.ByteOffset, fromBytes.ByteOffset);
        return fromFile;
    }

    public static Tensor F32(float[] values, params int[] shape) => Tensor.FromArray(values, shape);

    /// <summary>The bits of every element (NaN payloads and -0 included), for exact comparisons.</summary>
    public static long[] Bits(Tensor t) => t.DType switch
    {
        DType.Float32 => t.ToArray<float>().Select(v => (long)BitConverter.SingleToInt32Bits(v)).ToArray(),
        DType.Float64 => t.ToArray<double>().Select(BitConverter.DoubleToInt64Bits).ToArray(),
        DType.Int64 => t.ToArray<long>(),
        DType.Int32 => t.ToArray<int>().Select(v => (long)v).ToArray(),
        _ => t.ToArray<bool>().Select(v => v ? 1L : 0L).ToArray(),
    };

    public static void AssertIdentical(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.DType, actual.DType);
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        Assert.Equal(Bits(expected), Bits(actual));
    }
}

/// <summary>A fresh folder under the temporary directory, deleted with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "adg-st-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, byte[] content)
    {
        var path = File(name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public string[] Entries() => Directory.GetFileSystemEntries(Path).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
