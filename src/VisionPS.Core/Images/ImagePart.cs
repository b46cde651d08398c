using VisionPS.Core.Images.Preparation;
using VisionPS.Imaging;
using VisionPS.Core.Protocol;

namespace VisionPS;

/// <summary>
/// One image ready to be sent: its source, what it is (from its bytes, never its name), and the detail level.
/// Emitted by ConvertTo-ImagePart and accepted by Invoke-VisionChat.
/// </summary>
public sealed class ImagePart
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly string? _url;

    internal ImagePart(string source, ImageSourceKind kind, ReadOnlyMemory<byte> data, string? mimeType, int? width, int? height, string? detail, string? url = null)
    {
        Source = source;
        Kind = kind;
        _data = data;
        MimeType = mimeType;
        Width = width;
        Height = height;
        Detail = detail;
        _url = url;
    }

    /// <summary>The full path, the URL, or a short description of in-memory data.</summary>
    public string Source { get; }

    public ImageSourceKind Kind { get; }

    /// <summary>image/jpeg, image/png, image/webp or image/gif, from the content; null for URLs (not downloaded).</summary>
    public string? MimeType { get; }

    /// <summary>Width in pixels of the image as sent, upright (EXIF orientation applied); null for URLs.</summary>
    public int? Width { get; }

    /// <summary>Height in pixels of the image as sent, upright; null for URLs.</summary>
    public int? Height { get; }

    /// <summary>Bytes of image data sent inline; null for URLs.</summary>
    public long? ByteLength => Kind == ImageSourceKind.Url ? null : _data.Length;

    /// <summary>Length of the base64 text sent in the data URL (what byte budgets count); null for URLs.</summary>
    public long? EncodedLength => Kind == ImageSourceKind.Url ? null : ImagePreparationOptions.EncodedLength(_data.Length);

    /// <summary>The given image's width, upright (EXIF orientation applied; for a TIFF sent with -Page, that page's); null for URLs.</summary>
    public int? OriginalWidth { get; private init; }

    /// <summary>The given image's height, upright; null for URLs.</summary>
    public int? OriginalHeight { get; private init; }

    /// <summary>The given image's size in bytes; null for URLs.</summary>
    public long? OriginalByteLength { get; private init; }

    /// <summary>The given image's MIME type (image/bmp when a BMP was converted); null for URLs.</summary>
    public string? OriginalMimeType { get; private init; }

    /// <summary>What VisionPS did to the image before sending it.</summary>
    public ImageChanges Changes { get; private init; }

    /// <summary>The JPEG quality VisionPS encoded with; null when it did not encode a JPEG.</summary>
    public int? Quality { get; private init; }

    /// <summary>Things worth knowing about how the image was prepared (also written as warnings by the cmdlets).</summary>
    public IReadOnlyList<string> Warnings { get; private init; } = [];

    /// <summary>
    /// For a tile of a split document (-Tile): the text part sent right before the image, naming its place in the whole
    /// ("receipt.png, part 2 of 5 (overlapping), rows 1,801-3,700 of 8,000"); null for a whole image.
    /// </summary>
    public string? Label { get; private init; }

    /// <summary>auto, low, high or newer; null means not sent (the provider's default).</summary>
    public string? Detail { get; }

    /// <summary>The image's bytes (empty for URLs).</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>A copy with another detail level.</summary>
    public ImagePart WithDetail(string? detail) => new(Source, Kind, _data, MimeType, Width, Height, detail, _url)
    {
        OriginalWidth = OriginalWidth,
        OriginalHeight = OriginalHeight,
        OriginalByteLength = OriginalByteLength,
        OriginalMimeType = OriginalMimeType,
        Changes = Changes,
        Quality = Quality,
        Warnings = Warnings,
        Label = Label,
    };

    /// <summary>A part holding <paramref name="prepared"/>, remembering the original it came from.</summary>
    internal static ImagePart FromPrepared(string source, ImageSourceKind kind, ImageInfo original, long originalLength, PreparedImage prepared, string? detail) =>
        new(source, kind, prepared.Data, prepared.Format.GetMimeType(), prepared.Width, prepared.Height, detail)
        {
            OriginalWidth = prepared.SourceSize?.Width ?? original.DisplayWidth,
            OriginalHeight = prepared.SourceSize?.Height ?? original.DisplayHeight,
            OriginalByteLength = originalLength,
            OriginalMimeType = original.MimeType,
            Changes = prepared.Changes,
            Quality = prepared.Quality,
            Warnings = prepared.Warnings,
            Label = prepared.Label,
        };

    /// <summary>What goes into <c>image_url.url</c>: the http(s) URL, or a base64 data URL.</summary>
    public string ToUrl() => _url ?? $"data:{MimeType};base64,{Convert.ToBase64String(_data.Span)}";

    public ContentPart ToContentPart() => ContentPart.FromImage(ToUrl(), Detail);

    public override string ToString() => Source;
}
