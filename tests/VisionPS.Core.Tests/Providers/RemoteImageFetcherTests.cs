using System.Net;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;
using VisionPS.Core.Providers;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.Providers;

/// <summary>Downloads for servers that cannot fetch URLs, only ever from the loopback test server.</summary>
public sealed class RemoteImageFetcherTests : IAsyncLifetime
{
    private VisionTestServer _server = null!;

    public async Task InitializeAsync() => _server = await VisionTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Uri Url(string path) => new(_server.Root, "_test/" + path);

    [Fact]
    public async Task Loopback_IsRefusedUnlessAllowed()
    {
        using var refusing = new RemoteImageFetcher(NetworkOptions.Default, allowPrivate: false);

        var ex = await Assert.ThrowsAsync<VisionArgumentException>(() => refusing.FetchAsync(Url("image.png"), CancellationToken.None));

        Assert.Equal(ErrorIds.ImageUrlRefused, ex.ErrorId);
        Assert.Empty(_server.Requests); // refused before any request
    }

    [Fact]
    public async Task Allowed_TheBytesAndTheSniffedType()
    {
        using var fetcher = new RemoteImageFetcher(NetworkOptions.Default, allowPrivate: true);

        var (bytes, mime) = await fetcher.FetchAsync(Url("image.webp"), CancellationToken.None);

        Assert.Equal(TestImages.WebP, bytes);
        Assert.Equal("image/webp", mime);
    }

    [Fact]
    public async Task ContentTypeIsNotTrusted()
    {
        using var fetcher = new RemoteImageFetcher(NetworkOptions.Default, allowPrivate: true);

        var ex = await Assert.ThrowsAsync<VisionArgumentException>(() => fetcher.FetchAsync(Url("not-an-image"), CancellationToken.None));

        Assert.Equal(ErrorIds.ImageDownloadFailed, ex.ErrorId);
        Assert.Contains("not a JPEG, PNG, GIF or WebP", ex.Message);
    }

    [Fact]
    public async Task RedirectsAreLimited()
    {
        using var fetcher = new RemoteImageFetcher(NetworkOptions.Default, allowPrivate: true);

        var (bytes, _) = await fetcher.FetchAsync(Url($"hops/{RemoteImageFetcher.MaxRedirects}"), CancellationToken.None);
        var ex = await Assert.ThrowsAsync<VisionArgumentException>(() => fetcher.FetchAsync(Url($"hops/{RemoteImageFetcher.MaxRedirects + 1}"), CancellationToken.None));

        Assert.Equal(TestImages.Png, bytes);
        Assert.Equal(ErrorIds.ImageDownloadFailed, ex.ErrorId);
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.168.0.10", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("2001:4860:4860::8888", true)]
    public void IsPublic(string address, bool expected) => Assert.Equal(expected, RemoteImageFetcher.IsPublic(IPAddress.Parse(address)));
}
