namespace VisionPS.Core.Models;

/// <summary>A platform's published limits for a model; null means the catalog does not know it.</summary>
/// <param name="Rpm">Requests per minute (platforms that say QPM mean the same).</param>
/// <param name="Tpm">Tokens per minute.</param>
/// <param name="Concurrency">Requests in flight at once.</param>
public sealed record ModelRateLimits(int? Rpm, int? Tpm, int? Concurrency)
{
    public static ModelRateLimits Unknown { get; } = new(null, null, null);
}
