using VisionPS.Core.BatchJobs;

namespace VisionPS;

/// <summary>What Submit-VisionBatch wrote: the job folder (pipe it to Get-, Receive- or Stop-VisionBatch) and its batches.</summary>
public sealed class VisionBatchJob
{
    /// <summary>The folder holding job.json; pipe this object (or pass -JobPath) to the other batch cmdlets.</summary>
    public required string JobPath { get; init; }

    public required string JobId { get; init; }

    public required string Model { get; init; }

    /// <summary>Requests in the job, over all runs.</summary>
    public int Requests { get; init; }

    /// <summary>Inputs this run skipped because an earlier run had already submitted them.</summary>
    public int Skipped { get; init; }

    public required IReadOnlyList<string> BatchIds { get; init; }

    /// <summary>Batches written but held back by the model's enqueued-token limit: run the same command again later to send them.</summary>
    public int Waiting { get; init; }

    /// <summary>Size in bytes of job.json (the local record of the job).</summary>
    public long JobFileBytes { get; init; }

    public static VisionBatchJob From(BatchJobStore store, int skipped) => new()
    {
        JobPath = store.Folder,
        JobId = store.State.JobId,
        Model = store.State.Model,
        Requests = store.State.Sources.Count,
        Skipped = skipped,
        BatchIds = store.State.Parts.Where(p => p.BatchId is not null).Select(p => p.BatchId!).ToArray(),
        Waiting = store.State.Parts.Count(p => p.Stage == BatchPartStage.Written),
        JobFileBytes = new FileInfo(store.JobFile).Length,
    };
}
