using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AutoDiffGen.Tests.Data.Readers;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (a free port picked by the OS) serving fixed files, one request per
/// connection: enough for download tests without the internet. Paths not in <see cref="Files"/> get 404;
/// paths in <see cref="Stalled"/> get headers and half the body, then nothing.
/// </summary>
public sealed class LoopbackServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackServer()
    {
        _listener.Start();
        BaseUri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/data/");
        _loop = Task.Run(AcceptLoop);
    }

    /// <summary>The folder the files are served under.</summary>
    public Uri BaseUri { get; }

    /// <summary>File name → contents.</summary>
    public ConcurrentDictionary<string, byte[]> Files { get; } = new();

    /// <summary>File names whose responses stop halfway without closing.</summary>
    public ConcurrentDictionary<string, bool> Stalled { get; } = new();

    /// <summary>The paths requested so far, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends by the listener being stopped; its exception is expected.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var request = await ReadHeaders(stream);
            var path = request.Split(' ')[1];
            Requests.Enqueue(path);
            var name = path.StartsWith(BaseUri.AbsolutePath, StringComparison.Ordinal) ? Uri.UnescapeDataString(path[BaseUri.AbsolutePath.Length..]) : "";
            if (!Files.TryGetValue(name, out var body))
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
                return;
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"));
            if (Stalled.ContainsKey(name))
            {
                await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
                await stream.FlushAsync();
                await Task.Delay(Timeout.Infinite, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            await stream.WriteAsync(body);
        }
    }

    private static async Task<string> ReadHeaders(NetworkStream stream)
    {
        var text = new StringBuilder();
        var buffer = new byte[1];
        while (!text.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer) == 1)
        {
            text.Append((char)buffer[0]);
        }

        return text.ToString();
    }
}
