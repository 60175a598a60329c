namespace AutoDiffGen.Tests.Samples;

/// <summary>A fresh output folder per test, deleted afterwards, and checks on what the samples write there.</summary>
internal sealed class SampleOutput : IDisposable
{
    private static readonly byte[] _pngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public SampleOutput()
    {
        Directory = Path.Combine(Path.GetTempPath(), "adg-samples-" + Guid.NewGuid().ToString("N"));
    }

    public string Directory { get; }

    /// <summary>Each file is in the folder and is a PNG with a non-empty image, and no temporary file was left behind.</summary>
    public void AssertPngs(IEnumerable<string> files, params string[] expectedNames)
    {
        var list = files.ToList();
        Assert.Equal(expectedNames.Order(), list.Select(Path.GetFileName).Order());
        foreach (var file in list)
        {
            Assert.Equal(Path.GetFullPath(Directory), Path.GetDirectoryName(file));
            var bytes = File.ReadAllBytes(file);
            Assert.True(bytes.AsSpan().StartsWith(_pngSignature), $"{file} is not a PNG");

            // The IHDR chunk follows the signature: big-endian width and height at bytes 16 and 20.
            Assert.True(System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)) > 0, $"{file} has no width");
            Assert.True(System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)) > 0, $"{file} has no height");
        }

        Assert.Empty(System.IO.Directory.EnumerateFiles(Directory, "*.tmp*"));
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
