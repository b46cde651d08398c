namespace VisionPS.Core.Resilience.Retries;

/// <summary>The backoff delays of one request's retries: exponential with jitter, never above the cap. Not shared between requests.</summary>
public sealed class RetryBackoff
{
    private readonly RetryOptions _options;
    private readonly Random _random;
    private TimeSpan _previous;

    public RetryBackoff(RetryOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _random = options.Random ?? Random.Shared;
        _previous = options.BaseDelay;
    }

    /// <summary>The delay before retry number <paramref name="retry"/> (1 = the first retry).</summary>
    public TimeSpan Next(int retry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        double cap = _options.MaximumRetryWait.TotalMilliseconds;
        double baseMs = _options.BaseDelay.TotalMilliseconds;
        double fraction = NextFraction();
        double ms = _options.Jitter switch
        {
            RetryJitter.Decorrelated => baseMs + (fraction * Math.Max(0, (_previous.TotalMilliseconds * 3) - baseMs)),
            _ => fraction * baseMs * Math.Pow(2, Math.Min(retry - 1, 62)),
        };
        // Whole milliseconds: timers (Task.Delay) cannot wait for less.
        var delay = TimeSpan.FromMilliseconds(Math.Floor(Math.Min(ms, cap)));
        _previous = delay;
        return delay;
    }

    private double NextFraction()
    {
        // A seeded Random is not thread-safe, and one options object may serve many requests in parallel.
        if (ReferenceEquals(_random, Random.Shared))
        {
            return _random.NextDouble();
        }

        lock (_random)
        {
            return _random.NextDouble();
        }
    }
}
