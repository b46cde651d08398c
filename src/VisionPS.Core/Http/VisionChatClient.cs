using System.Net.Http.Headers;
using System.Text.Json;
using VisionPS.Core.Protocol;
using VisionPS.Core.Providers;

namespace VisionPS.Core.Http;

/// <summary>Sends chat requests to an OpenAI-compatible server, as they were built (quirks are applied while building): whole answers, or streamed ones.</summary>
public sealed class VisionChatClient : IDisposable
{
    private static readonly string[] Accept = ["application/json", "text/event-stream"];
    private readonly ApiSender _sender;
    private readonly VisionClientOptions _options;

    public VisionChatClient(VisionClientOptions options, HttpMessageHandler? handler = null, TimeProvider? time = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _sender = new ApiSender(options, handler, time);
        ChatEndpoint = ServiceUrl.For(options, "chat/completions");
        ModelsEndpoint = ServiceUrl.For(options, "models");
    }

    public Uri ChatEndpoint { get; }

    public Uri ModelsEndpoint { get; }

    public async Task<ChatCompletionResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        using var timeout = new IdleTimeout(_options.Timeout, ChatEndpoint, cancellationToken, _options.Limits.MaxResponseTime);
        using var response = await _sender.SendAsync(HttpMethod.Post, ChatEndpoint, Json(ChatRequestJson.ToUtf8(request)), timeout, Accept).ConfigureAwait(false);
        string body = await _sender.ReadBodyAsync(response, timeout, ChatEndpoint).ConfigureAwait(false);
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
            response = await _sender.SendAsync(HttpMethod.Post, ChatEndpoint, Json(ChatRequestJson.ToUtf8(request)), timeout, Accept).ConfigureAwait(false);
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
        using var response = await _sender.SendAsync(HttpMethod.Post, ChatEndpoint, Json(json), timeout, Accept).ConfigureAwait(false);
        return await _sender.ReadBodyAsync(response, timeout, ChatEndpoint).ConfigureAwait(false);
    }

    public async Task<ModelList> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = new IdleTimeout(_options.Timeout, ModelsEndpoint, cancellationToken, _options.Limits.MaxResponseTime);
        using var response = await _sender.SendAsync(HttpMethod.Get, ModelsEndpoint, null, timeout, Accept).ConfigureAwait(false);
        string body = await _sender.ReadBodyAsync(response, timeout, ModelsEndpoint).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.ModelList) ?? new ModelList();
        }
        catch (JsonException ex)
        {
            throw new ApiProtocolException($"{ModelsEndpoint} sent an answer that is not a model list: {ex.Message}", ex);
        }
    }

    private static Func<HttpContent> Json(byte[] body) => () =>
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    };

    public void Dispose() => _sender.Dispose();
}
