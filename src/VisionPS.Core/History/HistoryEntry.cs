namespace VisionPS;

/// <summary>
/// One request from the run journal (Get-VisionHistory): when, where, what was asked, what it used and cost, and how it
/// ended. Flat properties, so it pipes into Export-Csv; <see cref="Images"/> and <see cref="ImageHashes"/> join with "; ".
/// </summary>
public sealed class HistoryEntry
{
    public long Id { get; init; }

    /// <summary>When the request finished, in local time.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>The run (one cmdlet invocation) the request belongs to.</summary>
    public string Run { get; init; } = string.Empty;

    public string? Command { get; init; }

    public string? Profile { get; init; }

    public string? BaseUrl { get; init; }

    public string? Model { get; init; }

    /// <summary>The images' sources (paths, URLs), joined with "; ".</summary>
    public string Images { get; init; } = string.Empty;

    public int ImageCount { get; init; }

    /// <summary>SHA-256 of each image as sent, in the order of <see cref="Images"/>, joined with "; ".</summary>
    public string ImageHashes { get; init; } = string.Empty;

    /// <summary>Null when the run was -Private (then only <see cref="PromptHash"/> is kept).</summary>
    public string? Prompt { get; init; }

    public string? PromptHash { get; init; }

    public string? SystemPrompt { get; init; }

    public string? SystemPromptHash { get; init; }

    public string? SchemaName { get; init; }

    public int? PromptTokens { get; init; }

    public int? CompletionTokens { get; init; }

    public int? TotalTokens { get; init; }

    /// <summary>What this request cost: 0 when it came from the cache, null when the catalog has no price.</summary>
    public decimal? Cost { get; init; }

    public string? Currency { get; init; }

    public TimeSpan? Duration { get; init; }

    public TimeSpan? TimeToFirstToken { get; init; }

    public string? RequestId { get; init; }

    public string? FinishReason { get; init; }

    /// <summary>The error id when the request failed; null when it was answered.</summary>
    public string? ErrorId { get; init; }

    /// <summary>True when the answer came from the cache (nothing was sent; the tokens are the original request's).</summary>
    public bool FromCache { get; init; }
}
