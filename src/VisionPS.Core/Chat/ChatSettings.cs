using VisionPS.Core.Resilience.Retries;

namespace VisionPS.Core.Chat;

/// <summary>
/// Everything about a run's requests except the prompt, images and history: what a chat cmdlet's parameters say
/// (the pipeline's input, where <see cref="Model"/> may still be open) and, once <see cref="ChatPipeline.SettingsFor"/>
/// has resolved model and structured output, what one request is built from. The one options type of the chat path.
/// </summary>
public sealed record ChatSettings
{
    public required Uri BaseUrl { get; init; }

    /// <summary>-Model; in the pipeline's input null lets the conversation's model, the profile's, then $env:VISIONPS_MODEL decide.</summary>
    public string? Model { get; init; }

    /// <summary>The model of a conversation given up front (-Conversation), used when -Model is not; per-request history may name another.</summary>
    public string? ConversationModel { get; init; }

    public string? SystemPrompt { get; init; }

    public int? MaxTokens { get; init; }

    public double? Temperature { get; init; }

    public bool Stream { get; init; } = true;

    /// <summary>Ask for the usage chunk at the end of a stream; some servers reject stream_options.</summary>
    public bool IncludeUsage { get; init; } = true;

    /// <summary>Images go before the text by default (InternVL's advice, harmless elsewhere).</summary>
    public bool TextFirst { get; init; }

    public TokenLimitField TokenLimitField { get; init; } = TokenLimitField.Auto;

    /// <summary>-Schema: answers must be JSON following it (turned into <see cref="Output"/> per model).</summary>
    public Structured.OutputSchema? Schema { get; init; }

    /// <summary>-AsJson: answers must be a JSON object (json_object).</summary>
    public bool AsJson { get; init; }

    /// <summary>-NoJsonSchema: the server lacks json_schema; send json_object with the schema in the prompt.</summary>
    public bool NoJsonSchema { get; init; }

    /// <summary>-Schema / -AsJson as the request carries them: the response_format and any instruction the prompt needs; null for plain text.</summary>
    public Structured.StructuredOutput? Output { get; init; }

    /// <summary>
    /// What the server accepts (the provider profile's quirks, effective): the builder reads the token field,
    /// stream_options, detail and the image count from it, so the request is built as it is sent.
    /// </summary>
    public Providers.ProviderQuirks Quirks { get; init; } = Providers.ProviderQuirks.Strict;

    /// <summary>Where the model's image-token rule, context length and price come from; null = the built-in catalog.</summary>
    public Models.ModelCatalog? Catalog { get; init; }

    /// <summary>-MaxCost; null = no limit.</summary>
    public decimal? MaxCost { get; init; }

    public RetryOptions Retry { get; init; } = new();

    public int? RequestsPerMinute { get; init; }

    public int? TokensPerMinute { get; init; }

    /// <summary>-Cache, -Refresh, -NoJournal, -Private: what the run does with the journal and the answer cache.</summary>
    public History.HistoryOptions History { get; init; } = new();

    /// <summary>Reads environment variables (Environment.GetEnvironmentVariable, or a fake in tests).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>The model of a resolved request (see <see cref="ChatPipeline.SettingsFor"/>).</summary>
    internal string RequestModel => Model ?? throw new InvalidOperationException("The settings name no model yet; resolve them with ChatPipeline.SettingsFor.");
}
