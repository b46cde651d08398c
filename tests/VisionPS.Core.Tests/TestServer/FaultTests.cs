using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Nodes;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.TestServer;

public sealed class FaultTests : ServerTestBase
{
    private static JsonObject StreamBody()
    {
        JsonObject body = Chat.Body("gpt-4o", Chat.Message("user", "hello there"));
        body["stream"] = true;
        return body;
    }

    private static JsonObject PlainBody() => Chat.Body("gpt-4o", Chat.Message("user", "hello there"));

    private static string Expected => VisionTestServer.ExpectedText("gpt-4o", 1, "hello there");

    [Fact]
    public async Task Status503_RepliesWithOpenAIErrorAndDefaults()
    {
        Server.EnqueueFault(Fault.Status(503));
        using HttpResponseMessage response = await PostChatAsync(PlainBody());
        JsonElement error = await AssertErrorAsync(response, 503, "server_error");
        Assert.Equal("The engine is currently overloaded, please try again later.", error.GetProperty("message").GetString());
        Assert.Matches("^req_[0-9]+$", Assert.Single(response.Headers.GetValues("x-request-id")));
        Assert.False(response.Headers.Contains("retry-after"));
        Assert.Equal(503, Assert.Single(Server.Requests).Status);
    }

    [Fact]
    public async Task Status_WithAllFields_EchoesThem()
    {
        Server.EnqueueFault(Fault.Status(400, "Bad thing.", "invalid_request_error", "bad_thing"));
        using HttpResponseMessage response = await PostChatAsync(PlainBody());
        JsonElement error = await AssertErrorAsync(response, 400, "invalid_request_error", param: null, code: "bad_thing");
        Assert.Equal("Bad thing.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Status_WithRawBody_SendsItVerbatim()
    {
        const string html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        Server.EnqueueFault(Fault.Status(502, rawBody: html));
        using HttpResponseMessage response = await PostChatAsync(PlainBody());
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(html, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Status_WithRetryAfter_SendsBothRetryHeaders_RoundedUp()
    {
        Server.EnqueueFault(Fault.Status(503, retryAfter: TimeSpan.FromMilliseconds(2500)));
        using HttpResponseMessage response = await PostChatAsync(PlainBody());
        Assert.Equal("3", Assert.Single(response.Headers.GetValues("retry-after")));
        Assert.Equal("2500", Assert.Single(response.Headers.GetValues("retry-after-ms")));
    }

    [Fact]
    public async Task RateLimited_Is429WithHeadersAndRequestsType()
    {
        Server.EnqueueFault(Fault.RateLimited(TimeSpan.FromMilliseconds(1200)));
        using HttpResponseMessage response = await PostChatAsync(PlainBody());
        await AssertErrorAsync(response, 429, "requests", param: null, code: "rate_limit_exceeded");
        Assert.Equal("2", Assert.Single(response.Headers.GetValues("retry-after")));
        Assert.Equal("1200", Assert.Single(response.Headers.GetValues("retry-after-ms")));
        Assert.Equal("0", Assert.Single(response.Headers.GetValues("x-ratelimit-remaining-requests")));
    }

    [Fact]
    public async Task Faults_AreFifo_OnePerRequest_ThenNormal()
    {
        Server.EnqueueFault(Fault.Status(503));
        Server.EnqueueFault(Fault.RateLimited(TimeSpan.FromSeconds(1)));
        using HttpResponseMessage first = await PostChatAsync(PlainBody());
        using HttpResponseMessage second = await PostChatAsync(PlainBody());
        using HttpResponseMessage third = await PostChatAsync(PlainBody());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal([503, 429, 200], Server.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task StatusFault_ComesBeforeAuthentication_AndIsConsumedByTheNextRequest()
    {
        Server.EnqueueFault(Fault.Status(500));
        using HttpResponseMessage faulted = await PostChatAsync(PlainBody(), key: "wrong");
        using HttpResponseMessage after = await PostChatAsync(PlainBody(), key: "wrong");
        Assert.Equal(HttpStatusCode.InternalServerError, faulted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Delay_AnswersNormally()
    {
        Server.EnqueueFault(Fault.Delay(TimeSpan.FromMilliseconds(20)));
        JsonElement completion = await CompleteAsync(PlainBody());
        Assert.Equal(Expected, ContentOf(completion));
    }

    [Fact]
    public async Task CutStream_SendsChunksThenEndsWithIOException()
    {
        Server.EnqueueFault(Fault.CutStream(2));
        using HttpResponseMessage response = await PostChatStreamingAsync(StreamBody());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using Stream stream = await response.Content.ReadAsStreamAsync();

        var received = new List<string>();
        await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            await foreach (SseItem<string> item in SseParser.Create(stream).EnumerateAsync())
            {
                received.Add(item.Data);
            }
        });

        Assert.Equal(3, received.Count); // role chunk + 2 content chunks; the half event is never completed
        string content = string.Concat(received.Select(d => SseCapture.DeltaContent(JsonDocument.Parse(d).RootElement)));
        Assert.Equal(string.Concat(Expected.EnumerateRunes().Take(16)), content);
    }

    [Fact]
    public async Task CutStream_OnNonStreamingRequest_TruncatesBody()
    {
        Server.EnqueueFault(Fault.CutStream(0));
        Exception e = await Assert.ThrowsAnyAsync<Exception>(() => PostChatAsync(PlainBody()));
        Assert.True(e is HttpRequestException or IOException, e.ToString());
    }

    [Fact]
    public async Task Stall_ClientReadBlocksUntilCancelled()
    {
        Server.EnqueueFault(Fault.Stall(1));
        using HttpResponseMessage response = await PostChatStreamingAsync(StreamBody());
        await using Stream stream = await response.Content.ReadAsStreamAsync();
        using var cts = new CancellationTokenSource();
        await using IAsyncEnumerator<SseItem<string>> events = SseParser.Create(stream).EnumerateAsync(cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await events.MoveNextAsync()); // role chunk
        Assert.True(await events.MoveNextAsync()); // content chunk 1
        Assert.Equal(string.Concat(Expected.EnumerateRunes().Take(8)), SseCapture.DeltaContent(JsonDocument.Parse(events.Current.Data).RootElement));

        Task<bool> next = events.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted); // nothing more was sent
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
    }

    [Fact]
    public async Task Stall_OnNonStreamingRequest_HeadersThenNoBody_ThenServerStillServes()
    {
        Server.EnqueueFault(Fault.Stall(0));
        using (HttpResponseMessage response = await Http.SendAsync(ChatRequest(PlainBody().ToJsonString()), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using Stream stream = await response.Content.ReadAsStreamAsync();
            using var cts = new CancellationTokenSource();
            Task<int> read = stream.ReadAsync(new byte[64], cts.Token).AsTask();
            Assert.False(read.IsCompleted);
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        }

        JsonElement completion = await CompleteAsync(PlainBody());
        Assert.Equal(Expected, ContentOf(completion));
    }

    [Fact]
    public async Task ErrorEvent_SendsErrorDataEvent_ThenEndsWithoutDone()
    {
        Server.EnqueueFault(Fault.ErrorEvent(1, code: "overloaded"));
        using HttpResponseMessage response = await PostChatStreamingAsync(StreamBody());
        SseCapture capture = await SseCapture.ReadAsync(await response.Content.ReadAsStreamAsync());

        Assert.False(capture.SawDone);
        Assert.Equal(3, capture.Data.Count); // role, one content chunk, the error
        Assert.Equal(string.Concat(Expected.EnumerateRunes().Take(8)), capture.Content);
        JsonElement error = Assert.IsType<JsonElement>(capture.Error);
        Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Fault.DefaultErrorEventMessage, error.GetProperty("message").GetString());
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal("overloaded", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ErrorEvent_OnNonStreamingRequest_Is500()
    {
        Server.EnqueueFault(Fault.ErrorEvent(0, "Boom.", "server_error"));
        using HttpResponseMessage response = await PostChatAsync(PlainBody());
        JsonElement error = await AssertErrorAsync(response, 500, "server_error");
        Assert.Equal("Boom.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task StreamFault_AfterMoreChunksThanExist_StrikesAtTheFinishChunk()
    {
        Server.EnqueueFault(Fault.ErrorEvent(10_000));
        using HttpResponseMessage response = await PostChatStreamingAsync(StreamBody());
        SseCapture capture = await SseCapture.ReadAsync(await response.Content.ReadAsStreamAsync());
        Assert.Equal(Expected, capture.Content);
        Assert.NotNull(capture.Error);
        Assert.False(capture.SawDone);
    }

    [Fact]
    public void Factories_RejectInvalidArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Fault.Status(200));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fault.Status(600));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fault.CutStream(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fault.Delay(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fault.WithFraming((StreamFraming)99));
    }
}
