namespace VisionPS.Core.Resilience.RateLimits;

/// <summary>Permission for one request; report the actual usage with <see cref="Complete"/> when it is known.</summary>
public sealed class RateLease
{
    private readonly RequestRateLimiter? _limiter;
    private readonly WindowEntry? _entry;
    private int _completed;

    internal RateLease(RequestRateLimiter? limiter, WindowEntry? entry, int estimatedTokens, DateTimeOffset acquiredAt, TimeSpan waited)
    {
        _limiter = limiter;
        _entry = entry;
        EstimatedTokens = estimatedTokens;
        AcquiredAt = acquiredAt;
        Waited = waited;
    }

    public int EstimatedTokens { get; }

    /// <summary>When the request was allowed to start (by the limiter's clock).</summary>
    public DateTimeOffset AcquiredAt { get; }

    /// <summary>How long the limiter held the request back.</summary>
    public TimeSpan Waited { get; }

    /// <summary>
    /// Replaces the estimate with the reported usage (prompt and completion tokens); null keeps the estimate.
    /// Only the first call counts.
    /// </summary>
    public void Complete(int? actualTokens)
    {
        if (actualTokens is int negative && negative < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(actualTokens), negative, "Token usage cannot be negative.");
        }

        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return;
        }

        if (actualTokens is int actual && _limiter is not null && _entry is not null)
        {
            _limiter.Correct(_entry, actual);
        }
    }
}
