namespace VisionPS.Core.Resilience.Retries;

/// <summary>How often and how long to wait before sending a failed request again.</summary>
public sealed class RetryOptions
{
    public static TimeSpan DefaultMaximumRetryWait { get; } = TimeSpan.FromSeconds(60);

    public static TimeSpan DefaultBaseDelay { get; } = TimeSpan.FromSeconds(1);

    private readonly int _maximumRetryCount = 3;
    private readonly TimeSpan _maximumRetryWait = DefaultMaximumRetryWait;
    private readonly TimeSpan _baseDelay = DefaultBaseDelay;

    /// <summary>Retries after the first attempt (-MaximumRetryCount); 0 = send once.</summary>
    public int MaximumRetryCount
    {
        get => _maximumRetryCount;
        init => _maximumRetryCount = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaximumRetryCount), value, "Must be 0 or more.");
    }

    /// <summary>
    /// The longest single wait (-MaximumRetryWaitSec). Backoff delays are cut to it; when the server asks
    /// for a longer wait, the request is not retried.
    /// </summary>
    public TimeSpan MaximumRetryWait
    {
        get => _maximumRetryWait;
        init => _maximumRetryWait = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(MaximumRetryWait), value, "Must not be negative.");
    }

    /// <summary>The ceiling of the first backoff delay; it doubles with every further retry.</summary>
    public TimeSpan BaseDelay
    {
        get => _baseDelay;
        init => _baseDelay = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(BaseDelay), value, "Must not be negative.");
    }

    public RetryJitter Jitter { get; init; } = RetryJitter.Full;

    /// <summary>The jitter's source; null = <see cref="System.Random.Shared"/>. Give a seeded one for repeatable delays.</summary>
    public Random? Random { get; init; }
}
