using VisionPS.Core.Models;
using VisionPS.Core.Tests.EndToEnd;

namespace VisionPS.Core.Tests.Models;

public sealed class LiveModelCacheTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Lists_are_fetched_once_per_base_url_until_refreshed()
    {
        var client = f.Client();
        IReadOnlyList<string> first = await LiveModelCache.GetAsync(client, f.Server.BaseUrl, refresh: false, CancellationToken.None);
        Assert.Contains("gpt-4o", first);
        Assert.Same(first, LiveModelCache.TryGet(f.Server.BaseUrl));

        // A disposed client cannot fetch: the second call must come from the cache, the refresh must not.
        client.Dispose();
        Assert.Same(first, await LiveModelCache.GetAsync(client, f.Server.BaseUrl, refresh: false, CancellationToken.None));
        await Assert.ThrowsAnyAsync<ObjectDisposedException>(() => LiveModelCache.GetAsync(client, f.Server.BaseUrl, refresh: true, CancellationToken.None));

        using var fresh = f.Client();
        Assert.Equal(first, await LiveModelCache.GetAsync(fresh, f.Server.BaseUrl, refresh: true, CancellationToken.None));
    }
}
