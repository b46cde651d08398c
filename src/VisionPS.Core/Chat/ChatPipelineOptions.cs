using VisionPS.Core.Resilience.Retries;

namespace VisionPS.Core.Chat;

/// <summary>What every chat cmdlet's parameters say about its requests (everything but prompts, images and history).</summary>
public sealed record ChatPipelineOptions
{
    /// <summary>-Model; null lets the conversation's model, then $env:VISIONPS_MODEL, decide.</summary>
    public string? Model { get; init; }

    /// <summary>The model of a conversation given up front (-Conversation), used when -Model is not; per-request history may name another.</summary>
    public string? ConversationModel { get; init; }

    public string? SystemPrompt { get; init; }

    public int? MaxTokens { get; init; }

    public double? Temperature { get; init; }

    public bool Stream { get; init; } = true;

    public bool IncludeUsage { get; init; } = true;

    public bool TextFirst { get; init; }

    public TokenLimitField TokenLimitField { get; init; } = TokenLimitField.Auto;

    /// <summary>-Schema: answers must be JSON following it.</summary>
    public Structured.OutputSchema? Schema { get; init; }

    /// <summary>-AsJson: answers must be a JSON object (json_object).</summary>
    public bool AsJson { get; init; }

    /// <summary>-NoJsonSchema: the server lacks json_schema; send json_object with the schema in the prompt.</summary>
    public bool NoJsonSchema { get; init; }

    /// <summary>-MaxCost; null = no limit.</summary>
    public decimal? MaxCost { get; init; }

    public RetryOptions Retry { get; init; } = new();

    public int? RequestsPerMinute { get; init; }

    public int? TokensPerMinute { get; init; }

    /// <summary>-Cache, -Refresh, -NoJournal, -Private: what the run does with the journal and the answer cache.</summary>
    public History.HistoryOptions History { get; init; } = new();

    /// <summary>Reads environment variables (Environment.GetEnvironmentVariable, or a fake in tests).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}
