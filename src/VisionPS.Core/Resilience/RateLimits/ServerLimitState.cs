using VisionPS.Core.Http;

namespace VisionPS.Core.Resilience.RateLimits;

/// <summary>
/// What the last <c>x-ratelimit-*</c> headers said, counted down by the requests started since.
/// Not thread-safe: the limiter holds its lock.
/// </summary>
/// <remarks>
/// Counting down makes "near zero" work with many requests in flight: when the server reports 3 requests left,
/// 3 more start and the rest wait for the reset. A reading is forgotten once its reset time has passed.
/// </remarks>
internal sealed class ServerLimitState
{
    private long? _requestsLeft;
    private DateTimeOffset _requestsResetAt;
    private long? _tokensLeft;
    private DateTimeOffset _tokensResetAt;

    public void Observe(ResponseInfo info, DateTimeOffset now, TimeSpan maximumWait)
    {
        if (info.RemainingRequests is long requests && info.ResetRequests is TimeSpan requestsReset)
        {
            _requestsLeft = requests;
            _requestsResetAt = now + Min(requestsReset, maximumWait);
        }

        if (info.RemainingTokens is long tokens && info.ResetTokens is TimeSpan tokensReset)
        {
            _tokensLeft = tokens;
            _tokensResetAt = now + Min(tokensReset, maximumWait);
        }
    }

    /// <summary>Null when the server's last word lets one more request start now; otherwise its reset time.</summary>
    public DateTimeOffset? BlockedUntil(DateTimeOffset now, int tokens)
    {
        Forget(now);
        DateTimeOffset? until = null;
        if (_requestsLeft is long requests && requests <= 0)
        {
            until = _requestsResetAt;
        }

        if (_tokensLeft is long left && (left <= 0 || tokens > left) && (until is null || _tokensResetAt > until))
        {
            until = _tokensResetAt;
        }

        return until;
    }

    public void Started(int tokens)
    {
        if (_requestsLeft is not null)
        {
            _requestsLeft--;
        }

        if (_tokensLeft is not null)
        {
            _tokensLeft -= tokens;
        }
    }

    private void Forget(DateTimeOffset now)
    {
        if (_requestsLeft is not null && now >= _requestsResetAt)
        {
            _requestsLeft = null;
        }

        if (_tokensLeft is not null && now >= _tokensResetAt)
        {
            _tokensLeft = null;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
