namespace VisionPS.TestServer.Batches;

/// <summary>How the /v1/files and /v1/batches endpoints behave: limits, and how long each state lasts on the clock.</summary>
public sealed class BatchServerOptions
{
    /// <summary>The base clock; null = the system clock. Tests pass a frozen FakeTimeProvider and advance it.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Most request lines per input file (OpenAI: 50,000).</summary>
    public int MaxLines { get; init; } = 50_000;

    /// <summary>Largest input file (OpenAI: 200 MB).</summary>
    public long MaxFileBytes { get; init; } = 200L * 1024 * 1024;

    public TimeSpan Validating { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time to run every line; lines finish evenly over it, so counts grow as the clock moves.</summary>
    public TimeSpan Processing { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan Finalizing { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Cancelling { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The only completion window (OpenAI: 24h).</summary>
    public TimeSpan CompletionWindow { get; init; } = TimeSpan.FromHours(24);
}
