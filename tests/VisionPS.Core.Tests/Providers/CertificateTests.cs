using VisionPS.Core.Chat;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.Providers;

/// <summary>TLS certificates are checked unless -SkipCertificateCheck; an https server may not redirect to plain http.</summary>
public sealed class CertificateTests : IAsyncLifetime
{
    private VisionTestServer _https = null!;
    private VisionTestServer _http = null!;

    public async Task InitializeAsync()
    {
        _https = await VisionTestServer.StartAsync(new TestServerOptions { ApiKey = null, Certificate = SelfSignedCertificate.ForLoopback() });
        _http = await VisionTestServer.StartAsync(new TestServerOptions { ApiKey = null });
    }

    public async Task DisposeAsync()
    {
        await _https.DisposeAsync();
        await _http.DisposeAsync();
    }

    private static ChatCall Call() =>
        ChatCallBuilder.Build(new ChatSettings { BaseUrl = new Uri("https://127.0.0.1/"), Model = "gpt-4o", Stream = false }, "Hello", []);

    private VisionChatClient Client(bool skip) => new(new VisionClientOptions
    {
        BaseUrl = _https.BaseUrl,
        ApiKey = new ApiCredential("sk-tls-key"),
        Network = new NetworkOptions { SkipCertificateCheck = skip },
    });

    [Fact]
    public async Task SelfSignedCertificate_IsRefusedByDefault()
    {
        Assert.Equal("https", _https.BaseUrl.Scheme);
        using VisionChatClient client = Client(skip: false);

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => new ChatRunner(client).RunAsync(Call(), null));

        VisionErrorInfo info = ErrorClassifier.Classify(ex, null);
        Assert.Equal(ErrorIds.ApiConnectionFailed, info.ErrorId);
        Assert.Contains("-SkipCertificateCheck", info.RecommendedAction);
        Assert.Empty(_https.Requests);
    }

    [Fact]
    public async Task SkipCertificateCheck_Connects()
    {
        using VisionChatClient client = Client(skip: true);

        ChatResult result = await new ChatRunner(client).RunAsync(Call(), null);

        Assert.NotEmpty(result.Text);
    }

    [Fact]
    public async Task HttpsRedirectToHttp_IsNotFollowed()
    {
        _https.EnqueueFault(Fault.Redirect(new Uri(_http.BaseUrl + "/chat/completions")));
        using VisionChatClient client = Client(skip: true);

        var ex = await Assert.ThrowsAsync<RedirectRefusedException>(() => new ChatRunner(client).RunAsync(Call(), null));

        Assert.Equal(ErrorIds.InsecureRedirect, ex.ErrorId);
        Assert.Empty(_http.Requests);
    }
}
