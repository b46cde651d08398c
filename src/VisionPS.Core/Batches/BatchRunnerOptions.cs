namespace VisionPS.Core.Batches;

public sealed class BatchRunnerOptions
{
    /// <summary>Most work items running at once (N).</summary>
    public int MaxConcurrency { get; init; } = 1;

    /// <summary>Release outcomes in input order instead of as they complete.</summary>
    public bool PreserveOrder { get; init; }

    /// <summary>
    /// Inputs accepted beyond those running, so a freed slot is refilled at once without waiting for the caller.
    /// When it is full, posting waits. Default: <see cref="MaxConcurrency"/>.
    /// </summary>
    public int? QueueLimit { get; init; }

    /// <summary>
    /// With <see cref="PreserveOrder"/>: how far past the oldest unfinished input work may start
    /// (beyond <see cref="MaxConcurrency"/>), which bounds the outcomes held back for order. Default: <see cref="MaxConcurrency"/>.
    /// </summary>
    public int? ReorderWindow { get; init; }

    /// <summary>A failure for which the whole batch stops (e.g. authentication refused).</summary>
    public Func<Exception, bool>? IsFatal { get; init; }

    /// <summary>Shared with the work, which adds retries, tokens and cost as it goes.</summary>
    public BatchCounters? Counters { get; init; }

    public TimeProvider? TimeProvider { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrency, 1, nameof(MaxConcurrency));
        if (QueueLimit is { } queue)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(queue, nameof(QueueLimit));
        }

        if (ReorderWindow is { } window)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(window, nameof(ReorderWindow));
        }
    }
}
