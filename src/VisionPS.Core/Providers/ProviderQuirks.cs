using VisionPS.Core.Chat;

namespace VisionPS.Core.Providers;

/// <summary>
/// What a server accepts, as data that preparation (<see cref="Images.Preparation.ServerImageRules"/>) and the request
/// builder (<see cref="Chat.ChatSettings.Quirks"/>) read while they work; no finished body is rewritten. Each field is nullable so a profile can override some and inherit the rest
/// from its kind (<see cref="Over"/>); <see cref="Effective"/> fills what nobody said with OpenAI's behaviour.
/// </summary>
public sealed record ProviderQuirks
{
    /// <summary>The server fetches http(s) image URLs itself; when false, VisionPS downloads them and prepares them like files.</summary>
    public bool? AcceptsImageUrls { get; init; }

    /// <summary>MIME types the server refuses (e.g. image/webp for llama.cpp); such images are re-encoded as -ConvertWebP does (JPEG for a lossy photo, else PNG), within the byte budget.</summary>
    public IReadOnlyList<string>? RefusedImageTypes { get; init; }

    /// <summary>Whether image_url.detail changes anything; when false it is not sent, and images are sized as without it.</summary>
    public bool? DetailMatters { get; init; }

    /// <summary>Which field carries the output limit; Auto leaves the request's choice alone.</summary>
    public TokenLimitField? TokenLimitField { get; init; }

    /// <summary>Whether stream_options.include_usage is accepted.</summary>
    public bool? StreamUsage { get; init; }

    /// <summary>Whether response_format json_schema is accepted; when false, -Schema goes as json_object with the schema in the prompt.</summary>
    public bool? JsonSchema { get; init; }

    /// <summary>The most images one request may carry; null = no known limit.</summary>
    public int? MaxImagesPerRequest { get; init; }

    /// <summary>
    /// The video part the server takes for a model the catalog says understands video (<c>video: true</c>):
    /// DashScope a list of frame images, vLLM <c>video_url</c>, local servers none (frames go as images). A saved
    /// profile's true/false reads as FrameList/None (<see cref="VideoShapeJsonConverter"/>).
    /// </summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(VideoShapeJsonConverter))]
    public VideoShape? VideoParts { get; init; }

    /// <summary>The most video parts one request may carry (vLLM: --limit-mm-per-prompt's "video"); null = no known limit.</summary>
    public int? MaxVideosPerRequest { get; init; }

    /// <summary>OpenAI's behaviour: what is assumed of a server nobody described.</summary>
    public static ProviderQuirks Strict { get; } = new()
    {
        AcceptsImageUrls = true,
        RefusedImageTypes = [],
        DetailMatters = true,
        TokenLimitField = Chat.TokenLimitField.Auto,
        StreamUsage = true,
        JsonSchema = true,
        VideoParts = VideoShape.FrameList,
    };

    /// <summary>These quirks with every field <paramref name="overrides"/> sets replacing ours.</summary>
    public ProviderQuirks Over(ProviderQuirks? overrides) => overrides is null ? this : new ProviderQuirks
    {
        AcceptsImageUrls = overrides.AcceptsImageUrls ?? AcceptsImageUrls,
        RefusedImageTypes = overrides.RefusedImageTypes ?? RefusedImageTypes,
        DetailMatters = overrides.DetailMatters ?? DetailMatters,
        TokenLimitField = overrides.TokenLimitField ?? TokenLimitField,
        StreamUsage = overrides.StreamUsage ?? StreamUsage,
        JsonSchema = overrides.JsonSchema ?? JsonSchema,
        MaxImagesPerRequest = overrides.MaxImagesPerRequest ?? MaxImagesPerRequest,
        VideoParts = overrides.VideoParts ?? VideoParts,
        MaxVideosPerRequest = overrides.MaxVideosPerRequest ?? MaxVideosPerRequest,
    };

    /// <summary>Every field set: <see cref="Strict"/> under these.</summary>
    public ProviderQuirks Effective() => Strict.Over(this);

    public bool Refuses(string mimeType) => RefusedImageTypes?.Contains(mimeType, StringComparer.OrdinalIgnoreCase) == true;

    public override string ToString()
    {
        ProviderQuirks q = Effective();
        var parts = new List<string>();
        if (q.AcceptsImageUrls == false) parts.Add("no image URLs");
        if (q.RefusedImageTypes is { Count: > 0 } refused) parts.Add("refuses " + string.Join("/", refused));
        if (q.DetailMatters == false) parts.Add("ignores detail");
        if (q.TokenLimitField is { } f && f != Chat.TokenLimitField.Auto) parts.Add(f == Chat.TokenLimitField.MaxTokens ? "max_tokens" : "max_completion_tokens");
        if (q.StreamUsage == false) parts.Add("no stream_options");
        if (q.JsonSchema == false) parts.Add("no json_schema");
        if (q.MaxImagesPerRequest is { } n) parts.Add($"{n} images/request");
        if (q.VideoParts == VideoShape.None) parts.Add("no video parts");
        if (q.VideoParts == VideoShape.VideoUrl) parts.Add("video_url");
        if (q.MaxVideosPerRequest is { } v) parts.Add($"{v} videos/request");
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}
