namespace VisionPS;

/// <summary>
/// An image as it was sent in a conversation: the URL (http(s) or the data URL, as sent), where it came from, its size
/// and detail. Continuing a conversation reuses it as it is: no second preparation, no decoding to size it.
/// </summary>
public sealed class SentImage
{
    /// <summary>What went into image_url.url: the http(s) URL, or the base64 data URL.</summary>
    public required string Url { get; init; }

    /// <summary>The path, URL or description it came from.</summary>
    public required string Source { get; init; }

    /// <summary>Width as sent; null for URLs.</summary>
    public int? Width { get; init; }

    /// <summary>Height as sent; null for URLs.</summary>
    public int? Height { get; init; }

    public string? Detail { get; init; }

    public override string ToString() => Width is { } w ? $"{Source} ({w}x{Height})" : Source;
}
