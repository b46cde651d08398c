using System.Net;
using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.Core.Providers;
using VisionPS.Core.Tests.Fakes;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.Providers;

/// <summary>The key never follows a redirect to another host: two local servers, the first redirecting to the second.</summary>
public sealed class RedirectTests : IAsyncLifetime
{
    private const string Key = "sk-redirect-KEY-51c0";
    private VisionTestServer _first = null!;
    private VisionTestServer _second = null!;

    public async Task InitializeAsync()
    {
        _first = await VisionTestServer.StartAsync(new TestServerOptions { ApiKey = Key });
        _second = await VisionTestServer.StartAsync(new TestServerOptions { ApiKey = null });
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    private static ChatCall Call() =>
        ChatCallBuilder.Build(new ChatSettings { BaseUrl = new Uri("http://127.0.0.1/"), Model = "gpt-4o", Stream = false }, "Hello", []);

    private VisionChatClient Client(ApiKeyHeader header = ApiKeyHeader.Bearer) =>
        new(new VisionClientOptions { BaseUrl = _first.BaseUrl, ApiKey = new ApiCredential(Key), KeyHeader = header });

    [Theory]
    [InlineData(ApiKeyHeader.Bearer, 307)]
    [InlineData(ApiKeyHeader.ApiKey, 308)]
    [InlineData(ApiKeyHeader.Bearer, 302)]
    public async Task KeyIsNotSentToTheHostARedirectNames(ApiKeyHeader header, int status)
    {
        // The second server takes any bearer key, so a leaked key would be answered; without one it answers 401.
        _first.EnqueueFault(Fault.Redirect(new Uri(_second.BaseUrl + "/chat/completions"), status));
        using VisionChatClient client = Client(header);

        var ex = await Assert.ThrowsAsync<VisionApiException>(() => new ChatRunner(client).RunAsync(Call(), null));

        Assert.Equal(401, ex.StatusCode);
        ReceivedRequest atSecond = Assert.Single(_second.Requests);
        Assert.False(atSecond.Headers.ContainsKey("Authorization"));
        Assert.False(atSecond.Headers.ContainsKey("api-key"));
        Assert.Contains("\"model\"", atSecond.Body); // the body followed, the key did not
    }

    [Fact]
    public async Task KeyIsKeptForARedirectToTheSameOrigin()
    {
        _first.EnqueueFault(Fault.Redirect(new Uri(_first.BaseUrl + "/chat/completions")));
        using VisionChatClient client = Client();

        ChatResult result = await new ChatRunner(client).RunAsync(Call(), null);

        Assert.NotEmpty(result.Text);
        Assert.Equal(2, _first.Requests.Count);
        Assert.All(_first.Requests, r => Assert.True(r.Headers.ContainsKey("Authorization")));
    }

    [Fact]
    public async Task EndlessRedirects_StopAfterTheLimit()
    {
        for (int i = 0; i < 10; i++)
        {
            _first.EnqueueFault(Fault.Redirect(new Uri(_first.BaseUrl + "/chat/completions")));
        }

        using VisionChatClient client = Client();

        var ex = await Assert.ThrowsAsync<RedirectRefusedException>(() => new ChatRunner(client).RunAsync(Call(), null));

        Assert.Equal(ErrorIds.TooManyRedirects, ex.ErrorId);
        Assert.Equal(NetworkOptions.Default.MaxRedirects + 1, _first.Requests.Count);
        Assert.Equal(ErrorIds.TooManyRedirects, ErrorClassifier.Classify(ex, null).ErrorId);
    }

    [Fact]
    public async Task HttpsToHttp_IsNotFollowed()
    {
        var handler = new FakeHttpMessageHandler().Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TemporaryRedirect);
            response.Headers.Location = new Uri("http://downgrade.test/v1/chat/completions");
            return response;
        });
        using var client = new VisionChatClient(new VisionClientOptions { BaseUrl = new Uri("https://secure.test/v1"), ApiKey = new ApiCredential(Key) }, handler);

        var ex = await Assert.ThrowsAsync<RedirectRefusedException>(() => new ChatRunner(client).RunAsync(Call(), null));

        Assert.Equal(ErrorIds.InsecureRedirect, ex.ErrorId);
        Assert.Single(handler.Requests);
    }
}
