namespace VisionPS;

/// <summary>
/// What a request should cost before it is sent: an estimate, labelled as one. The provider's reported usage
/// (<see cref="ChatResult.Usage"/>) is the truth.
/// </summary>
public sealed class CallEstimate
{
    /// <summary>Always "estimate", so a table or a CSV never passes it off as usage.</summary>
    public string Kind => "estimate";

    public required string Model { get; init; }

    /// <summary>Every image in the request (history included), in order.</summary>
    public required IReadOnlyList<ImageEstimate> Images { get; init; }

    /// <summary>Sum of the image estimates; null when one of them is unknown.</summary>
    public int? ImageTokens => Images.Any(i => i.Tokens is null) ? null : Images.Sum(i => i.Tokens!.Value);

    /// <summary>Text and message overhead: 3 per request + 3 per message + ceil(UTF-8 bytes / 4) of text (a rough rule, not a tokenizer).</summary>
    public required int TextTokens { get; init; }

    /// <summary>Estimated prompt tokens; null when an image's tokens are unknown.</summary>
    public int? PromptTokens => ImageTokens is { } images ? images + TextTokens : null;

    /// <summary>The model's context length from the catalog; null when unknown.</summary>
    public int? ContextLength { get; init; }

    /// <summary>Estimated cost of the prompt alone (the answer's length is not known before sending); null without a price.</summary>
    public Cost? PromptCost { get; init; }

    /// <summary>True when the model's image-token rule is unknown and the stated fallback was used.</summary>
    public bool IsFallback => Images.Any(i => i.IsFallback);

    public override string ToString() => PromptTokens is { } p ? $"~{p} prompt tokens (estimate)" : "prompt tokens unknown (estimate)";
}
