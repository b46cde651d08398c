namespace VisionPS.Core.History;

/// <summary>One row of the journal as written: a request sent (or answered from the cache) and its outcome.</summary>
internal sealed record JournalEntry
{
    public required DateTimeOffset Time { get; init; }

    public required string Run { get; init; }

    public string? Command { get; init; }

    public string? Profile { get; init; }

    public string? BaseUrl { get; init; }

    public string? Model { get; init; }

    /// <summary>Each image's source and the SHA-256 of its bytes as sent (of the URL for a URL image).</summary>
    public IReadOnlyList<JournalImage> Images { get; init; } = [];

    /// <summary>Null with -Private (then only <see cref="PromptHash"/>).</summary>
    public string? Prompt { get; init; }

    public string? PromptHash { get; init; }

    public string? SystemPrompt { get; init; }

    public string? SystemPromptHash { get; init; }

    public string? SchemaName { get; init; }

    public int? PromptTokens { get; init; }

    public int? CompletionTokens { get; init; }

    public int? TotalTokens { get; init; }

    public decimal? Cost { get; init; }

    public string? Currency { get; init; }

    public TimeSpan? Duration { get; init; }

    public TimeSpan? TimeToFirstToken { get; init; }

    public string? RequestId { get; init; }

    public string? FinishReason { get; init; }

    public string? ErrorId { get; init; }

    public bool FromCache { get; init; }

    public string? CacheKey { get; init; }
}

/// <summary>An image of a journal row: where it came from and the hash of what was sent.</summary>
internal sealed record JournalImage(string Source, string Sha256);
