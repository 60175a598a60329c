namespace AutoDiffGen;

/// <summary>
/// Where a dataset's files are fetched from, and the SHA-256 hash each must have. Readers ship one for the
/// official files (e.g. <see cref="Mnist.DefaultSource"/>); make your own for a mirror or a local server. A file
/// whose name has no hash here is not downloaded at all: nothing is kept unverified.
/// </summary>
public sealed class DownloadSource
{
    /// <param name="baseUri">The folder the files are under; a file's address is this with its name appended.</param>
    /// <param name="sha256">File name → SHA-256 in hex (either case).</param>
    public DownloadSource(Uri baseUri, IReadOnlyDictionary<string, string> sha256)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        ArgumentNullException.ThrowIfNull(sha256);
        if (!baseUri.IsAbsoluteUri)
        {
            throw new ArgumentException($"DownloadSource: the base address must be absolute, e.g. https://host/folder/, not '{baseUri}'.", nameof(baseUri));
        }

        // Without a trailing slash, new Uri(base, name) would replace the last segment instead of appending.
        BaseUri = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, hash) in sha256)
        {
            if (hash is null || hash.Length != 64 || !hash.All(Uri.IsHexDigit))
            {
                throw new ArgumentException($"DownloadSource: the SHA-256 of '{name}' must be 64 hex digits, not '{hash}'.", nameof(sha256));
            }

            hashes[name] = hash.ToLowerInvariant();
        }

        Sha256 = hashes;
    }

    /// <summary>The folder the files are under (ends with '/').</summary>
    public Uri BaseUri { get; }

    /// <summary>File name → expected SHA-256, lowercase hex.</summary>
    public IReadOnlyDictionary<string, string> Sha256 { get; }

    /// <summary>A copy with another base address and the same hashes: the same files from a mirror.</summary>
    public DownloadSource WithMirror(Uri baseUri) => new(baseUri, Sha256);

    /// <summary>The address of <paramref name="fileName"/>.</summary>
    public Uri UriOf(string fileName) => new(BaseUri, Uri.EscapeDataString(fileName));

    public override string ToString() => $"DownloadSource({BaseUri}, {Sha256.Count} files)";
}
