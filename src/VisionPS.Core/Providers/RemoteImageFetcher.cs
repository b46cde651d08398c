using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.Imaging;

namespace VisionPS.Core.Providers;

/// <summary>
/// Downloads an http(s) image for a server that cannot fetch URLs itself. Bounded: at most <see cref="MaxBytes"/>,
/// <see cref="MaxRedirects"/> redirects, <see cref="Timeout"/> in all; the type is sniffed from the bytes, never taken
/// from Content-Type; loopback, private, link-local and other non-public addresses are refused unless allowed.
/// No key or cookie is ever sent.
/// </summary>
public sealed class RemoteImageFetcher : IDisposable
{
    public const long MaxBytes = 20L * 1024 * 1024;
    public const int MaxRedirects = 3;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly bool _allowPrivate;
    private readonly CancellationToken _stop;
    private readonly Lazy<HttpClient> _http;

    /// <param name="network">Proxy and TLS settings, as for the provider.</param>
    /// <param name="allowPrivate">Loopback and private addresses may be downloaded from (tests, trusted LANs).</param>
    /// <param name="stop">Cancels <see cref="Fetch"/> (the command's Ctrl+C).</param>
    public RemoteImageFetcher(NetworkOptions network, bool allowPrivate, CancellationToken stop = default)
    {
        _allowPrivate = allowPrivate;
        _stop = stop;
        _http = new Lazy<HttpClient>(() =>
        {
            SocketsHttpHandler handler = VisionHttp.CreateHandler(network with { }, ResponseLimits.Default);
            handler.UseCookies = false;
            handler.ConnectCallback = ConnectCheckedAsync;
            return new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        });
    }

    /// <summary>
    /// <see cref="FetchAsync"/> for image preparation, which runs synchronously (on the pipeline thread or a batch
    /// worker); cancelled by the token given at construction.
    /// </summary>
    public (byte[] Bytes, string MimeType) Fetch(Uri url) => FetchAsync(url, _stop).GetAwaiter().GetResult();

    /// <summary>The image's bytes and sniffed MIME type.</summary>
    public async Task<(byte[] Bytes, string MimeType)> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        Uri current = url;
        try
        {
            for (int hop = 0; ; hop++)
            {
                await CheckHostAsync(current, deadline.Token).ConfigureAwait(false);
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.UserAgent.ParseAdd(VisionHttp.UserAgent);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("image/*"));
                using HttpResponseMessage response = await _http.Value.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                int status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
                {
                    Uri next = location.IsAbsoluteUri ? location : new Uri(current, location);
                    if (hop >= MaxRedirects || (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps))
                    {
                        throw Failed(url, $"it redirected more than {MaxRedirects} times or to a non-http(s) URL");
                    }

                    current = next;
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw Failed(url, $"the server answered {status} {response.ReasonPhrase}");
                }

                byte[] bytes = await ReadCappedAsync(response, url, deadline.Token).ConfigureAwait(false);
                ImageFormat format = SniffFormat(bytes);
                if (format is not (ImageFormat.Jpeg or ImageFormat.Png or ImageFormat.Gif or ImageFormat.WebP))
                {
                    throw Failed(url, "its content is not a JPEG, PNG, GIF or WebP image (checked from the bytes, not the Content-Type)");
                }

                return (bytes, format.GetMimeType());
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failed(url, $"the download took longer than {Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException ex) when (ex.InnerException is VisionArgumentException refused)
        {
            throw refused;
        }
        catch (HttpRequestException ex)
        {
            throw Failed(url, ex.Message);
        }
    }

    private static async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, Uri url, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxBytes)
        {
            throw Failed(url, $"it is larger than {MaxBytes / (1024 * 1024)} MiB");
        }

        await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[64 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw Failed(url, $"it is larger than {MaxBytes / (1024 * 1024)} MiB");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    // Names are checked before the request (also when a proxy makes the connection) and addresses again at connect
    // time, so a name that resolves differently the second time still cannot reach a private address.
    private async Task CheckHostAsync(Uri url, CancellationToken cancellationToken)
    {
        if (_allowPrivate)
        {
            return;
        }

        IPAddress[] addresses = IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out IPAddress? literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(url.IdnHost, cancellationToken).ConfigureAwait(false);
        if (url.IsLoopback || addresses.Any(a => !IsPublic(a)))
        {
            throw Refused(url);
        }
    }

    private async ValueTask<Stream> ConnectCheckedAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        IPAddress[] addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
        if (!_allowPrivate && addresses.Any(a => !IsPublic(a)))
        {
            throw Refused(new UriBuilder("http", context.DnsEndPoint.Host, context.DnsEndPoint.Port).Uri);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>False for loopback, private (RFC 1918, fc00::/7), link-local, CGNAT, unspecified and multicast addresses.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            byte first = address.GetAddressBytes()[0];
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (first & 0xFE) == 0xFC);
        }

        byte[] b = address.GetAddressBytes();
        return !(b[0] == 10
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
            || b[0] == 0
            || b[0] >= 224);
    }

    private static VisionArgumentException Refused(Uri url) => new(
        ErrorIds.ImageUrlRefused,
        $"The image URL {url.GetLeftPart(UriPartial.Authority)} points at this machine or a private network; VisionPS does not download from there for a provider.",
        "Pass the file itself, or allow it with Set-VisionProvider -AllowPrivateImageUrls when you trust the address.");

    private static VisionArgumentException Failed(Uri url, string why) => new(
        ErrorIds.ImageDownloadFailed,
        $"The image {Images.ImageReference.Shorten(url.ToString())} could not be downloaded for a provider that cannot fetch URLs itself: {why}.",
        "Download the image and pass the file, or check the URL.");

    public void Dispose()
    {
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }
    }

    // The type comes from the bytes through the imaging layer's one door; anything it cannot identify is no image to send.
    private static ImageFormat SniffFormat(byte[] bytes)
    {
        try
        {
            return Images.DefaultImageEngine.Instance.Identify(bytes, null).Format;
        }
        catch (ImageFormatException)
        {
            return ImageFormat.Unknown;
        }
    }
}
