using System.Net;
using System.Net.Sockets;

namespace VisionPS.Core.Http;

/// <summary>One connection pool for the whole process, shared by every command, as HttpClient guidance advises.</summary>
public static class VisionHttp
{
    /// <summary>How long a TCP connect may take when the request does not say (per request: <see cref="ConnectTimeoutOption"/>).</summary>
    public static TimeSpan DefaultConnectTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The request option carrying that request's connect timeout (<see cref="Timeout.InfiniteTimeSpan"/> = none).</summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> ConnectTimeoutOption = new("VisionPS.ConnectTimeout");

    private static readonly Lazy<SocketsHttpHandler> Shared = new(() => CreateHandler(NetworkOptions.Default, ResponseLimits.Default));

    /// <summary>The process-wide pool: environment proxy (HTTPS_PROXY/NO_PROXY), certificate checks on, redirects left to the client.</summary>
    public static HttpMessageHandler SharedHandler => Shared.Value;

    /// <summary>
    /// A handler with its own proxy or certificate setting (the caller disposes it). Redirects are never followed
    /// here: <see cref="VisionChatClient"/> follows them itself so the key goes only to the origin it was meant for.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(NetworkOptions network, ResponseLimits limits)
    {
        var handler = new SocketsHttpHandler
        {
            // The pool is shared, but connect timeouts are per command: the callback reads them from the request.
            ConnectCallback = ConnectAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
            AllowAutoRedirect = false,
            MaxResponseHeadersLength = limits.MaxHeaderKilobytes,
        };
        if (network.Proxy is { } proxy)
        {
            handler.Proxy = new WebProxy(proxy) { Credentials = network.ProxyCredential, BypassProxyOnLocal = false };
            handler.UseProxy = true;
        }
        else if (network.ProxyCredential is { } credential)
        {
            handler.DefaultProxyCredentials = credential;
        }

        if (network.SkipCertificateCheck)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }

        return handler;
    }

    public static string UserAgent { get; } = "VisionPS/" + typeof(VisionHttp).Assembly.GetName().Version?.ToString(3);

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        TimeSpan limit = context.InitialRequestMessage.Options.TryGetValue(ConnectTimeoutOption, out TimeSpan given) ? given : DefaultConnectTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (limit != Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(limit);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, timeout.Token).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"No connection to {context.DnsEndPoint.Host}:{context.DnsEndPoint.Port} within {limit.TotalSeconds:0.#} s (-ConnectTimeoutSec).");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
