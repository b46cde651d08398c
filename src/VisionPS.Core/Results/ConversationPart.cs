namespace VisionPS;

/// <summary>One part of a conversation message: text, or an image as it was sent.</summary>
public sealed class ConversationPart
{
    public const string TextType = "text";
    public const string ImageType = "image";

    /// <summary>"text" or "image".</summary>
    public required string Type { get; init; }

    public string? Text { get; init; }

    public SentImage? Image { get; init; }

    public override string ToString() => Image?.ToString() ?? Text ?? string.Empty;
}
