using System.Formats.Tar;
using System.IO.Compression;

namespace AutoDiffGen.Tests.Data.Readers;

/// <summary>Downloads from a loopback server: verified by SHA-256, moved into place only when the hash matches.</summary>
public class DownloadTests
{
    private static readonly string[] _mnistFiles =
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

    /// <summary>Serves a small gzip MNIST (6 training, 2 test images) and returns a source with the files' hashes.</summary>
    private static DownloadSource ServeMnist(LoopbackServer server)
    {
        server.Files["train-images-idx3-ubyte.gz"] = Fixtures.Gzip(Fixtures.IdxImages(6, 28, 28));
        server.Files["train-labels-idx1-ubyte.gz"] = Fixtures.Gzip(Fixtures.IdxLabels(Fixtures.Labels(6)));
        server.Files["t10k-images-idx3-ubyte.gz"] = Fixtures.Gzip(Fixtures.IdxImages(2, 28, 28));
        server.Files["t10k-labels-idx1-ubyte.gz"] = Fixtures.Gzip(Fixtures.IdxLabels(Fixtures.Labels(2)));
        return new DownloadSource(server.BaseUri, server.Files.ToDictionary(f => f.Key, f => Fixtures.Sha256(f.Value)));
    }

    [Fact]
    public void Mnist_downloads_verifies_and_then_reads_the_files()
    {
        using var server = new LoopbackServer();
        using var dir = new TempDir();
        var source = ServeMnist(server);

        var mnist = Mnist.Load(dir["mnist"], train: true, download: true, source: source);

        Assert.Equal(6, mnist.Count);
        Assert.Equal(Fixtures.Pixel(5, 3, 4), mnist[5].Image[3, 4, 0]);
        Assert.Equal(_mnistFiles.Select(f => "mnist/" + f).Order(StringComparer.Ordinal), dir.Files());
        Assert.Equal(4, server.Requests.Count);

        // Files already there are not fetched again.
        Assert.Equal(2, Mnist.Load(dir["mnist"], train: false, download: true, source: source).Count);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public void A_hash_mismatch_names_the_file_and_both_hashes_and_leaves_nothing()
    {
        using var server = new LoopbackServer();
        using var dir = new TempDir();
        var source = ServeMnist(server);
        var expected = source.Sha256["train-labels-idx1-ubyte.gz"];
        server.Files["train-labels-idx1-ubyte.gz"] = Fixtures.Gzip(Fixtures.IdxLabels(9, 9, 9, 9, 9, 9));
        var actual = Fixtures.Sha256(server.Files["train-labels-idx1-ubyte.gz"]);

        var e = Assert.Throws<DatasetChecksumException>(() => Mnist.Load(dir.Path, download: true, source: source));

        Assert.Equal(dir["train-labels-idx1-ubyte.gz"], e.FilePath);
        Assert.Equal((expected, actual), (e.ExpectedSha256, e.ActualSha256));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains(actual, e.Message, StringComparison.Ordinal);
        Assert.Contains("train-labels-idx1-ubyte.gz", e.Message, StringComparison.Ordinal);
        Assert.Equal(["train-images-idx3-ubyte.gz"], dir.Files());
    }

    [Fact]
    public void A_server_error_is_a_download_error_and_leaves_nothing()
    {
        using var server = new LoopbackServer();
        using var dir = new TempDir();
        var source = ServeMnist(server);
        server.Files.TryRemove("train-images-idx3-ubyte.gz", out _);

        var e = Assert.Throws<DatasetDownloadException>(() => Mnist.Load(dir.Path, download: true, source: source));

        Assert.Contains("404", e.Message, StringComparison.Ordinal);
        Assert.Equal(source.UriOf("train-images-idx3-ubyte.gz"), e.Uri);
        Assert.Empty(dir.Files());
    }

    [Fact]
    public void A_file_with_no_listed_hash_is_not_downloaded_at_all()
    {
        using var server = new LoopbackServer();
        using var dir = new TempDir();
        ServeMnist(server);
        var source = new DownloadSource(server.BaseUri, new Dictionary<string, string>());

        var e = Assert.Throws<DatasetDownloadException>(() => Mnist.Download(dir.Path, source));

        Assert.Contains("no SHA-256", e.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
        Assert.Empty(dir.Files());
    }

    [Fact]
    public void A_stalled_server_times_out_instead_of_hanging()
    {
        using var server = new LoopbackServer();
        using var dir = new TempDir();
        var source = ServeMnist(server);
        server.Stalled["t10k-images-idx3-ubyte.gz"] = true;

        var e = Assert.Throws<DatasetDownloadException>(() =>
            Downloader.Fetch(source, "t10k-images-idx3-ubyte.gz", dir["t10k-images-idx3-ubyte.gz"], http: null, idleTimeout: TimeSpan.FromMilliseconds(300)));

        Assert.Contains("stalled", e.Message, StringComparison.Ordinal);
        Assert.Empty(dir.Files());
    }

    [Fact]
    public void Cifar10_downloads_and_unpacks_the_archive()
    {
        using var server = new LoopbackServer();
        using var dir = new TempDir();
        server.Files["cifar-10-binary.tar.gz"] = CifarArchive();
        var source = Cifar10.DefaultSource.WithMirror(server.BaseUri);
        var hashed = new DownloadSource(server.BaseUri, new Dictionary<string, string> { ["cifar-10-binary.tar.gz"] = Fixtures.Sha256(server.Files["cifar-10-binary.tar.gz"]) });

        // The real archive's hash does not match the fixture: nothing is unpacked.
        Assert.Throws<DatasetChecksumException>(() => Cifar10.Load(dir.Path, download: true, source: source));
        Assert.Empty(dir.Files());

        var cifar = Cifar10.Load(dir.Path, train: true, download: true, source: hashed);
        Assert.Equal(5, cifar.Count);
        Assert.Equal([0L, 1, 2, 3, 4], cifar.Select(s => s.Label));
        Assert.Equal(Fixtures.CifarPixel(4, 1, 2, 3), cifar[4].Image[2, 3, 1]);
        Assert.Equal([7L], Cifar10.Load(dir.Path, train: false).Select(s => s.Label));
        Assert.Equal(
            ["cifar-10-batches-bin/batches.meta.txt", "cifar-10-batches-bin/data_batch_1.bin", "cifar-10-batches-bin/data_batch_2.bin",
             "cifar-10-batches-bin/data_batch_3.bin", "cifar-10-batches-bin/data_batch_4.bin", "cifar-10-batches-bin/data_batch_5.bin",
             "cifar-10-batches-bin/test_batch.bin", "cifar-10-binary.tar.gz"],
            dir.Files());
    }

    /// <summary>A tar.gz laid out like the real one: cifar-10-batches-bin/ with five training batches, a test batch and metadata.</summary>
    private static byte[] CifarArchive()
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            void Add(string name, byte[] data) =>
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "cifar-10-batches-bin/" + name) { DataStream = new MemoryStream(data) });

            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "cifar-10-batches-bin/"));
            for (var b = 0; b < 5; b++)
            {
                Add($"data_batch_{b + 1}.bin", Fixtures.CifarRecords(b, (byte)b));
            }

            Add("test_batch.bin", Fixtures.CifarRecords(50, 7));
            Add("batches.meta.txt", "airplane\nautomobile\n"u8.ToArray());
        }

        return output.ToArray();
    }
}
