namespace VisionPS.Core.Chat;

/// <summary>Everything about a request except the prompt, images and history.</summary>
public sealed class ChatSettings
{
    public required Uri BaseUrl { get; init; }

    public required string Model { get; init; }

    public string? SystemPrompt { get; init; }

    public int? MaxTokens { get; init; }

    public double? Temperature { get; init; }

    public bool Stream { get; init; } = true;

    /// <summary>Ask for the usage chunk at the end of a stream; some servers reject stream_options.</summary>
    public bool IncludeUsage { get; init; } = true;

    /// <summary>Images go before the text by default (InternVL's advice, harmless elsewhere).</summary>
    public bool TextFirst { get; init; }

    public TokenLimitField TokenLimitField { get; init; } = TokenLimitField.Auto;

    /// <summary>-Schema / -AsJson: the response_format and any instruction the prompt needs; null for plain text.</summary>
    public Structured.StructuredOutput? Output { get; init; }

    /// <summary>
    /// What the server accepts (the provider profile's quirks, effective): the builder reads the token field,
    /// stream_options, detail and the image count from it, so the request is built as it is sent.
    /// </summary>
    public Providers.ProviderQuirks Quirks { get; init; } = Providers.ProviderQuirks.Strict;

    /// <summary>Where the model's image-token rule, context length and price come from; null = the built-in catalog.</summary>
    public Models.ModelCatalog? Catalog { get; init; }
}
