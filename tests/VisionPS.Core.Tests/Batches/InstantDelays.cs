using System.Collections.Concurrent;

namespace VisionPS.Core.Tests.Batches;

/// <summary>
/// A clock whose timers fire at once (on the thread pool), so retry waits cost no real time, while every wait asked
/// for is kept in <see cref="Requested"/>. Reading the time is left to the system clock.
/// </summary>
internal sealed class InstantDelays : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _requested = new();

    public IReadOnlyCollection<TimeSpan> Requested => _requested;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _requested.Enqueue(dueTime);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            // Never inline: the caller may not yet hold the timer it is being handed.
            ThreadPool.UnsafeQueueUserWorkItem(_ => callback(state), null);
        }

        return new NoTimer();
    }

    private sealed class NoTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
