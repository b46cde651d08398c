using System.Text.Json.Serialization;

namespace VisionPS.Core.Protocol;

/// <summary>The <c>video_url</c> object of a video part: <c>{"url": "data:video/mp4;base64,…"}</c> or an http(s) URL.</summary>
public sealed class VideoUrl
{
    [JsonConstructor]
    public VideoUrl(string url)
    {
        Url = url;
    }

    [JsonPropertyName("url")]
    public string Url { get; }

    public override string ToString() => Url.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
        ? $"{Url[..Math.Max(0, Url.IndexOf(',', StringComparison.Ordinal))]},… ({Url.Length:N0} characters)"
        : Url;
}
