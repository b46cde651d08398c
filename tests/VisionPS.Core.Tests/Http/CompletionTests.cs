using System.Net;
using System.Text.Json;
using VisionPS.Core.Http;
using VisionPS.Core.Tests.Fakes;

namespace VisionPS.Core.Tests.Http;

public class CompletionTests
{
    private const string Completion = """
        {"id":"chatcmpl-9","object":"chat.completion","created":1,"model":"gpt-4o-2024-08-06",
         "choices":[{"index":0,"message":{"role":"assistant","content":"A red bird.","refusal":null},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":1117,"completion_tokens":4,"total_tokens":1121}}
        """;

    [Fact]
    public async Task Complete_ReadsTextUsageAndRequestId()
    {
        var handler = new FakeHttpMessageHandler().RespondJson(Completion, HttpStatusCode.OK, ("x-request-id", "req_42"));
        string? streamed = null;

        ChatResult result = await Clients.RunAsync(handler, t => streamed = t, stream: false);

        Assert.Equal("A red bird.", result.Text);
        Assert.Equal("A red bird.", streamed);
        Assert.Equal("gpt-4o-2024-08-06", result.Model);
        Assert.Equal(1117, result.Usage!.PromptTokens);
        Assert.Null(result.Usage.CachedTokens);
        Assert.Equal("req_42", result.RequestId);
        Assert.Equal(["user", "assistant"], result.Messages.Select(m => m.Role));
        Assert.Equal("A red bird.", result.Messages[^1].Content.Text);
    }

    [Fact]
    public async Task Complete_OpenAIErrorBody_BecomesTypedException()
    {
        const string body = """{"error":{"message":"Invalid image.","type":"invalid_request_error","param":"messages[0].content[0].image_url","code":"invalid_image"}}""";
        var handler = new FakeHttpMessageHandler().RespondJson(body, HttpStatusCode.BadRequest, ("x-request-id", "req_err"));

        var ex = await Assert.ThrowsAsync<VisionApiException>(() => Clients.RunAsync(handler, stream: false));

        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("invalid_request_error", ex.ErrorType);
        Assert.Equal("invalid_image", ex.ErrorCode);
        Assert.Equal("messages[0].content[0].image_url", ex.Param);
        Assert.Equal("req_err", ex.RequestId);
        Assert.False(ex.DuringStream);
        Assert.Contains("HTTP 400", ex.Message);
        Assert.Contains("Invalid image.", ex.Message);
    }

    [Theory]
    [InlineData("2", 2000)]
    [InlineData("0.5", 500)]
    public async Task Complete_429_CarriesRetryAfter(string retryAfter, int expectedMs)
    {
        const string body = """{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}""";
        var handler = new FakeHttpMessageHandler().RespondJson(body, HttpStatusCode.TooManyRequests, ("retry-after", retryAfter));

        var ex = await Assert.ThrowsAsync<VisionApiException>(() => Clients.RunAsync(handler, stream: false));

        Assert.Equal(429, ex.StatusCode);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), ex.RetryAfter);
    }

    [Fact]
    public async Task Complete_RetryAfterMs_WinsOverSeconds()
    {
        var handler = new FakeHttpMessageHandler().RespondJson("{}", HttpStatusCode.TooManyRequests, ("retry-after", "9"), ("retry-after-ms", "120"));

        var ex = await Assert.ThrowsAsync<VisionApiException>(() => Clients.RunAsync(handler, stream: false));

        Assert.Equal(TimeSpan.FromMilliseconds(120), ex.RetryAfter);
    }

    [Fact]
    public async Task Complete_HtmlGatewayError_GivesShortTextMessage()
    {
        const string html = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
        var handler = new FakeHttpMessageHandler().Respond(_ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent(html) });

        var ex = await Assert.ThrowsAsync<VisionApiException>(() => Clients.RunAsync(handler));

        Assert.Equal(502, ex.StatusCode);
        Assert.StartsWith("502 Bad Gateway", ex.ServerMessage);
        Assert.DoesNotContain("<", ex.Message);
    }

    [Fact]
    public async Task Complete_ServerEchoesKey_KeyIsScrubbed()
    {
        string body = """{"error":{"message":"Incorrect API key provided: KEY.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""".Replace("KEY", Clients.Key);
        var handler = new FakeHttpMessageHandler().RespondJson(body, HttpStatusCode.Unauthorized);

        var ex = await Assert.ThrowsAsync<VisionApiException>(() => Clients.RunAsync(handler));

        Assert.DoesNotContain(Clients.Key, ex.Message);
        Assert.DoesNotContain(Clients.Key, ex.ServerMessage);
        Assert.Contains("***", ex.Message);
    }

    [Fact]
    public async Task Complete_NotAChatCompletion_IsProtocolError()
    {
        var handler = new FakeHttpMessageHandler().RespondJson("[1,2,3]");

        await Assert.ThrowsAsync<ApiProtocolException>(() => Clients.RunAsync(handler, stream: false));
    }

    [Fact]
    public async Task Request_CarriesBearerKeyJsonAndUserAgent()
    {
        var handler = new FakeHttpMessageHandler().RespondSse(SseBodies.Build());

        await Clients.RunAsync(handler);

        var (request, body) = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://fake.test/v1/chat/completions", request.RequestUri!.ToString());
        Assert.Equal("Bearer", request.Headers.Authorization!.Scheme);
        Assert.Equal(Clients.Key, request.Headers.Authorization.Parameter);
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
        Assert.StartsWith("VisionPS/", request.Headers.UserAgent.ToString());
        using var doc = JsonDocument.Parse(body!);
        Assert.True(doc.RootElement.GetProperty("stream").GetBoolean());
        Assert.True(doc.RootElement.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }
}
