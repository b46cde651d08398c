using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using VisionPS.Core.BatchJobs;
using VisionPS.Core.Http;
using VisionPS.Core.Providers;
using VisionPS.Core.Tests.Fakes;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.BatchJobs;

/// <summary>
/// The Batch API on an Azure classic profile goes to the data-plane authoring routes, {resource}/openai/files and
/// {resource}/openai/batches with api-version, and names /chat/completions as the endpoint; other profiles keep {base}/files.
/// </summary>
public class BatchAzureClassicTests
{
    private const string Key = "azure-batch-KEY-51c7-do-not-leak";
    private const string Version = ProviderPresets.DefaultAzureApiVersion;
    private static readonly Uri Resource = new("https://res.openai.azure.com");

    private static VisionClientOptions Classic => new()
    {
        BaseUrl = Resource,
        ApiKey = new ApiCredential(Key),
        KeyHeader = ApiKeyHeader.ApiKey,
        Deployment = "my-gpt4o",
        ApiVersion = Version,
    };

    private const string Batch = "{\"id\":\"batch_1\",\"object\":\"batch\",\"endpoint\":\"/chat/completions\",\"status\":\"validating\",\"input_file_id\":\"file-1\",\"created_at\":1}";

    [Fact]
    public async Task Classic_EveryCallGoesUnderOpenAIWithApiVersionAndTheApiKeyHeader()
    {
        string file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "{\"custom_id\":\"a-0\"}\n");
        var handler = new FakeHttpMessageHandler()
            .RespondJson("{\"id\":\"file-1\",\"bytes\":20,\"created_at\":1,\"purpose\":\"batch\"}")
            .RespondJson("{\"object\":\"list\",\"data\":[],\"has_more\":false}")
            .RespondJson(Batch)
            .RespondJson(Batch)
            .RespondJson(Batch)
            .RespondJson("{\"object\":\"list\",\"data\":[],\"has_more\":false}")
            .RespondJson("{\"id\":\"file-1\",\"object\":\"file\",\"deleted\":true}")
            .RespondJson("{}");
        using var api = new BatchApiClient(Classic, handler);

        await api.UploadAsync(file, "input.jsonl", CancellationToken.None);
        await api.ListBatchFilesAsync(CancellationToken.None);
        await api.CreateBatchAsync("file-1", new Dictionary<string, string>(), CancellationToken.None);
        await api.GetBatchAsync("batch_1", CancellationToken.None);
        await api.CancelBatchAsync("batch_1", CancellationToken.None);
        await foreach (BatchObject _ in api.ListBatchesAsync(10, CancellationToken.None))
        {
        }

        await api.DeleteFileAsync("file-1", CancellationToken.None);
        using (await api.OpenContentAsync("file-1", CancellationToken.None))
        {
        }

        string root = "https://res.openai.azure.com/openai/";
        Assert.Equal(
            [
                $"POST {root}files?api-version={Version}",
                $"GET {root}files?purpose=batch&api-version={Version}",
                $"POST {root}batches?api-version={Version}",
                $"GET {root}batches/batch_1?api-version={Version}",
                $"POST {root}batches/batch_1/cancel?api-version={Version}",
                $"GET {root}batches?limit=100&api-version={Version}",
                $"DELETE {root}files/file-1?api-version={Version}",
                $"GET {root}files/file-1/content?api-version={Version}",
            ],
            handler.Requests.Select(r => $"{r.Request.Method} {r.Request.RequestUri}"));
        Assert.All(handler.Requests, r =>
        {
            Assert.Equal(Key, Assert.Single(r.Request.Headers.GetValues("api-key")));
            Assert.Null(r.Request.Headers.Authorization);
            Assert.DoesNotContain(Key, r.Request.RequestUri!.ToString(), StringComparison.Ordinal);
        });
        using JsonDocument create = JsonDocument.Parse(handler.Requests[2].Body!);
        Assert.Equal("/chat/completions", create.RootElement.GetProperty("endpoint").GetString());
        File.Delete(file);
    }

    [Fact]
    public void Classic_ChatAndModelsKeepTheirRoutes_FilesTheirOwnQuery()
    {
        Assert.Equal($"https://res.openai.azure.com/openai/deployments/my-gpt4o/chat/completions?api-version={Version}", ServiceUrl.For(Classic, "chat/completions").ToString());
        Assert.Equal($"https://res.openai.azure.com/openai/models?api-version={Version}", ServiceUrl.For(Classic, "models").ToString());
        Assert.Equal($"https://res.openai.azure.com/openai/batches?limit=100&after=batch_9&api-version={Version}", ServiceUrl.For(Classic, "batches?limit=100&after=batch_9").ToString());
        Assert.Equal("/chat/completions", BatchApiClient.ChatEndpointFor(Classic));
    }

    [Theory]
    [InlineData("https://api.openai.com/v1")]
    [InlineData("https://res.openai.azure.com/openai/v1")]
    public void PlainAndAzureV1_KeepBaseRelativeUrlsAndTheV1Endpoint(string baseUrl)
    {
        var options = new VisionClientOptions { BaseUrl = new Uri(baseUrl) };

        Assert.Equal($"{baseUrl}/files?purpose=batch", ServiceUrl.For(options, "files?purpose=batch").ToString());
        Assert.Equal($"{baseUrl}/batches/b1/cancel", ServiceUrl.For(options, "batches/b1/cancel").ToString());
        Assert.Equal($"{baseUrl}/chat/completions", ServiceUrl.For(options, "chat/completions").ToString());
        Assert.Equal("/v1/chat/completions", BatchApiClient.ChatEndpointFor(options));
    }

    // The test server holds each route to its own shape, so a client mixing them fails there as at the providers.
    [Theory]
    [InlineData("openai/batches?api-version=2024-10-21", "api-key", "/chat/completions", 400)] // no such file, but the endpoint passed
    [InlineData("openai/batches?api-version=2024-10-21", "api-key", "/v1/chat/completions", 400)]
    [InlineData("openai/batches", "api-key", "/chat/completions", 404)]
    [InlineData("openai/batches?api-version=2024-10-21", "Bearer", "/chat/completions", 401)]
    [InlineData("v1/batches", "Bearer", "/chat/completions", 400)]
    [InlineData("v1/batches", "api-key", "/v1/chat/completions", 401)]
    public async Task TestServer_HoldsEachBatchRouteToItsShape(string route, string header, string endpoint, int status)
    {
        await using VisionTestServer server = await VisionTestServer.StartAsync(new TestServerOptions { ApiKey = Key });
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Root, route))
        {
            Content = new StringContent($"{{\"input_file_id\":\"file-none\",\"endpoint\":\"{endpoint}\",\"completion_window\":\"24h\"}}", Encoding.UTF8, "application/json"),
        };
        if (header == "Bearer")
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        }
        else
        {
            request.Headers.Add("api-key", Key);
        }

        using HttpResponseMessage response = await http.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(endpoint == "/chat/completions" && route.StartsWith("openai/batches?", StringComparison.Ordinal) && header == "api-key", body.Contains("file-none", StringComparison.Ordinal));
    }
}
