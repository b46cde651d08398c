using VisionPS.TestServer.Batches;

namespace VisionPS.TestServer;

// The Batch API side of the server (/v1/files, /v1/batches, and Azure classic's /openai/files, /openai/batches); see Batches/.
public sealed partial class VisionTestServer
{
    /// <summary>The clock batches run on; <see cref="ServerClock.Advance"/> moves them on.</summary>
    public ServerClock BatchClock => _batches.Clock;

    /// <summary>Every completed upload, in order (what arrived, for "nothing was sent twice").</summary>
    public IReadOnlyList<UploadRecord> Uploads => _batches.Uploads;

    /// <summary>Every Nth line of later-run batches answers 500 in the error file; 0 = none.</summary>
    public int FailEveryNthBatchLine
    {
        get => _batches.FailEveryNthLine;
        set => _batches.FailEveryNthLine = value;
    }

    /// <summary>Queues a stall (FIFO) at <paramref name="point"/>.</summary>
    public void EnqueueBatchStall(BatchStallPoint point) => _batches.EnqueueStall(point);

    /// <summary>Completes when the next queued stall is reached; take it before starting the work that reaches it.</summary>
    public Task BatchStallReached => _batches.StallReached;

    private static BatchState MapBatchApi(Microsoft.AspNetCore.Builder.WebApplication app, TestServerOptions options, ServerState state)
    {
        var batches = new BatchState(options.Batch, state);
        foreach (BatchApiShape shape in new[] { BatchApiShape.OpenAI, BatchApiShape.AzureClassic })
        {
            new FilesEndpoint(batches, shape).Map(app);
            new BatchesEndpoint(batches, shape).Map(app);
        }

        new BatchAdminEndpoints(batches).Map(app);
        return batches;
    }
}
