using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using VisionPS.Core.Protocol;

namespace VisionPS.Core.Http;

/// <summary>Sends chat requests to an OpenAI-compatible server: whole answers, or streamed ones.</summary>
public sealed class VisionChatClient : IDisposable
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private readonly HttpClient _http;
    private readonly VisionClientOptions _options;
    private readonly TimeProvider _time;

    public VisionChatClient(VisionClientOptions options, HttpMessageHandler? handler = null, TimeProvider? time = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? TimeProvider.System;
        _http = new HttpClient(handler ?? VisionHttp.SharedHandler, disposeHandler: false)
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        ChatEndpoint = Endpoints.Combine(options.BaseUrl, "chat/completions");
        ModelsEndpoint = Endpoints.Combine(options.BaseUrl, "models");
    }

    public Uri ChatEndpoint { get; }

    public Uri ModelsEndpoint { get; }

    public async Task<ChatCompletionResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        using var timeout = new IdleTimeout(_options.Timeout, ChatEndpoint, cancellationToken);
        using var response = await SendAsync(HttpMethod.Post, ChatEndpoint, ChatRequestJson.ToUtf8(request), timeout).ConfigureAwait(false);
        string body = await ReadBodyAsync(response, timeout, int.MaxValue).ConfigureAwait(false);
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
        var timeout = new IdleTimeout(_options.Timeout, ChatEndpoint, cancellationToken);
        HttpResponseMessage? response = null;
        try
        {
            response = await SendAsync(HttpMethod.Post, ChatEndpoint, ChatRequestJson.ToUtf8(request), timeout).ConfigureAwait(false);
            Stream body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            return new ChatStream(response, new IdleTimeoutStream(body, timeout), timeout, ChatEndpoint, _options.ApiKey);
        }
        catch
        {
            response?.Dispose();
            timeout.Dispose();
            throw;
        }
    }

    public async Task<ModelList> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = new IdleTimeout(_options.Timeout, ModelsEndpoint, cancellationToken);
        using var response = await SendAsync(HttpMethod.Get, ModelsEndpoint, null, timeout).ConfigureAwait(false);
        string body = await ReadBodyAsync(response, timeout, int.MaxValue).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.ModelList) ?? new ModelList();
        }
        catch (JsonException ex)
        {
            throw new ApiProtocolException($"{ModelsEndpoint} sent an answer that is not a model list: {ex.Message}", ex);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, byte[]? body, IdleTimeout timeout)
    {
        using var message = new HttpRequestMessage(method, uri);
        ApiSender.Prepare(message, _options);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        return await ApiSender.SendAsync(_http, message, timeout, _options.ApiKey, _time.GetUtcNow(), r => ReadBodyAsync(r, timeout, MaxErrorBodyBytes)).ConfigureAwait(false);
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, IdleTimeout timeout, int maxBytes)
    {
        try
        {
            await using Stream raw = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using var body = new IdleTimeoutStream(raw, timeout);
            using var buffer = new MemoryStream();
            byte[] chunk = new byte[16 * 1024];
            int read;
            while ((read = await body.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, (int)Math.Min(read, maxBytes - buffer.Length));
                if (buffer.Length >= maxBytes)
                {
                    break;
                }
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (OperationCanceledException) when (timeout.Expired)
        {
            throw timeout.TimedOut(waitingForHeaders: false);
        }
    }

    public void Dispose() => _http.Dispose();
}
