using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Protocol;
using VisionPS.Core.Providers;

namespace VisionPS.Core.Http;

/// <summary>Sends chat requests to an OpenAI-compatible server, as they were built (quirks are applied while building): whole answers, or streamed ones.</summary>
public sealed class VisionChatClient : IDisposable
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly HttpClient _http;
    private readonly VisionClientOptions _options;
    private readonly TimeProvider _time;

    public VisionChatClient(VisionClientOptions options, HttpMessageHandler? handler = null, TimeProvider? time = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? TimeProvider.System;
        bool ownHandler = handler is null && !(options.Network.UsesSharedPool && options.Limits == ResponseLimits.Default);
        handler ??= ownHandler ? VisionHttp.CreateHandler(options.Network, options.Limits) : VisionHttp.SharedHandler;
        _http = new HttpClient(handler, disposeHandler: ownHandler)
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        ChatEndpoint = ServiceUri(options, "chat/completions");
        ModelsEndpoint = ServiceUri(options, "models");
    }

    public Uri ChatEndpoint { get; }

    public Uri ModelsEndpoint { get; }

    public async Task<ChatCompletionResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        using var timeout = new IdleTimeout(_options.Timeout, ChatEndpoint, cancellationToken, _options.Limits.MaxResponseTime);
        using var response = await SendAsync(HttpMethod.Post, ChatEndpoint, ChatRequestJson.ToUtf8(request), timeout).ConfigureAwait(false);
        string body = await ReadBodyAsync(response, timeout, _options.Limits.MaxBodyBytes, ChatEndpoint).ConfigureAwait(false);
        ChatCompletion completion;
        try
        {
            completion = JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.ChatCompletion)
                ?? throw new JsonException("the answer was null");
        }
        catch (JsonException ex)
        {
            throw new ApiProtocolException($"{ChatEndpoint} sent an answer that is not a chat completion: {ex.Message}", ex);
        }

        return new ChatCompletionResponse(completion, ResponseInfo.From(response));
    }

    /// <summary>Sends the request and returns once the response headers say the stream has begun.</summary>
    public async Task<ChatStream> StartStreamAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        var timeout = new IdleTimeout(_options.Timeout, ChatEndpoint, cancellationToken, _options.Limits.MaxResponseTime);
        HttpResponseMessage? response = null;
        try
        {
            response = await SendAsync(HttpMethod.Post, ChatEndpoint, ChatRequestJson.ToUtf8(request), timeout).ConfigureAwait(false);
            Stream body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            var bounded = new BoundedReadStream(new IdleTimeoutStream(body, timeout), _options.Limits.MaxStreamBytes, _options.Limits.MaxLineBytes, ChatEndpoint);
            return new ChatStream(response, bounded, timeout, ChatEndpoint, _options.ApiKey);
        }
        catch
        {
            response?.Dispose();
            timeout.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Posts a JSON body as it is and returns the answer's text; errors raise as for chat requests.
    /// For probes (Test-VisionProvider), which need fields ChatRequest does not carry.
    /// </summary>
    public async Task<string> PostRawAsync(byte[] json, CancellationToken cancellationToken = default)
    {
        using var timeout = new IdleTimeout(_options.Timeout, ChatEndpoint, cancellationToken, _options.Limits.MaxResponseTime);
        using var response = await SendAsync(HttpMethod.Post, ChatEndpoint, json, timeout).ConfigureAwait(false);
        return await ReadBodyAsync(response, timeout, _options.Limits.MaxBodyBytes, ChatEndpoint).ConfigureAwait(false);
    }

    public async Task<ModelList> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = new IdleTimeout(_options.Timeout, ModelsEndpoint, cancellationToken, _options.Limits.MaxResponseTime);
        using var response = await SendAsync(HttpMethod.Get, ModelsEndpoint, null, timeout).ConfigureAwait(false);
        string body = await ReadBodyAsync(response, timeout, _options.Limits.MaxBodyBytes, ModelsEndpoint).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.ModelList) ?? new ModelList();
        }
        catch (JsonException ex)
        {
            throw new ApiProtocolException($"{ModelsEndpoint} sent an answer that is not a model list: {ex.Message}", ex);
        }
    }

    // Follows redirects itself: the key (Authorization or api-key) goes only to the origin the request was addressed to,
    // never to another host a redirect names, and https is never downgraded to http.
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, byte[]? body, IdleTimeout timeout)
    {
        Uri current = uri;
        for (int hop = 0; ; hop++)
        {
            HttpResponseMessage response;
            using (HttpRequestMessage message = BuildMessage(method, current, body, sendKey: SameOrigin(current, uri)))
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
                if (hop >= _options.Network.MaxRedirects)
                {
                    throw new RedirectRefusedException(ErrorIds.TooManyRedirects, $"{uri} redirected more than {_options.Network.MaxRedirects} times; VisionPS stopped following.");
                }

                if (current.Scheme == Uri.UriSchemeHttps && next.Scheme != Uri.UriSchemeHttps)
                {
                    throw new RedirectRefusedException(ErrorIds.InsecureRedirect, $"{current.GetLeftPart(UriPartial.Authority)} redirected to plain http ({next.GetLeftPart(UriPartial.Authority)}); VisionPS does not follow a downgrade.");
                }

                if ((int)response.StatusCode == 303)
                {
                    method = HttpMethod.Get;
                    body = null;
                }

                current = next;
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                using (response)
                {
                    string errorBody = await ReadBodyAsync(response, timeout, MaxErrorBodyBytes, current, truncate: true).ConfigureAwait(false);
                    throw ApiErrors.FromResponse(response, errorBody, current, _options.ApiKey, _time.GetUtcNow());
                }
            }

            return response;
        }
    }

    private HttpRequestMessage BuildMessage(HttpMethod method, Uri uri, byte[]? body, bool sendKey)
    {
        var message = new HttpRequestMessage(method, uri);
        ApiSender.Prepare(message, _options, sendKey);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));

        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
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

    private static Uri ServiceUri(VisionClientOptions options, string relative)
    {
        Uri uri = options.Deployment is { } deployment
            ? Endpoints.Combine(options.BaseUrl, relative == "models" ? "openai/models" : $"openai/deployments/{Uri.EscapeDataString(deployment)}/{relative}")
            : Endpoints.Combine(options.BaseUrl, relative);
        if (options.ApiVersion is not { } version)
        {
            return uri;
        }

        var builder = new UriBuilder(uri);
        string query = builder.Query.TrimStart('?');
        builder.Query = (query.Length > 0 ? query + "&" : string.Empty) + "api-version=" + Uri.EscapeDataString(version);
        return builder.Uri;
    }

    // Error bodies are cut at their cap (the message is still useful); an answer over its cap is an error.
    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, IdleTimeout timeout, long maxBytes, Uri endpoint, bool truncate = false)
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
