using VisionPS.Core.BatchJobs;

namespace VisionPS;

/// <summary>One batch as the provider last reported it: state, counts, progress and expiry.</summary>
public sealed class VisionBatchStatus
{
    /// <summary>The job folder it belongs to; null for a batch listed straight from the provider.</summary>
    public string? JobPath { get; init; }

    /// <summary>Its number within the job (1, 2, …); null outside a job.</summary>
    public int? Part { get; init; }

    public required string BatchId { get; init; }

    /// <summary>validating, in_progress, finalizing, completed, failed, expired, cancelling or cancelled.</summary>
    public string? Status { get; init; }

    public string? Model { get; init; }

    public int Total { get; init; }

    public int Completed { get; init; }

    public int Failed { get; init; }

    /// <summary>Share of the requests done (completed or failed), 0-100; null before the total is known.</summary>
    public int? PercentComplete => Total > 0 ? (int)((Completed + Failed) * 100L / Total) : null;

    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the 24 h window ends.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public string? InputFileId { get; init; }

    public string? OutputFileId { get; init; }

    public string? ErrorFileId { get; init; }

    /// <summary>True once the batch has ended (completed, failed, expired or cancelled): its results can be received.</summary>
    public bool IsFinished => Status is not null && BatchReceiver.FinalStatuses.Contains(Status);

    public static VisionBatchStatus From(BatchObject batch, string? jobPath = null, int? part = null) => new()
    {
        JobPath = jobPath,
        Part = part,
        BatchId = batch.Id,
        Status = batch.Status,
        Model = batch.Model,
        Total = batch.RequestCounts?.Total ?? 0,
        Completed = batch.RequestCounts?.Completed ?? 0,
        Failed = batch.RequestCounts?.Failed ?? 0,
        CreatedAt = batch.CreatedAt > 0 ? DateTimeOffset.FromUnixTimeSeconds(batch.CreatedAt) : null,
        ExpiresAt = batch.ExpiresAt is { } e ? DateTimeOffset.FromUnixTimeSeconds(e) : null,
        InputFileId = batch.InputFileId,
        OutputFileId = batch.OutputFileId,
        ErrorFileId = batch.ErrorFileId,
    };

    public override string ToString() => $"{BatchId} {Status} {Completed + Failed}/{Total}";
}
