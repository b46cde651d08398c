using System.Text.Json.Serialization;

namespace VisionPS.Core.Protocol;

/// <summary>A part of a user message: <c>{"type":"text","text":…}</c> or <c>{"type":"image_url","image_url":{…}}</c>.</summary>
public sealed class ContentPart
{
    public const string TextType = "text";
    public const string ImageUrlType = "image_url";

    [JsonConstructor]
    public ContentPart(string type, string? text, ImageUrl? imageUrl)
    {
        Type = type;
        Text = text;
        ImageUrl = imageUrl;
    }

    [JsonPropertyName("type")]
    public string Type { get; }

    [JsonPropertyName("text")]
    public string? Text { get; }

    [JsonPropertyName("image_url")]
    public ImageUrl? ImageUrl { get; }

    public static ContentPart FromText(string text) => new(TextType, text ?? throw new ArgumentNullException(nameof(text)), null);

    public static ContentPart FromImage(string url, string? detail) => new(ImageUrlType, null, new ImageUrl(url, detail));
}
