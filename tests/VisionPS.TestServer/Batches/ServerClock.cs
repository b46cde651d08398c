namespace VisionPS.TestServer.Batches;

/// <summary>
/// The clock batches run on: a base clock (the system's, or a frozen fake in tests) plus whatever the tests
/// added with <see cref="Advance"/>, so a 24 h window passes in one admin call.
/// </summary>
public sealed class ServerClock(TimeProvider inner) : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }

    public long UnixSeconds => GetUtcNow().ToUnixTimeSeconds();
}
