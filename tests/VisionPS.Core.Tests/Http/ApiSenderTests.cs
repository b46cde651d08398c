using System.Net;
using VisionPS.Core.BatchJobs;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.Core.Tests.Fakes;

namespace VisionPS.Core.Tests.Http;

/// <summary>
/// The one sender under both clients: the same redirect rule (key only to the origin addressed, no https downgrade),
/// the same body cap and the same key-scrubbed errors, whether the chat client or the Batch API client sends.
/// </summary>
public class ApiSenderTests
{
    private const string Key = "sk-sender-test-7d1f";
    private static readonly Uri Origin = new("https://api.example/v1/");

    private static VisionClientOptions Options => new() { BaseUrl = Origin, ApiKey = new ApiCredential(Key) };

    private static HttpResponseMessage Redirect(int status, string location) =>
        new((HttpStatusCode)status) { Headers = { Location = new Uri(location) } };

    private static string? Authorization(HttpRequestMessage request) => request.Headers.Authorization?.ToString();

    [Fact]
    public async Task BatchUpload_RedirectedToAnotherOrigin_SendsTheBodyAgainWithoutTheKey()
    {
        string file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "{\"custom_id\":\"a-0\"}\n");
        var handler = new FakeHttpMessageHandler()
            .Respond(_ => Redirect(307, "https://files.elsewhere.example/upload"))
            .RespondJson("{\"id\":\"file-1\",\"bytes\":20,\"created_at\":1,\"purpose\":\"batch\"}");
        using var api = new BatchApiClient(Options, handler);

        BatchFileObject uploaded = await api.UploadAsync(file, "input.jsonl", CancellationToken.None);

        Assert.Equal("file-1", uploaded.Id);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal("Bearer " + Key, Authorization(handler.Requests[0].Request));
        Assert.Null(Authorization(handler.Requests[1].Request));
        Assert.Equal("files.elsewhere.example", handler.Requests[1].Request.RequestUri!.Host);
        Assert.Contains("{\"custom_id\":\"a-0\"}", handler.Requests[1].Body, StringComparison.Ordinal);
        Assert.Equal(HttpMethod.Post, handler.Requests[1].Request.Method);
        File.Delete(file);
    }

    [Fact]
    public async Task BatchClient_RedirectToPlainHttp_IsRefused()
    {
        var handler = new FakeHttpMessageHandler().Respond(_ => Redirect(302, "http://api.example/v1/batches/b1"));
        using var api = new BatchApiClient(Options, handler);

        var ex = await Assert.ThrowsAsync<RedirectRefusedException>(() => api.GetBatchAsync("b1", CancellationToken.None));

        Assert.Equal(ErrorIds.InsecureRedirect, ex.ErrorId);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task BatchClient_SameOriginRedirect_KeepsTheKey()
    {
        var handler = new FakeHttpMessageHandler()
            .Respond(_ => Redirect(301, "https://api.example/v2/batches/b1"))
            .RespondJson("{\"id\":\"b1\",\"status\":\"completed\"}");
        using var api = new BatchApiClient(Options, handler);

        BatchObject batch = await api.GetBatchAsync("b1", CancellationToken.None);

        Assert.Equal("completed", batch.Status);
        Assert.Equal("Bearer " + Key, Authorization(handler.Requests[1].Request));
    }

    [Fact]
    public async Task BatchClient_ErrorEchoingTheKey_IsScrubbed()
    {
        var handler = new FakeHttpMessageHandler().RespondJson($"{{\"error\":{{\"message\":\"bad key {Key}\"}}}}", HttpStatusCode.Unauthorized);
        using var api = new BatchApiClient(Options, handler);

        var ex = await Assert.ThrowsAsync<VisionApiException>(() => api.GetBatchAsync("b1", CancellationToken.None));

        Assert.Equal(401, ex.StatusCode);
        Assert.DoesNotContain(Key, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, ex.ServerMessage ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchClient_AnswerOverTheBodyCap_IsRefused()
    {
        var handler = new FakeHttpMessageHandler().RespondJson("{\"id\":\"b1\",\"status\":\"" + new string('x', 4096) + "\"}");
        using var api = new BatchApiClient(Options with { Limits = ResponseLimits.Default with { MaxBodyBytes = 1024 } }, handler);

        await Assert.ThrowsAsync<ResponseTooLargeException>(() => api.GetBatchAsync("b1", CancellationToken.None));
    }

    [Fact]
    public async Task ChatAndBatchClients_FollowTheSameRedirectRule()
    {
        var chatHandler = new FakeHttpMessageHandler()
            .Respond(_ => Redirect(308, "https://mirror.example/v1/models"))
            .RespondJson("{\"object\":\"list\",\"data\":[]}");
        var batchHandler = new FakeHttpMessageHandler()
            .Respond(_ => Redirect(308, "https://mirror.example/v1/batches/b1"))
            .RespondJson("{\"id\":\"b1\"}");
        using var chat = new VisionChatClient(Options, chatHandler);
        using var api = new BatchApiClient(Options, batchHandler);

        await chat.ListModelsAsync();
        await api.GetBatchAsync("b1", CancellationToken.None);

        Assert.Equal("Bearer " + Key, Authorization(chatHandler.Requests[0].Request));
        Assert.Equal("Bearer " + Key, Authorization(batchHandler.Requests[0].Request));
        Assert.Null(Authorization(chatHandler.Requests[1].Request));
        Assert.Null(Authorization(batchHandler.Requests[1].Request));
    }
}
