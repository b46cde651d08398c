using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace VisionPS.TestServer;

/// <summary>
/// <c>POST /v1/chat/completions</c>: records the request, takes the next fault, authenticates, validates,
/// then answers as JSON or as an SSE stream.
/// </summary>
internal sealed class ChatEndpoint(ServerState state, ChatRoute route = ChatRoute.OpenAI)
{
    public const string Path = "/v1/chat/completions";
    public const string AzureDeploymentPath = "/openai/deployments/{deployment}/chat/completions";
    public const string AzureV1Path = "/openai/v1/chat/completions";

    private const string InvalidJsonMessage =
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)";

    public async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await ErrorResponses.WriteAsync(context, InvalidMethod(context), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, state.Stopping);
        CancellationToken ct = linked.Token;
        RequestEntry? entry = null;
        try
        {
            byte[] body = await ReadBodyAsync(context.Request, ct).ConfigureAwait(false);
            entry = state.Record(Encoding.UTF8.GetString(body), CopyHeaders(context.Request));
            Fault? fault = state.DequeueFault();
            if (state.Options.Latency > TimeSpan.Zero)
            {
                await Task.Delay(state.Options.Latency, ct).ConfigureAwait(false);
            }

            if (fault?.Kind == FaultKind.Status)
            {
                entry.Status = fault.StatusCode;
                await ErrorResponses.WriteFaultAsync(context, fault, ct).ConfigureAwait(false);
                return;
            }

            if (fault?.Kind == FaultKind.Redirect)
            {
                entry.Status = fault.StatusCode;
                context.Response.StatusCode = fault.StatusCode;
                context.Response.Headers.Location = fault.Location!.ToString();
                return;
            }

            if (fault is { IsHostile: true })
            {
                entry.Status = 200;
                await HostileResponses.WriteAsync(context, fault, WantsStream(body), ct).ConfigureAwait(false);
                return;
            }

            if (fault?.Kind == FaultKind.Delay)
            {
                await Task.Delay(fault.Duration, ct).ConfigureAwait(false);
            }

            ChatRequest request = Validate(context, body);
            Completion completion = Completion.Create(request, state.NextCompletionNumber(), DateTimeOffset.UtcNow, fault?.Kind == FaultKind.JsonAnswer ? fault.JsonAnswer : null);
            entry.Status = fault?.Kind == FaultKind.ErrorEvent && !request.Stream ? 500 : 200;
            if (request.Stream)
            {
                await StreamAsync(context, request, completion, fault, ct).ConfigureAwait(false);
            }
            else
            {
                await RespondAsync(context, completion, fault, ct).ConfigureAwait(false);
            }
        }
        catch (ApiErrorException e)
        {
            ApiError error = state.Options.Mode == ServerMode.LlamaCpp ? LlamaCppBehaviour.ToServerError(e.Error) : e.Error;
            if (entry is not null)
            {
                entry.Status = error.Status;
            }

            await ErrorResponses.WriteAsync(context, error, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && ct.IsCancellationRequested)
        {
            // Client gone, or the server is stopping: drop the connection so nothing half-written looks complete.
            if (state.Stopping.IsCancellationRequested)
            {
                state.CountShutdownAbort();
            }

            context.Abort();
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            // e.g. a body over Kestrel's MaxRequestBodySize
            var error = new ApiError(e.StatusCode, $"The request could not be read: {e.Message}", ApiError.InvalidRequestType, null, null);
            await ErrorResponses.WriteAsync(context, error, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private ChatRequest Validate(HttpContext context, byte[] body)
    {
        HttpRequest request = context.Request;
        ApiError? authError = route switch
        {
            ChatRoute.AzureDeployment => AzureAuth.CheckKey(request, state.ApiKey)
                ?? AzureAuth.CheckDeployment(request, context.Request.RouteValues["deployment"] as string ?? string.Empty, state.Options.Models),
            ChatRoute.AzureV1 => request.Headers.ContainsKey("api-key") ? AzureAuth.CheckKey(request, state.ApiKey) : BearerAuth.Check(request, state.ApiKey),
            // llama-server started without --api-key checks nothing.
            _ when state.Options.Mode == ServerMode.LlamaCpp && state.ApiKey is null => null,
            _ => BearerAuth.Check(request, state.ApiKey),
        };
        if (authError is not null)
        {
            throw new ApiErrorException(authError);
        }

        if (state.Options.Mode == ServerMode.LlamaCpp)
        {
            body = LlamaCppBehaviour.Prepare(body);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out MediaTypeHeaderValue? mediaType)
            || !string.Equals(mediaType.MediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiErrorException(ApiError.Invalid(
                $"Invalid Content-Type header ({request.ContentType ?? "none"}), expected application/json. {InvalidJsonMessage}",
                null));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 64 });
        }
        catch (JsonException)
        {
            throw new ApiErrorException(ApiError.Invalid(InvalidJsonMessage, null));
        }

        using (document)
        {
            return RequestValidator.Validate(document.RootElement, state.Options);
        }
    }

    private static async Task RespondAsync(HttpContext context, Completion completion, Fault? fault, CancellationToken ct)
    {
        if (fault?.Kind == FaultKind.ErrorEvent)
        {
            await ErrorResponses.WriteAsync(context, new ApiError(500, fault.ErrorMessage!, fault.ErrorType!, null, fault.ErrorCode), ct).ConfigureAwait(false);
            return;
        }

        byte[] bytes = Encoding.UTF8.GetBytes(ChatJson.CompletionObject(completion));
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        if (fault?.Kind == FaultKind.Stall)
        {
            // Headers go out (so a test knows the request is in the stall), the body never does.
            await context.Response.StartAsync(ct).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false); // ends only by cancellation
            return;
        }

        if (fault?.Kind == FaultKind.CutStream)
        {
            int half = bytes.Length / 2;
            await context.Response.Body.WriteAsync(bytes.AsMemory(0, half), ct).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            await ConnectionCutter.CutAsync(context).ConfigureAwait(false);
            // The rest goes nowhere; writing it keeps Kestrel from flagging a Content-Length mismatch and aborting.
            await context.Response.Body.WriteAsync(bytes.AsMemory(half), ct).ConfigureAwait(false);
            return;
        }

        await context.Response.Body.WriteAsync(bytes, ct).ConfigureAwait(false);
    }

    private async Task StreamAsync(HttpContext context, ChatRequest request, Completion completion, Fault? fault, CancellationToken ct)
    {
        StreamFraming framing = fault?.Kind == FaultKind.Framing ? fault.Framing!.Value : state.Framing;
        List<StreamEvent> events = StreamPlan.Build(completion, request, framing, state.Options.ChunkChars);
        int faultAt = fault?.Kind is FaultKind.CutStream or FaultKind.Stall or FaultKind.ErrorEvent
            ? StreamPlan.FaultPosition(events, fault.AfterChunks)
            : -1;

        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(ct).ConfigureAwait(false);
        var writer = new SseWriter(context.Response.Body, framing, ct);
        for (int i = 0; i < events.Count; i++)
        {
            if (i == faultAt)
            {
                switch (fault!.Kind)
                {
                    case FaultKind.CutStream:
                        await writer.WriteHalfEventAsync(events[i].Data).ConfigureAwait(false);
                        await ConnectionCutter.CutAsync(context).ConfigureAwait(false);
                        return;
                    case FaultKind.Stall:
                        await writer.FlushAsync().ConfigureAwait(false);
                        await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false); // ends only by cancellation
                        return;
                    case FaultKind.ErrorEvent:
                        await writer.WriteEventAsync(ChatJson.ErrorEvent(fault.ErrorMessage!, fault.ErrorType!, fault.ErrorCode)).ConfigureAwait(false);
                        return; // the stream ends here, without [DONE]
                }
            }

            await writer.WriteEventAsync(events[i].Data).ConfigureAwait(false);
        }
    }

    // The hostile faults answer in the shape that was asked for, whatever else the body says.
    private static bool WantsStream(byte[] body)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("stream", out JsonElement stream)
                && stream.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static Dictionary<string, string> CopyHeaders(HttpRequest request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = string.Join(", ", values.ToArray());
        }

        return headers;
    }

    internal static ApiError InvalidMethod(HttpContext context)
        => new(405, $"Invalid method for URL ({context.Request.Method} {context.Request.Path})", ApiError.InvalidRequestType, null, null);
}
