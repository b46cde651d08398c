namespace VisionPS;

/// <summary>
/// Get-VisionHistory -Cost: requests, tokens and cost of one group (a day, a model, a profile or a run). Tokens and
/// cost count only requests that were sent; answers from the cache are counted apart.
/// </summary>
public sealed class HistoryCostGroup
{
    /// <summary>Day, Model, Profile or Run.</summary>
    public string GroupBy { get; init; } = string.Empty;

    /// <summary>The day (yyyy-MM-dd, local), model, profile or run id.</summary>
    public string? Name { get; init; }

    /// <summary>Requests sent (answered or failed).</summary>
    public int Requests { get; init; }

    public int Failed { get; init; }

    /// <summary>Requests answered from the cache: nothing sent, nothing paid.</summary>
    public int FromCache { get; init; }

    public long PromptTokens { get; init; }

    public long CompletionTokens { get; init; }

    public decimal? Cost { get; init; }

    public string? Currency { get; init; }

    public DateTimeOffset First { get; init; }

    public DateTimeOffset Last { get; init; }
}
