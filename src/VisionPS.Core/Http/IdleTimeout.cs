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

    public IdleTimeout(TimeSpan? limit, CancellationToken callerToken)
    {
        _limit = limit is { } l && l > TimeSpan.Zero ? l : null;
        _callerToken = callerToken;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
    }

    public CancellationToken Token => _cts.Token;

    public TimeSpan? Limit => _limit;

    public void Restart()
    {
        if (_limit is { } limit)
        {
            _cts.CancelAfter(limit);
        }
    }

    /// <summary>True when a cancellation came from this timer rather than from the caller.</summary>
    public bool Expired => _cts.IsCancellationRequested && !_callerToken.IsCancellationRequested;

    public void Dispose() => _cts.Dispose();
}
