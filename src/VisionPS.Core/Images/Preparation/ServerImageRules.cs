using VisionPS.Core.Providers;
using VisionPS.Imaging;

namespace VisionPS.Core.Images.Preparation;

/// <summary>
/// What the server does with images, as facts preparation reads while it makes each image ready (from the provider
/// profile's <see cref="ProviderQuirks"/>): the formats it refuses, whether <c>detail</c> means anything to it, and
/// whether it fetches http(s) URLs itself. So the part that comes out is the part that is sent, and the request
/// body, -RequestBodyOnly, -WhatIf and the estimate need no rewrite afterwards.
/// </summary>
public sealed record ServerImageRules
{
    /// <summary>OpenAI's behaviour: every sendable format, detail honoured, URLs fetched by the server.</summary>
    public static ServerImageRules Any { get; } = new();

    /// <summary>Formats the server refuses: such images are re-encoded like -ConvertWebP does (JPEG for a lossy photo, else PNG), within the byte budget.</summary>
    public IReadOnlySet<ImageFormat> RefusedFormats { get; init; } = new HashSet<ImageFormat>();

    /// <summary>False when the server ignores image_url.detail: it is not sent, and images are sized as for no detail.</summary>
    public bool DetailMatters { get; init; } = true;

    /// <summary>
    /// Downloads http(s) images for a server that cannot fetch URLs; each is then prepared like a file (upright,
    /// resized for the model, metadata stripped, within the budget). Null: URLs are sent as they are.
    /// </summary>
    public RemoteImageFetcher? UrlFetcher { get; init; }

    /// <summary>The rules <paramref name="quirks"/> state; <paramref name="fetcher"/> is used only when the server takes no URLs.</summary>
    public static ServerImageRules From(ProviderQuirks quirks, RemoteImageFetcher? fetcher)
    {
        ArgumentNullException.ThrowIfNull(quirks);
        ProviderQuirks q = quirks.Effective();
        return new ServerImageRules
        {
            RefusedFormats = Enum.GetValues<ImageFormat>().Where(f => f != ImageFormat.Unknown && q.Refuses(f.GetMimeType())).ToHashSet(),
            DetailMatters = q.DetailMatters != false,
            UrlFetcher = q.AcceptsImageUrls == false ? fetcher : null,
        };
    }

    public bool Refuses(ImageFormat format) => RefusedFormats.Contains(format);

    /// <summary>The detail to send and size for: none where the server ignores it.</summary>
    public string? DetailFor(string? detail) => DetailMatters ? detail : null;
}
