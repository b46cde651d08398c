using System.Net.Http.Headers;
using System.Text;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Providers;

namespace VisionPS.Core.Http;

/// <summary>
/// The one way bytes leave for a provider, under both <see cref="VisionChatClient"/> and the Batch API client:
/// <code>
/// using var sender = new ApiSender(connection.ClientOptions, handler: null, TimeProvider.System);
/// using HttpResponseMessage response = await sender.SendAsync(HttpMethod.Post, uri, () => content, timeout);
/// string body = await sender.ReadBodyAsync(response, timeout, uri);
/// </code>
/// It follows redirects itself (the handler never does): the key (Authorization or api-key) goes only to the origin
/// the request was addressed to, https is never downgraded, at most <see cref="NetworkOptions.MaxRedirects"/> hops.
/// Bodies are capped (<see cref="ResponseLimits"/>: answer bytes; headers through the handler); an error status
/// becomes a <see cref="VisionApiException"/> scrubbed of the key.
/// </summary>
internal sealed class ApiSender : IDisposable
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    /// <param name="options">The connection's client options (<see cref="Chat.Connection.ClientOptions"/>).</param>
    /// <param name="handler">A handler for tests; null = the shared pool, or one of this sender's own when the options need a proxy, TLS or limit setting of their own.</param>
    /// <param name="time">The clock Retry-After dates are read against.</param>
    public ApiSender(VisionClientOptions options, HttpMessageHandler? handler, TimeProvider? time)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? TimeProvider.System;
        bool ownHandler = handler is null && !(options.Network.UsesSharedPool && options.Limits == ResponseLimits.Default);
        handler ??= ownHandler ? VisionHttp.CreateHandler(options.Network, options.Limits) : VisionHttp.SharedHandler;
        _http = new HttpClient(handler, disposeHandler: ownHandler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public VisionClientOptions Options { get; }

    /// <summary>
    /// Sends and returns once the answer's headers are in (within <paramref name="timeout"/>), following redirects.
    /// <paramref name="content"/> makes the body anew for each hop (a 307/308 sends it again; a 303 turns into a GET without it).
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, Func<HttpContent>? content, IdleTimeout timeout, params string[] accept)
    {
        Uri current = uri;
        for (int hop = 0; ; hop++)
        {
            HttpResponseMessage response;
            using (HttpRequestMessage message = Build(method, current, content, sendKey: SameOrigin(current, uri), accept))
            {
                timeout.Restart();
                try
                {
                    response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (timeout.Expired)
                {
                    throw timeout.TimedOut(waitingForHeaders: true);
                }
            }

            if (RedirectTarget(response, current) is { } next)
            {
                response.Dispose();
                if (hop >= Options.Network.MaxRedirects)
                {
                    throw new RedirectRefusedException(ErrorIds.TooManyRedirects, $"{uri} redirected more than {Options.Network.MaxRedirects} times; VisionPS stopped following.");
                }

                if (current.Scheme == Uri.UriSchemeHttps && next.Scheme != Uri.UriSchemeHttps)
                {
                    throw new RedirectRefusedException(ErrorIds.InsecureRedirect, $"{current.GetLeftPart(UriPartial.Authority)} redirected to plain http ({next.GetLeftPart(UriPartial.Authority)}); VisionPS does not follow a downgrade.");
                }

                if ((int)response.StatusCode == 303)
                {
                    method = HttpMethod.Get;
                    content = null;
                }

                current = next;
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                using (response)
                {
                    string errorBody = await ReadAsync(response, timeout, MaxErrorBodyBytes, current, truncate: true).ConfigureAwait(false);
                    throw ApiErrors.FromResponse(response, errorBody, current, Options.ApiKey, _time.GetUtcNow());
                }
            }

            return response;
        }
    }

    /// <summary>The whole answer as strict UTF-8, within the options' body cap (an answer over it is an error).</summary>
    public Task<string> ReadBodyAsync(HttpResponseMessage response, IdleTimeout timeout, Uri endpoint) =>
        ReadAsync(response, timeout, Options.Limits.MaxBodyBytes, endpoint, truncate: false);

    private HttpRequestMessage Build(HttpMethod method, Uri uri, Func<HttpContent>? content, bool sendKey, string[] accept)
    {
        var message = new HttpRequestMessage(method, uri) { Content = content?.Invoke() };
        message.Headers.UserAgent.ParseAdd(VisionHttp.UserAgent);
        message.Options.Set(VisionHttp.ConnectTimeoutOption, Options.ConnectTimeout is { } connect && connect > TimeSpan.Zero ? connect : Timeout.InfiniteTimeSpan);
        foreach (string type in accept)
        {
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        if (sendKey && Options.ApiKey is { } key)
        {
            if (Options.KeyHeader == ApiKeyHeader.ApiKey)
            {
                message.Headers.TryAddWithoutValidation("api-key", key.Reveal());
            }
            else
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Reveal());
            }
        }

        return message;
    }

    private static Uri? RedirectTarget(HttpResponseMessage response, Uri current)
    {
        int status = (int)response.StatusCode;
        if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location)
        {
            return null;
        }

        Uri next = location.IsAbsoluteUri ? location : new Uri(current, location);
        if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
        {
            throw new RedirectRefusedException(ErrorIds.InsecureRedirect, $"{current} redirected to a {next.Scheme}: URL; VisionPS follows only http(s).");
        }

        return next;
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && a.Port == b.Port && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase);

    // Error bodies are cut at their cap (the message is still useful); an answer over its cap is an error.
    private static async Task<string> ReadAsync(HttpResponseMessage response, IdleTimeout timeout, long maxBytes, Uri endpoint, bool truncate)
    {
        if (!truncate && response.Content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            throw new ResponseTooLargeException($"{endpoint} announced an answer of {declared:N0} bytes, over the {maxBytes / (1024 * 1024)} MiB cap; VisionPS did not read it.");
        }

        try
        {
            await using Stream raw = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using var body = new IdleTimeoutStream(raw, timeout);
            using var buffer = new MemoryStream();
            byte[] chunk = new byte[16 * 1024];
            int read;
            while ((read = await body.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes && !truncate)
                {
                    throw new ResponseTooLargeException($"{endpoint} sent an answer over the {maxBytes / (1024 * 1024)} MiB cap; VisionPS stopped reading.");
                }

                buffer.Write(chunk, 0, (int)Math.Min(read, maxBytes - buffer.Length));
                if (buffer.Length >= maxBytes)
                {
                    break;
                }
            }

            try
            {
                return (truncate ? Encoding.UTF8 : StrictUtf8).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            }
            catch (DecoderFallbackException ex)
            {
                throw new ApiProtocolException($"{endpoint} sent an answer that is not valid UTF-8 (byte {ex.Index}).", ex);
            }
        }
        catch (OperationCanceledException) when (timeout.Expired)
        {
            throw timeout.TimedOut(waitingForHeaders: false);
        }
    }

    public void Dispose() => _http.Dispose();
}
