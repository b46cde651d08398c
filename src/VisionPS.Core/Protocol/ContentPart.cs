using System.Text.Json.Serialization;

namespace VisionPS.Core.Protocol;

/// <summary>
/// A part of a user message: <c>{"type":"text","text":…}</c>, <c>{"type":"image_url","image_url":{…}}</c>, or a video as
/// the list of its frame images, <c>{"type":"video","video":["data:image/jpeg;base64,…",…]}</c> (DashScope's Qwen-VL), or
/// a whole video file, <c>{"type":"video_url","video_url":{"url":"data:video/mp4;base64,…" or an http(s) URL}}</c> (vLLM).
/// </summary>
public sealed class ContentPart
{
    public const string TextType = "text";
    public const string ImageUrlType = "image_url";
    public const string VideoType = "video";
    public const string VideoUrlType = "video_url";

    [JsonConstructor]
    public ContentPart(string type, string? text, ImageUrl? imageUrl, IReadOnlyList<string>? video = null, VideoUrl? videoUrl = null)
    {
        VideoUrl = videoUrl;
        Type = type;
        Text = text;
        ImageUrl = imageUrl;
        Video = video;
    }

    [JsonPropertyName("type")]
    public string Type { get; }

    [JsonPropertyName("text")]
    public string? Text { get; }

    [JsonPropertyName("image_url")]
    public ImageUrl? ImageUrl { get; }

    /// <summary>The frame images of a video part, in order; null for other parts.</summary>
    [JsonPropertyName("video")]
    public IReadOnlyList<string>? Video { get; }

    /// <summary>The whole video of a video_url part; null for other parts.</summary>
    [JsonPropertyName("video_url")]
    public VideoUrl? VideoUrl { get; }

    public static ContentPart FromText(string text) => new(TextType, text ?? throw new ArgumentNullException(nameof(text)), null);

    public static ContentPart FromImage(string url, string? detail) => new(ImageUrlType, null, new ImageUrl(url, detail));

    public static ContentPart FromVideoFrames(IReadOnlyList<string> frameUrls) => new(VideoType, null, null, frameUrls ?? throw new ArgumentNullException(nameof(frameUrls)));

    public static ContentPart FromVideoUrl(string url) => new(VideoUrlType, null, null, null, new VideoUrl(url ?? throw new ArgumentNullException(nameof(url))));
}
