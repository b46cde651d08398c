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

    /// <summary>
    /// Whether a cancelled or expired batch writes an error line (batch_cancelled / batch_expired) for each request it
    /// never ran. Off by default: a provider need not, so clients must name those inputs from the batch's status alone.
    /// </summary>
    public bool WritesUnrunLines { get; set; }

    /// <summary>
    /// Uploads must be multipart as RFC 7578 writes it (quoted names, no filename*), as strict parsers demand. On by
    /// default; off only to let a client that writes .NET's default form (the official OpenAI .NET SDK does) upload,
    /// as OpenAI's own lenient server lets it.
    /// </summary>
    public bool StrictMultipart { get; set; } = true;

    /// <summary>The only completion window (OpenAI: 24h).</summary>
    public TimeSpan CompletionWindow { get; init; } = TimeSpan.FromHours(24);
}
