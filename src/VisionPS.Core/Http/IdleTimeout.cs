namespace VisionPS.Core.Http;

/// <summary>
/// A cancellation source that fires when the server has been silent for too long, or when the whole response
/// has taken longer than its overall limit (a slow trickle stays under the idle limit forever).
/// Restart it before every wait (sending, and each read of the body); it is linked to the caller's token.
/// </summary>
internal sealed class IdleTimeout : IDisposable
{
    private readonly CancellationTokenSource _idle;
    private readonly CancellationTokenSource _total;
    private readonly CancellationTokenSource _cts;
    private readonly TimeSpan? _limit;
    private readonly TimeSpan? _totalLimit;
    private readonly CancellationToken _callerToken;
    private readonly Uri _endpoint;

    public IdleTimeout(TimeSpan? limit, Uri endpoint, CancellationToken callerToken, TimeSpan? totalLimit = null)
    {
        _limit = limit is { } l && l > TimeSpan.Zero ? l : null;
        _totalLimit = totalLimit is { } t && t > TimeSpan.Zero ? t : null;
        _endpoint = endpoint;
        _callerToken = callerToken;
        _idle = new CancellationTokenSource();
        _total = _totalLimit is { } total ? new CancellationTokenSource(total) : new CancellationTokenSource();
        _cts = CancellationTokenSource.CreateLinkedTokenSource(callerToken, _idle.Token, _total.Token);
    }

    public CancellationToken Token => _cts.Token;

    public void Restart()
    {
        if (_limit is { } limit)
        {
            _idle.CancelAfter(limit);
        }
    }

    /// <summary>True when a cancellation came from this timer rather than from the caller.</summary>
    public bool Expired => _cts.IsCancellationRequested && !_callerToken.IsCancellationRequested;

    /// <summary>The error for an expired timer; only valid when <see cref="Expired"/> is true.</summary>
    public ApiTimeoutException TimedOut(bool waitingForHeaders) => _total.IsCancellationRequested && _totalLimit is { } total
        ? new ApiTimeoutException(_endpoint, total, waitingForHeaders, overall: true)
        : new ApiTimeoutException(_endpoint, _limit!.Value, waitingForHeaders);

    public void Dispose()
    {
        _cts.Dispose();
        _idle.Dispose();
        _total.Dispose();
    }
}
