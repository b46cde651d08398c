namespace VisionPS;

/// <summary>One part of a conversation message: text, or an image as it was sent.</summary>
public sealed class ConversationPart
{
    public const string TextType = "text";
    public const string ImageType = "image";
    public const string VideoType = "video";

    /// <summary>"text", "image" or "video" (a whole video sent as video_url).</summary>
    public required string Type { get; init; }

    public string? Text { get; init; }

    public SentImage? Image { get; init; }

    /// <summary>A video sent whole (video_url): its URL or data URL, its source and frame size; null for other parts.</summary>
    public SentImage? Video { get; init; }

    public override string ToString() => Image?.ToString() ?? Video?.ToString() ?? Text ?? string.Empty;
}
