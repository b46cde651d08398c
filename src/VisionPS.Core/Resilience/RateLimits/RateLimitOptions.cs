namespace VisionPS.Core.Resilience.RateLimits;

/// <summary>Client-side limits for one model; null means no limit.</summary>
public sealed class RateLimitOptions
{
    public int? RequestsPerMinute { get; init; }

    public int? TokensPerMinute { get; init; }

    /// <summary>
    /// The longest a reset time read from <c>x-ratelimit-reset-*</c> headers may hold new requests back.
    /// Daily quotas report resets hours away; past this cap the server's 429 and the retry policy take over.
    /// </summary>
    public TimeSpan MaximumHeaderWait { get; init; } = TimeSpan.FromMinutes(1);

    public bool HasLocalLimits => RequestsPerMinute is not null || TokensPerMinute is not null;
}
