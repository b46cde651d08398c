using System.Text.Json;
using VisionPS.Core.Chat;
using VisionPS.Core.Http;
using VisionPS.Core.Images;
using VisionPS.Core.Providers;
using VisionPS.Core.Tests.TestSupport;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.Providers;

/// <summary>
/// The test server's llama.cpp-like mode behaves as llama-server does, and VisionPS copes with it through the
/// LlamaCpp preset's quirks alone, or through what Test-VisionProvider's probe learns of it.
/// </summary>
public sealed class LlamaCppModeTests : IAsyncLifetime
{
    private VisionTestServer _llama = null!;

    public async Task InitializeAsync() => _llama = await VisionTestServer.StartAsync(new TestServerOptions { ApiKey = null, Mode = ServerMode.LlamaCpp });

    public async Task DisposeAsync() => await _llama.DisposeAsync();

    private Uri ImageUrl(string name) => new(_llama.Root, "_test/" + name);

    private static ImagePart WebP() => ImagePartFactory.FromFile(SharedPaths.Image("webp/lossy_vp8_550x368.webp"));

    private VisionChatClient Client(ProviderQuirks? quirks) => new(new VisionClientOptions
    {
        BaseUrl = _llama.BaseUrl,
        ApiKey = new ApiCredential("any"),
        Quirks = quirks ?? ProviderQuirks.Strict,
        AllowPrivateImageUrls = true, // the images are served by the same loopback server
    });

    private ChatCall Call(IReadOnlyList<ImagePart> images) =>
        ChatCallBuilder.Build(new ChatSettings { BaseUrl = _llama.BaseUrl, Model = "gpt-4o", Stream = true, MaxTokens = 50 }, "Describe", images);

    [Fact]
    public async Task Unadapted_TheServerRefusesAsLlamaCppDoes()
    {
        using VisionChatClient client = Client(null);

        var webp = await Assert.ThrowsAsync<VisionApiException>(() => new ChatRunner(client).RunAsync(Call([WebP()]), null));
        var url = await Assert.ThrowsAsync<VisionApiException>(() => new ChatRunner(client).RunAsync(Call([ImagePartFactory.FromUrl(ImageUrl("image.png").ToString(), "high")]), null));
        var bad = await Assert.ThrowsAsync<VisionApiException>(() => client.PostRawAsync("{\"model\":\"gpt-4o\",\"messages\":[],\"bogus\":1}"u8.ToArray()));

        Assert.Equal(400, webp.StatusCode);
        Assert.Equal(500, url.StatusCode);
        Assert.Equal(500, bad.StatusCode);
    }

    [Fact]
    public async Task WithThePresetQuirks_WebPAndUrlsGetThrough()
    {
        using VisionChatClient client = Client(ProviderPresets.For(ProviderKind.LlamaCpp).Quirks.Effective());
        ImagePart remote = ImagePartFactory.FromUrl(ImageUrl("image.png").ToString(), "high");

        ChatResult result = await new ChatRunner(client).RunAsync(Call([WebP(), remote]), null);

        Assert.NotEmpty(result.Text);
        using JsonDocument sent = JsonDocument.Parse(Assert.Single(_llama.Requests).Body);
        string[] urls = sent.RootElement.GetProperty("messages")[0].GetProperty("content").EnumerateArray()
            .Where(p => p.GetProperty("type").GetString() == "image_url")
            .Select(p => p.GetProperty("image_url").GetProperty("url").GetString()!)
            .ToArray();
        Assert.All(urls, u => Assert.StartsWith("data:image/png;base64,", u));
        Assert.Equal(TestImages.Png, Convert.FromBase64String(urls[1]["data:image/png;base64,".Length..]));
        Assert.DoesNotContain("\"detail\"", Assert.Single(_llama.Requests).Body);
        Assert.Contains("\"max_tokens\"", Assert.Single(_llama.Requests).Body);
    }

    [Fact]
    public async Task Probe_LearnsTheQuirks_AndTheStrictServerHasNone()
    {
        using VisionChatClient client = Client(null);

        var (results, learned) = await new ProviderProbe(client, "gpt-4o").RunAsync(ImageUrl("image.png"), CancellationToken.None);

        Assert.True(results[0].Accepted);
        Assert.False(learned.AcceptsImageUrls);
        Assert.Equal(["image/webp"], learned.RefusedImageTypes);
        Assert.False(learned.DetailMatters);

        await using VisionTestServer strict = await VisionTestServer.StartAsync(new TestServerOptions { ApiKey = null });
        using var strictClient = new VisionChatClient(new VisionClientOptions { BaseUrl = strict.BaseUrl, ApiKey = new ApiCredential("any") });
        var (_, strictLearned) = await new ProviderProbe(strictClient, "gpt-4o").RunAsync(new Uri(strict.Root, "_test/image.png"), CancellationToken.None);

        Assert.True(strictLearned.AcceptsImageUrls);
        Assert.Empty(strictLearned.RefusedImageTypes!);
        Assert.True(strictLearned.DetailMatters);
        Assert.True(strictLearned.StreamUsage);
        Assert.True(strictLearned.JsonSchema);
    }
}
