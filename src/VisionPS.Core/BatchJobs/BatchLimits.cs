namespace VisionPS.Core.BatchJobs;

/// <summary>How a job is split into batches: the provider's limits per input file, and the model's enqueued-token limit when known.</summary>
public sealed record BatchLimits
{
    /// <summary>OpenAI's (and Azure's) limit of requests per input file.</summary>
    public const int DefaultMaxRequests = 50_000;

    /// <summary>OpenAI's limit of bytes per input file (200 MB).</summary>
    public const long DefaultMaxBytes = 200L * 1024 * 1024;

    public int MaxRequests { get; init; } = DefaultMaxRequests;

    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>Most estimated prompt tokens one batch may hold (the model's enqueued-token limit); null = no limit known.</summary>
    public long? MaxEnqueuedTokens { get; init; }
}
