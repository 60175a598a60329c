using System.Formats.Tar;
using System.IO.Compression;

namespace AutoDiffGen;

/// <summary>Where CIFAR-10's files are, and fetching and unpacking its archive.</summary>
public sealed partial class Cifar10
{
    /// <summary>The archive of the binary version, as served.</summary>
    public const string ArchiveName = "cifar-10-binary.tar.gz";

    /// <summary>The folder the archive unpacks to.</summary>
    public const string BatchFolder = "cifar-10-batches-bin";

    private static readonly string[] _trainFiles = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];
    private static readonly string[] _testFiles = ["test_batch.bin"];

    /// <summary>
    /// The dataset's home page at the University of Toronto with the archive's published SHA-256 (as listed by
    /// TensorFlow Datasets and other projects that pin it; the page itself lists the MD5).
    /// </summary>
    public static DownloadSource DefaultSource { get; } = new(new Uri("https://www.cs.toronto.edu/~kriz/"), new Dictionary<string, string>
    {
        [ArchiveName] = "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd",
    });

    /// <summary>
    /// Fetches <see cref="ArchiveName"/> from <paramref name="source"/> (default <see cref="DefaultSource"/>) into
    /// <paramref name="root"/> unless it is there, checks its SHA-256, and unpacks the batch files into
    /// <paramref name="root"/>/cifar-10-batches-bin, adding only files that are missing there.
    /// </summary>
    /// <exception cref="DatasetChecksumException">The archive arrived with the wrong hash (it is deleted).</exception>
    /// <exception cref="DatasetDownloadException">The server failed or stalled.</exception>
    public static void Download(string root, DownloadSource? source = null, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var archive = Path.Combine(root, ArchiveName);
        if (!File.Exists(archive))
        {
            Downloader.Fetch(source ?? DefaultSource, ArchiveName, archive, http);
        }

        Unpack(archive, root);
    }

    /// <summary>
    /// Unpacks into a temporary folder beside the target and moves the batch files over one by one, so a failed
    /// unpack leaves no half-written file under a real name.
    /// </summary>
    private static void Unpack(string archive, string root)
    {
        var temp = Path.Combine(root, $".{BatchFolder}.{Guid.NewGuid():N}.part");
        try
        {
            Directory.CreateDirectory(temp);
            using (var file = File.OpenRead(archive))
            using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            {
                // ExtractToDirectory refuses entries that would land outside the folder (../ or absolute paths).
                TarFile.ExtractToDirectory(gzip, temp, overwriteFiles: false);
            }

            var unpacked = Path.Combine(temp, BatchFolder);
            if (!Directory.Exists(unpacked))
            {
                throw new DatasetFormatException(archive, null, $"{archive}: the archive has no {BatchFolder}/ folder; it is not the binary version of CIFAR-10.");
            }

            var target = Path.Combine(root, BatchFolder);
            Directory.CreateDirectory(target);
            foreach (var path in Directory.EnumerateFiles(unpacked))
            {
                var destination = Path.Combine(target, Path.GetFileName(path));
                if (!File.Exists(destination))
                {
                    File.Move(path, destination);
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new DatasetFormatException(archive, null, $"{archive}: cannot unpack the archive ({e.Message}); delete it and download it again.", e);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    /// <summary>The full paths of <paramref name="names"/> in the batch folder or the root itself, or null if any is missing.</summary>
    private static string[]? FindFiles(string root, string[] names)
    {
        foreach (var folder in (string[])[Path.Combine(root, BatchFolder), root])
        {
            var paths = Array.ConvertAll(names, name => Path.Combine(folder, name));
            if (Array.TrueForAll(paths, File.Exists))
            {
                return paths;
            }
        }

        return null;
    }
}
