namespace VisionPS.Core.Http;

/// <summary>
/// A cancellation source that fires when the server has been silent for too long.
/// Restart it before every wait (sending, and each read of the body); it is linked to the caller's token.
/// </summary>
internal sealed class IdleTimeout : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly TimeSpan? _limit;
    private readonly CancellationToken _callerToken;
    private readonly Uri _endpoint;

    public IdleTimeout(TimeSpan? limit, Uri endpoint, CancellationToken callerToken)
    {
        _limit = limit is { } l && l > TimeSpan.Zero ? l : null;
        _endpoint = endpoint;
        _callerToken = callerToken;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
    }

    public CancellationToken Token => _cts.Token;

    public void Restart()
    {
        if (_limit is { } limit)
        {
            _cts.CancelAfter(limit);
        }
    }

    /// <summary>True when a cancellation came from this timer rather than from the caller.</summary>
    public bool Expired => _cts.IsCancellationRequested && !_callerToken.IsCancellationRequested;

    /// <summary>The error for an expired timer; only valid when <see cref="Expired"/> is true (a limit was set).</summary>
    public ApiTimeoutException TimedOut(bool waitingForHeaders) => new(_endpoint, _limit!.Value, waitingForHeaders);

    public void Dispose() => _cts.Dispose();
}
