namespace VisionPS.Core.Tests.Resilience.Retries;

/// <summary>
/// A clock that moves only when told to. Timers fire during <see cref="Advance"/>; <see cref="DriveAsync{T}"/>
/// runs a task to its end by jumping to each timer the task arms, and records every jump in <see cref="Jumps"/>.
/// </summary>
internal sealed class FakeTimeProvider : TimeProvider
{
    private readonly object _lock = new();
    private readonly List<FakeTimer> _timers = [];
    private readonly List<TimeSpan> _jumps = [];
    private readonly DateTimeOffset _start;
    private DateTimeOffset _now;
    private TaskCompletionSource _armed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FakeTimeProvider(DateTimeOffset? start = null) => _now = _start = start ?? new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

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
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Completes once some timer is armed (at once if one already is).</summary>
    public Task WhenTimerArmedAsync()
    {
        lock (_lock)
        {
            if (NextDueLocked() is not null)
            {
                return Task.CompletedTask;
            }

            if (_armed.Task.IsCompleted)
            {
                _armed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return _armed.Task;
        }
    }

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        List<FakeTimer> due;
        lock (_lock)
        {
            _now += by;
            due = _timers.Where(t => t.DueAt is { } at && at <= _now).ToList();
            foreach (var timer in due)
            {
                timer.DueAt = timer.Period > TimeSpan.Zero && timer.Period != Timeout.InfiniteTimeSpan ? _now + timer.Period : null;
            }
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
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

    private DateTimeOffset? NextDueLocked() => _timers.Where(t => t.DueAt is not null).Min(t => t.DueAt);

    private void Arm(FakeTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        TaskCompletionSource? armed = null;
        lock (_lock)
        {
            timer.Period = period;
            timer.DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : _now + dueTime;
            if (timer.DueAt is not null)
            {
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
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Arm(this, dueTime, period);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
