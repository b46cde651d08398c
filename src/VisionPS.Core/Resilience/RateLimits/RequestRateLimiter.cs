using VisionPS.Core.Http;

namespace VisionPS.Core.Resilience.RateLimits;

/// <summary>
/// Holds requests back so that at most <see cref="RateLimitOptions.RequestsPerMinute"/> requests and
/// <see cref="RateLimitOptions.TokensPerMinute"/> tokens start in any 60 seconds, and none starts while the
/// server's <c>x-ratelimit-*</c> headers say its budget is spent. Thread-safe; one instance per model and key.
/// </summary>
/// <remarks>
/// Waiters queue on a gate and only the first in line waits for budget, so a large request is not starved by
/// a stream of small ones and at most one timer is pending at a time.
/// </remarks>
public sealed class RequestRateLimiter
{
    private readonly RateLimitOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly object _lock = new();
    private readonly SlidingWindow? _window;
    private readonly ServerLimitState _server = new();
    private CancellationTokenSource? _wake;

    public RequestRateLimiter(RateLimitOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RequestsPerMinute is int rpm)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rpm, "options.RequestsPerMinute");
        }

        if (options.TokensPerMinute is int tpm)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tpm, "options.TokensPerMinute");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaximumHeaderWait, TimeSpan.Zero, "options.MaximumHeaderWait");
        _options = options;
        _time = time ?? TimeProvider.System;
        _window = options.HasLocalLimits ? new SlidingWindow(options.RequestsPerMinute, options.TokensPerMinute) : null;
    }

    public RateLimitOptions Options => _options;

    /// <summary>Waits until one more request of <paramref name="estimatedTokens"/> fits the limits.</summary>
    public async ValueTask<RateLease> AcquireAsync(int estimatedTokens, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(estimatedTokens);
        cancellationToken.ThrowIfCancellationRequested();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            DateTimeOffset started = _time.GetUtcNow();
            while (true)
            {
                DateTimeOffset now;
                DateTimeOffset until;
                CancellationToken wake;
                lock (_lock)
                {
                    now = _time.GetUtcNow();
                    if (NextOpening(now, estimatedTokens) is not { } opening)
                    {
                        _server.Started(estimatedTokens);
                        WindowEntry? entry = _window?.Add(now, estimatedTokens);
                        return new RateLease(this, entry, estimatedTokens, now, now - started);
                    }

                    until = opening;
                    _wake = new CancellationTokenSource();
                    wake = _wake.Token;
                }

                await WaitAsync(until - now, wake, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Takes in the server's rate-limit headers; a spent budget holds new requests until its reset.</summary>
    public void Observe(ResponseInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        lock (_lock)
        {
            _server.Observe(info, _time.GetUtcNow(), _options.MaximumHeaderWait);
        }

        Wake();
    }

    internal void Correct(WindowEntry entry, int actualTokens)
    {
        bool freed;
        lock (_lock)
        {
            freed = _window?.Correct(entry, actualTokens) ?? false;
        }

        if (freed)
        {
            Wake();
        }
    }

    private DateTimeOffset? NextOpening(DateTimeOffset now, int tokens)
    {
        DateTimeOffset? server = _server.BlockedUntil(now, tokens);
        _window?.Prune(now);
        DateTimeOffset? local = _window?.WhenFits(tokens);
        if (server is { } s && local is { } l)
        {
            return s > l ? s : l;
        }

        return server ?? local;
    }

    /// <summary>Lets the waiting acquirer recompute: budget was freed or the server's word changed.</summary>
    private void Wake()
    {
        CancellationTokenSource? wake;
        lock (_lock)
        {
            wake = _wake;
            _wake = null;
        }

        wake?.Cancel();
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken wake, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, wake);
        try
        {
            await Task.Delay(delay, _time, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
