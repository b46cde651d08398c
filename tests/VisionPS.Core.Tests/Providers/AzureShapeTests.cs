using VisionPS.Core.Chat;
using VisionPS.Core.Http;
using VisionPS.Core.Providers;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.Providers;

/// <summary>Azure OpenAI's two shapes against the test server, which serves both strictly.</summary>
public sealed class AzureShapeTests : IAsyncLifetime
{
    private const string Key = "azure-KEY-3b9d-do-not-leak";
    private VisionTestServer _server = null!;

    public async Task InitializeAsync() => _server = await VisionTestServer.StartAsync(new TestServerOptions { ApiKey = Key });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static ChatCall Call(bool stream = true) =>
        ChatCallBuilder.Build(new ChatSettings { BaseUrl = new Uri("http://127.0.0.1/"), Model = "gpt-4o", Stream = stream }, "Hello", []);

    private VisionChatClient Classic(string? apiVersion = ProviderPresets.DefaultAzureApiVersion, ApiKeyHeader header = ApiKeyHeader.ApiKey, string deployment = "gpt-4o") => new(new VisionClientOptions
    {
        BaseUrl = _server.Root,
        ApiKey = new ApiCredential(Key),
        KeyHeader = header,
        Deployment = deployment,
        ApiVersion = apiVersion,
    });

    [Fact]
    public async Task Classic_DeploymentPathApiVersionAndApiKeyHeader()
    {
        using VisionChatClient client = Classic();

        ChatResult result = await new ChatRunner(client).RunAsync(Call(), null);

        Assert.Equal($"{_server.Root}openai/deployments/gpt-4o/chat/completions?api-version={ProviderPresets.DefaultAzureApiVersion}", client.ChatEndpoint.ToString());
        Assert.NotEmpty(result.Text);
        ReceivedRequest received = Assert.Single(_server.Requests);
        Assert.Equal(Key, received.Headers["api-key"]);
        Assert.False(received.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Classic_WithoutApiVersion_Is404FromTheServer()
    {
        using VisionChatClient client = Classic(apiVersion: null);

        var ex = await Assert.ThrowsAsync<VisionApiException>(() => new ChatRunner(client).RunAsync(Call(), null));

        Assert.Equal(404, ex.StatusCode);
    }

    [Fact]
    public async Task Classic_WithBearer_IsRefused()
    {
        using VisionChatClient client = Classic(header: ApiKeyHeader.Bearer);

        var ex = await Assert.ThrowsAsync<VisionApiException>(() => new ChatRunner(client).RunAsync(Call(), null));

        Assert.Equal(401, ex.StatusCode);
        Assert.DoesNotContain(Key, ex.ToString());
    }

    [Fact]
    public async Task Classic_UnknownDeployment_Is404()
    {
        using VisionChatClient client = Classic(deployment: "no-such-deployment");

        var ex = await Assert.ThrowsAsync<VisionApiException>(() => new ChatRunner(client).RunAsync(Call(stream: false), null));

        Assert.Equal(404, ex.StatusCode);
        Assert.Equal("DeploymentNotFound", ex.ErrorCode);
    }

    [Theory]
    [InlineData(ApiKeyHeader.Bearer)]
    [InlineData(ApiKeyHeader.ApiKey)]
    public async Task V1_TakesBearerOrApiKey(ApiKeyHeader header)
    {
        using var client = new VisionChatClient(new VisionClientOptions
        {
            BaseUrl = new Uri(_server.Root, "openai/v1"),
            ApiKey = new ApiCredential(Key),
            KeyHeader = header,
        });

        ChatResult result = await new ChatRunner(client).RunAsync(Call(stream: false), null);

        Assert.NotEmpty(result.Text);
        ReceivedRequest received = Assert.Single(_server.Requests);
        Assert.Equal(header == ApiKeyHeader.ApiKey, received.Headers.ContainsKey("api-key"));
        Assert.Equal(header == ApiKeyHeader.Bearer, received.Headers.ContainsKey("Authorization"));
    }
}
