using System.Text.Json.Serialization;

namespace VisionPS.Core.Protocol;

/// <summary>The <c>image_url</c> object: an http(s) URL or a <c>data:</c> URL, and an optional detail level.</summary>
public sealed class ImageUrl
{
    [JsonConstructor]
    public ImageUrl(string url, string? detail)
    {
        Url = url;
        Detail = detail;
    }

    [JsonPropertyName("url")]
    public string Url { get; }

    /// <summary>auto, low, high or a newer value; omitted from the JSON when null (the server's default, auto).</summary>
    [JsonPropertyName("detail")]
    public string? Detail { get; }

    // Data URLs are megabytes long; never print one whole.
    public override string ToString() => Url.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
        ? Url[..Math.Min(Url.Length, Url.IndexOf(',') + 1)] + "…"
        : Url;
}
