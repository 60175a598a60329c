using System.Globalization;
using System.Security.Cryptography;

namespace AutoDiffGen;

/// <summary>
/// Fetches one dataset file: streamed to a temporary file in the destination folder while its SHA-256 is
/// computed, then moved into place only when the hash matches, so an interrupted or wrong download never
/// leaves a file under the real name.
/// </summary>
internal static class Downloader
{
    /// <summary>How long a read may wait for the next bytes before the download is given up as stalled.</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(60);

    // One client for the process, as HttpClient is meant to be used. Its whole-request timeout is off because a
    // large file on a slow link may take minutes; the idle timeout on each read catches a stalled server instead.
    private static readonly HttpClient _shared = new() { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Downloads <paramref name="fileName"/> from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    public static void Fetch(DownloadSource source, string fileName, string destination, HttpClient? http, TimeSpan? idleTimeout = null)
    {
        var uri = source.UriOf(fileName);
        if (!source.Sha256.TryGetValue(fileName, out var expected))
        {
            throw new DatasetDownloadException(uri, destination,
                $"{source} lists no SHA-256 for {fileName}, so it was not downloaded (files are never kept unverified); add its hash to the source.");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        Directory.CreateDirectory(directory);

        // The temporary file is in the same folder, so the final move is a rename on the same volume.
        var temp = Path.Combine(directory, $".{fileName}.{Guid.NewGuid():N}.part");
        try
        {
            // The public readers are synchronous; the download is asynchronous inside only to time out each read.
            // ConfigureAwait(false) throughout keeps this wait free of any synchronization context.
            var actual = DownloadAsync(http ?? _shared, uri, temp, destination, idleTimeout ?? DefaultIdleTimeout).GetAwaiter().GetResult();
            if (actual != expected)
            {
                throw new DatasetChecksumException(uri, destination, expected, actual);
            }

            File.Move(temp, destination, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Streams <paramref name="uri"/> into <paramref name="temp"/> and returns its SHA-256 (lowercase hex).</summary>
    private static async Task<string> DownloadAsync(HttpClient http, Uri uri, string temp, string destination, TimeSpan idleTimeout)
    {
        using var idle = new CancellationTokenSource(idleTimeout);
        long received = 0;
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, idle.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new DatasetDownloadException(uri, destination, string.Create(CultureInfo.InvariantCulture,
                    $"GET {uri} answered {(int)response.StatusCode} {response.ReasonPhrase}; nothing was written to {destination}. Check the address or use another mirror."));
            }

            var body = await response.Content.ReadAsStreamAsync(idle.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                var buffer = new byte[1 << 16];
                while (true)
                {
                    idle.CancelAfter(idleTimeout);
                    var n = await body.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
                    if (n == 0)
                    {
                        break;
                    }

                    received += n;
                    hash.AppendData(buffer, 0, n);
                    file.Write(buffer, 0, n);
                }

                return Convert.ToHexStringLower(hash.GetHashAndReset());
            }
        }
        catch (OperationCanceledException e) when (idle.IsCancellationRequested)
        {
            throw new DatasetDownloadException(uri, destination, string.Create(CultureInfo.InvariantCulture,
                $"GET {uri} stalled: no data for {idleTimeout.TotalSeconds} s after {received} bytes; nothing was written to {destination}. Try again or use another mirror."), e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new DatasetDownloadException(uri, destination, string.Create(CultureInfo.InvariantCulture,
                $"GET {uri} failed after {received} bytes: {e.Message} Nothing was written to {destination}."), e);
        }
    }
}
