namespace VisionPS.Core.Batches;

/// <summary>
/// The one outcome of one posted input: its output, or the exception it ended with. <c>Index</c> is the input's
/// position in posting order, from 0; <c>Elapsed</c> runs from the start of the work to its end (zero when it never
/// started). <c>IsCancelled</c>: the work ended, or never started, because the batch was stopped
/// (<see cref="BatchRunner{TInput,TOutput}.Cancel"/> or a fatal error elsewhere); such an outcome is no error of its
/// own and needs no error record. <c>IsFatal</c>: this failure stopped the batch.
/// </summary>
public sealed record BatchOutcome<TInput, TOutput>(
    long Index,
    TInput Input,
    TOutput? Output,
    Exception? Exception,
    TimeSpan Elapsed,
    bool IsCancelled = false,
    bool IsFatal = false)
{
    public bool Succeeded => Exception is null && !IsCancelled;

    /// <summary>Failed on its own account: the caller writes an error record for it.</summary>
    public bool Failed => Exception is not null && !IsCancelled;
}
