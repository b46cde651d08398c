using System.Text.Json;
using VisionPS.Core.Chat;
using VisionPS.Core.Http;
using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;
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

    private static ImagePart WebP(ImagePreparationOptions? preparation = null) => ImagePartFactory.FromFile(SharedPaths.Image("webp/lossy_vp8_550x368.webp"), preparation: preparation);

    private VisionChatClient Client() => new(new VisionClientOptions { BaseUrl = _llama.BaseUrl, ApiKey = new ApiCredential("any") });

    private ChatCall Call(IReadOnlyList<ImagePart> images, ProviderQuirks? quirks = null) =>
        ChatCallBuilder.Build(new ChatSettings { BaseUrl = _llama.BaseUrl, Model = "gpt-4o", Stream = true, MaxTokens = 50, Quirks = quirks ?? ProviderQuirks.Strict }, "Describe", images, null, null);

    [Fact]
    public async Task Unadapted_TheServerRefusesAsLlamaCppDoes()
    {
        using VisionChatClient client = Client();

        var webp = await Assert.ThrowsAsync<VisionApiException>(() => new ChatRunner(client).RunAsync(Call([WebP()]), null));
        var url = await Assert.ThrowsAsync<VisionApiException>(() => new ChatRunner(client).RunAsync(Call([ImagePartFactory.FromUrl(ImageUrl("image.png").ToString(), "high")]), null));
        var bad = await Assert.ThrowsAsync<VisionApiException>(() => client.PostRawAsync("{\"model\":\"gpt-4o\",\"messages\":[],\"bogus\":1}"u8.ToArray()));

        Assert.Equal(400, webp.StatusCode);
        Assert.Equal(500, url.StatusCode);
        Assert.Equal(500, bad.StatusCode);
    }

    [Fact]
    public async Task WithThePresetQuirks_WebPAndUrlsGetThrough_AndTheServerGetsExactlyTheBuiltBody()
    {
        ProviderQuirks quirks = ProviderPresets.For(ProviderKind.LlamaCpp).Quirks.Effective();
        using var fetcher = new RemoteImageFetcher(NetworkOptions.Default, allowPrivate: true); // the images are served by the same loopback server
        var preparation = new ImagePreparationOptions { Server = ServerImageRules.From(quirks, fetcher) };
        using VisionChatClient client = Client();
        ChatCall call = Call([WebP(preparation), ImagePartFactory.FromReference(ImageUrl("image.png").ToString(), "high", preparation)], quirks);

        ChatResult result = await new ChatRunner(client).RunAsync(call, null);

        Assert.NotEmpty(result.Text);
        string received = Assert.Single(_llama.Requests).Body;
        Assert.Equal(call.ToJson(), received);
        using JsonDocument sent = JsonDocument.Parse(received);
        string[] urls = sent.RootElement.GetProperty("messages")[0].GetProperty("content").EnumerateArray()
            .Where(p => p.GetProperty("type").GetString() == "image_url")
            .Select(p => p.GetProperty("image_url").GetProperty("url").GetString()!)
            .ToArray();
        Assert.StartsWith("data:image/jpeg;base64,", urls[0]); // a lossy photo: JPEG, as -ConvertWebP chooses
        Assert.StartsWith("data:image/png;base64,", urls[1]);
        Assert.DoesNotContain("\"detail\"", received);
        Assert.Contains("\"max_tokens\"", received);
    }

    [Fact]
    public async Task Probe_LearnsTheQuirks_AndTheStrictServerHasNone()
    {
        using VisionChatClient client = Client();

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
