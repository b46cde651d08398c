namespace VisionPS.Core.Tests.TestSupport;

/// <summary>
/// A clock that moves only when told to. Timers fire, in due order and each at its own due time, while
/// <see cref="Advance"/> moves the clock. <see cref="DriveAsync{T}"/> runs a task to its end by jumping to each
/// timer the task arms, and records every jump in <see cref="Jumps"/>. Timestamps are the UTC ticks of the clock
/// (<see cref="TimestampFrequency"/> is ticks per second), so only differences between them mean anything.
/// </summary>
internal sealed class FakeTimeProvider : TimeProvider
{
    /// <summary>Where the clock starts when no start is given.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly object _lock = new();

    /// <summary>The armed timers only; a timer leaves the list when it fires (one-shot), is disarmed or is disposed.</summary>
    private readonly List<FakeTimer> _timers = [];
    private readonly List<TimeSpan> _jumps = [];
    private readonly DateTimeOffset _start;
    private DateTimeOffset _now;
    private TaskCompletionSource _armed = NewSignal();

    public FakeTimeProvider(DateTimeOffset? start = null) => _now = _start = start ?? DefaultStart;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>How far the clock has moved since it was made.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            lock (_lock)
            {
                return _now - _start;
            }
        }
    }

    /// <summary>The moves made by <see cref="DriveAsync{T}"/>, one per timer it fired: the waits the code under test asked for.</summary>
    public IReadOnlyList<TimeSpan> Jumps
    {
        get
        {
            lock (_lock)
            {
                return [.. _jumps];
            }
        }
    }

    /// <summary>How many timers are armed.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count;
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Completes once some timer is armed: at once if one already is, otherwise when the next one is.</summary>
    public Task WhenTimerArmedAsync()
    {
        lock (_lock)
        {
            if (_timers.Count > 0)
            {
                return Task.CompletedTask;
            }

            if (_armed.Task.IsCompleted)
            {
                _armed = NewSignal();
            }

            return _armed.Task;
        }
    }

    /// <summary>Moves the clock forward, firing each timer that falls due on the way at its due time, earliest first.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + by;
        }

        while (true)
        {
            FakeTimer? due;
            lock (_lock)
            {
                due = _timers.Where(t => t.Due <= target).MinBy(t => t.Due);
                if (due is null)
                {
                    _now = target;
                    return;
                }

                _now = due.Due;
                if (due.Period is { } period)
                {
                    due.Due += period;
                }
                else
                {
                    _timers.Remove(due);
                }
            }

            due.Fire();
        }
    }

    /// <summary>Moves the clock to the earliest armed timer and fires it; false when none is armed.</summary>
    public bool TryAdvanceToNextTimer()
    {
        TimeSpan by;
        lock (_lock)
        {
            if (NextDueLocked() is not { } next)
            {
                return false;
            }

            by = next - _now;
        }

        Advance(by < TimeSpan.Zero ? TimeSpan.Zero : by);
        return true;
    }

    /// <summary>Waits for <paramref name="task"/>, jumping the clock to the next armed timer whenever the task is waiting on one.</summary>
    public async Task<T> DriveAsync<T>(Task<T> task)
    {
        while (!task.IsCompleted)
        {
            await Task.WhenAny(task, WhenTimerArmedAsync());
            TimeSpan? jump;
            lock (_lock)
            {
                jump = NextDueLocked() - _now;
                if (jump is { } j && !task.IsCompleted)
                {
                    _jumps.Add(j);
                }
            }

            if (jump is { } by && !task.IsCompleted)
            {
                Advance(by < TimeSpan.Zero ? TimeSpan.Zero : by);
            }
        }

        return await task;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DateTimeOffset? NextDueLocked() => _timers.Count == 0 ? null : _timers.Min(t => t.Due);

    private void Arm(FakeTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        TaskCompletionSource? armed = null;
        lock (_lock)
        {
            _timers.Remove(timer);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                timer.Due = _now + dueTime;
                timer.Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period;
                _timers.Add(timer);
                armed = _armed;
            }
        }

        armed?.TrySetResult();
    }

    private void Remove(FakeTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; set; }

        public TimeSpan? Period { get; set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Arm(this, dueTime, period);
            return true;
        }

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
