namespace VisionPS.Core.Resilience.RateLimits;

/// <summary>
/// The requests started in the last minute and their tokens. Not thread-safe: the limiter holds its lock.
/// </summary>
/// <remarks>
/// A log of start times rather than a continuously refilled bucket: a bucket of capacity N refilled at N per
/// minute admits up to 2N in one minute (a full bucket plus the refill), which a provider counting per minute
/// answers with 429s. The log guarantees at most N in any 60 seconds, at the price of a burst at the start.
/// </remarks>
internal sealed class SlidingWindow(int? requestsPerMinute, int? tokensPerMinute)
{
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(1);

    private readonly Queue<WindowEntry> _entries = new();
    private long _tokens;

    public int Count => _entries.Count;

    public long Tokens => _tokens;

    public void Prune(DateTimeOffset now)
    {
        while (_entries.TryPeek(out var oldest) && oldest.Start + Length <= now)
        {
            _entries.Dequeue();
            oldest.InWindow = false;
            _tokens -= oldest.Tokens;
        }
    }

    /// <summary>Null when one more request of <paramref name="tokens"/> fits now; otherwise when enough has expired.</summary>
    public DateTimeOffset? WhenFits(int tokens)
    {
        DateTimeOffset? until = null;
        if (requestsPerMinute is int rpm && _entries.Count >= rpm)
        {
            until = Max(until, ExpiryOfNth(_entries.Count - rpm));
        }

        // A request larger than the whole budget goes through alone once the window holds no tokens.
        if (tokensPerMinute is int tpm && _tokens > 0 && _tokens + tokens > tpm)
        {
            long left = _tokens;
            foreach (var entry in _entries)
            {
                left -= entry.Tokens;
                if (left == 0 || left + tokens <= tpm)
                {
                    until = Max(until, entry.Start + Length);
                    break;
                }
            }
        }

        return until;
    }

    public WindowEntry Add(DateTimeOffset now, int tokens)
    {
        var entry = new WindowEntry(now, tokens);
        _entries.Enqueue(entry);
        _tokens += tokens;
        return entry;
    }

    /// <summary>Replaces the estimate with the reported usage; true when this freed budget.</summary>
    public bool Correct(WindowEntry entry, int actualTokens)
    {
        int difference = actualTokens - entry.Tokens;
        entry.Tokens = actualTokens;
        if (!entry.InWindow)
        {
            return false;
        }

        _tokens += difference;
        return difference < 0;
    }

    private DateTimeOffset ExpiryOfNth(int index)
    {
        foreach (var entry in _entries)
        {
            if (index-- == 0)
            {
                return entry.Start + Length;
            }
        }

        throw new InvalidOperationException("Index beyond the window.");
    }

    private static DateTimeOffset Max(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;
}
