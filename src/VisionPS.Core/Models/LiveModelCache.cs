using System.Collections.Concurrent;
using VisionPS.Core.Http;

namespace VisionPS.Core.Models;

/// <summary>
/// The model ids each provider lists under <c>GET {base}/models</c>, kept for the life of the session per base URL
/// (PowerShell keeps the module loaded), so listing and tab completion do not call the provider every time.
/// </summary>
public static class LiveModelCache
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<string>> Lists = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The cached ids for <paramref name="baseUrl"/>, or null when none were fetched yet.</summary>
    public static IReadOnlyList<string>? TryGet(Uri baseUrl) => Lists.TryGetValue(Key(baseUrl), out var ids) ? ids : null;

    /// <summary>The ids for the client's base URL: from the cache, or fetched (and cached) when absent or <paramref name="refresh"/>.</summary>
    public static async Task<IReadOnlyList<string>> GetAsync(VisionChatClient client, Uri baseUrl, bool refresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!refresh && TryGet(baseUrl) is { } cached)
        {
            return cached;
        }

        var list = await client.ListModelsAsync(cancellationToken).ConfigureAwait(false);
        string[] ids = (list.Data ?? [])
            .Select(m => m.Id)
            .OfType<string>()
            .Where(id => id.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToArray();
        Lists[Key(baseUrl)] = ids;
        return ids;
    }

    private static string Key(Uri baseUrl) => baseUrl.AbsoluteUri.TrimEnd('/');
}
