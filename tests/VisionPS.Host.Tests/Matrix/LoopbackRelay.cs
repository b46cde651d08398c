using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VisionPS.Host.Tests.Matrix;

/// <summary>
/// A small HTTP/1.1 relay on 127.0.0.1 that records every request crossing it (line, headers, body), for the
/// contract matrix: a server front of its own origin (<see cref="Forward"/>), a server that sends every request
/// on to another origin (<see cref="Redirect"/>), or a forward proxy (<see cref="Proxy"/>, absolute-form targets).
/// Bodies need a Content-Length (what HttpClient sends for the module's byte and file contents); the answers are
/// piped back unchanged, streams included.
/// </summary>
public sealed class LoopbackRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<RelayedRequest> _requests = new();
    private readonly Uri? _upstream;
    private readonly Uri? _redirectTo;
    private readonly Task _accepting;

    private LoopbackRelay(Uri? upstream, Uri? redirectTo)
    {
        _upstream = upstream;
        _redirectTo = redirectTo;
        _listener.Start();
        Origin = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = AcceptAsync();
    }

    /// <summary>http://127.0.0.1:port, this relay's own origin.</summary>
    public Uri Origin { get; }

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<RelayedRequest> Requests => _requests.ToArray();

    /// <summary>Relays each request to <paramref name="upstream"/>'s host and port: a server with an origin of its own.</summary>
    public static LoopbackRelay Forward(Uri upstream) => new(upstream, null);

    /// <summary>Answers each request with a 307 to the same path on <paramref name="origin"/>.</summary>
    public static LoopbackRelay Redirect(Uri origin) => new(null, origin);

    /// <summary>A forward proxy: each request names its target in absolute form (http://host:port/path).</summary>
    public static LoopbackRelay Proxy() => new(null, null);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            NetworkStream downstream = client.GetStream();
            TcpClient? upstream = null;
            try
            {
                while (await ReadRequestAsync(downstream) is { } request)
                {
                    _requests.Enqueue(request.Relayed);
                    if (_redirectTo is { } target)
                    {
                        string path = request.Relayed.Target.StartsWith('/') ? request.Relayed.Target : new Uri(request.Relayed.Target).PathAndQuery;
                        byte[] answer = Encoding.ASCII.GetBytes($"HTTP/1.1 307 Temporary Redirect\r\nLocation: {new Uri(target, path)}\r\nContent-Length: 0\r\n\r\n");
                        await downstream.WriteAsync(answer, _stop.Token);
                        continue;
                    }

                    if (upstream is null)
                    {
                        Uri to = _upstream ?? new Uri(request.Relayed.Target);
                        upstream = new TcpClient();
                        await upstream.ConnectAsync(to.Host, to.Port, _stop.Token);
                        NetworkStream back = upstream.GetStream();
                        _ = PipeAsync(back, downstream);
                    }

                    await upstream.GetStream().WriteAsync(request.Raw, _stop.Token);
                }
            }
            catch (Exception)
            {
                // A closed connection ends the relay of that connection; the requests seen so far stay recorded.
            }
            finally
            {
                upstream?.Dispose();
            }
        }
    }

    private async Task PipeAsync(Stream from, Stream to)
    {
        byte[] buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception)
        {
            // The other side went away.
        }
        finally
        {
            to.Dispose();
        }
    }

    private async Task<(RelayedRequest Relayed, byte[] Raw)?> ReadRequestAsync(Stream stream)
    {
        var head = new MemoryStream();
        byte[] one = new byte[1];
        while (!EndsWithBlankLine(head))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                return null;
            }

            head.WriteByte(one[0]);
        }

        string[] lines = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        string[] requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            headers[line[..colon].Trim()] = (headers.TryGetValue(line[..colon].Trim(), out string? earlier) ? earlier + ", " : "") + line[(colon + 1)..].Trim();
        }

        byte[] body;
        byte[] raw;
        if (headers.TryGetValue("Transfer-Encoding", out string? encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            (body, byte[] chunked) = await ReadChunkedAsync(stream);
            raw = [.. head.ToArray(), .. chunked];
        }
        else
        {
            body = headers.TryGetValue("Content-Length", out string? length) ? new byte[int.Parse(length)] : [];
            await stream.ReadExactlyAsync(body, _stop.Token);
            raw = [.. head.ToArray(), .. body];
        }

        return (new RelayedRequest(requestLine[0], requestLine[1], headers, body), raw);
    }

    // Returns the decoded body and the bytes as they came (to relay them unchanged).
    private async Task<(byte[] Body, byte[] Raw)> ReadChunkedAsync(Stream stream)
    {
        var body = new MemoryStream();
        var raw = new MemoryStream();
        while (true)
        {
            string sizeLine = await ReadLineAsync(stream, raw);
            int size = Convert.ToInt32(sizeLine.Split(';')[0].Trim(), 16);
            byte[] chunk = new byte[size + 2];
            await stream.ReadExactlyAsync(chunk, _stop.Token);
            raw.Write(chunk);
            body.Write(chunk, 0, size);
            if (size == 0)
            {
                return (body.ToArray(), raw.ToArray());
            }
        }
    }

    private async Task<string> ReadLineAsync(Stream stream, MemoryStream raw)
    {
        var line = new StringBuilder();
        byte[] one = new byte[1];
        while (await stream.ReadAsync(one, _stop.Token) == 1)
        {
            raw.WriteByte(one[0]);
            if (one[0] == '\n')
            {
                break;
            }

            line.Append((char)one[0]);
        }

        return line.ToString().TrimEnd('\r');
    }

    private static bool EndsWithBlankLine(MemoryStream head)
    {
        if (head.Length < 4)
        {
            return false;
        }

        byte[] b = head.GetBuffer();
        long n = head.Length;
        return b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
