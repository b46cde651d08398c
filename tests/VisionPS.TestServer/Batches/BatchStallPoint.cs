namespace VisionPS.TestServer.Batches;

/// <summary>Where a queued stall holds a request forever, so a test can kill the client right there.</summary>
public enum BatchStallPoint
{
    /// <summary>The upload's body is read, then nothing: no file is stored and no answer is sent.</summary>
    Upload,

    /// <summary>The batch is created, then nothing: it exists on the server but the client never hears its id.</summary>
    Create,

    /// <summary>Half of a file's content is sent, then nothing.</summary>
    Content,
}
