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

    /// <summary>image/jpeg, image/png, image/webp or image/gif, from the content; null for URLs sent as URLs (not downloaded).</summary>
    public string? MimeType { get; }

    /// <summary>Width in pixels of the image as sent, upright (EXIF orientation applied); null for URLs.</summary>
    public int? Width { get; }

    /// <summary>Height in pixels of the image as sent, upright; null for URLs.</summary>
    public int? Height { get; }

    /// <summary>Bytes of image data sent inline; null for URLs and pages of text only.</summary>
    public long? ByteLength => IsLink || !HasImage ? null : _data.Length;

    /// <summary>Length of the base64 text sent in the data URL (what byte budgets count); null for URLs and pages of text only.</summary>
    public long? EncodedLength => IsLink || !HasImage ? null : ImagePreparationOptions.EncodedLength(_data.Length);

    /// <summary>
    /// False for a document page that has text and no image (a text PDF's page): it carries only <see cref="Label"/> and
    /// <see cref="Text"/>, sent as a text part with no image after it; its MIME type, sizes and bytes are empty.
    /// </summary>
    public bool HasImage { get; private init; } = true;

    /// <summary>True when the server gets the URL itself; false for inline data, a downloaded URL included.</summary>
    internal bool IsLink => _url is not null;

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

    /// <summary>The input this image is one of several from (a PDF, a video); null for an image given as itself.</summary>
    public string? Origin { get; private init; }

    /// <summary>page, frame or tile when the image is one of several from <see cref="Origin"/>; null otherwise.</summary>
    public string? OriginKind { get; private init; }

    /// <summary>Where in <see cref="Origin"/> it is: "page 3 of 12", "frame at 00:00:04.000"; sent as a text part before the image.</summary>
    public string? Label { get; private init; }

    /// <summary>Text that goes with the image (a PDF page's text layer), sent in the text part before it; null when none.</summary>
    public string? Text { get; private init; }

    /// <summary>A frame's timestamp in its video or animation; null otherwise.</summary>
    public TimeSpan? FrameTime { get; private init; }

    /// <summary>
    /// The whole video this frame came from (or, for an http(s) URL naming a video file, the URL): sent as one
    /// <c>video_url</c> part where the server and model take video natively; null for other images.
    /// </summary>
    public Core.Images.VideoClip? Video { get; private init; }

    /// <summary>auto, low, high or newer; null means not sent (the provider's default).</summary>
    public string? Detail { get; }

    /// <summary>The image's bytes (empty for URLs).</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>A copy with another detail level.</summary>
    public ImagePart WithDetail(string? detail) => !HasImage ? this : Copy(detail, Warnings, Origin, OriginKind, Label, Text, FrameTime);

    // Everything but the named values stays: bytes, sizes, the original's facts and how it was prepared.
    private ImagePart Copy(string? detail, IReadOnlyList<string> warnings, string? origin, string? originKind, string? label, string? text, TimeSpan? frameTime, Core.Images.VideoClip? video = null) =>
        new(Source, Kind, _data, MimeType, Width, Height, detail, _url)
        {
            OriginalWidth = OriginalWidth,
            OriginalHeight = OriginalHeight,
            OriginalByteLength = OriginalByteLength,
            OriginalMimeType = OriginalMimeType,
            Changes = Changes,
            Quality = Quality,
            Warnings = warnings,
            Origin = origin,
            OriginKind = originKind,
            Label = label,
            Text = text,
            FrameTime = frameTime,
            Video = video ?? Video,
            HasImage = HasImage,
        };

    /// <summary>
    /// What the text part before the image says: "scan.pdf, page 3 of 12:" and the page's text, or a tile's own label
    /// ("receipt.png, part 2 of 5 (overlapping), rows 1,801-3,700 of 8,000"); null for a plain image.
    /// </summary>
    public string? Caption => Label is null
        ? null
        : (OriginKind == TileKind ? Label : $"{System.IO.Path.GetFileName(Origin)}, {Label}:") + (Text is null ? string.Empty : "\n" + Text);

    /// <summary>The <see cref="OriginKind"/> of a tile of a tall or wide image (-Tile).</summary>
    public const string TileKind = "tile";

    /// <summary>This tile (its <see cref="Label"/> set by the preparer) as one of the tiles <paramref name="origin"/> became; <paramref name="text"/> goes with it.</summary>
    internal ImagePart AsTileOf(string origin, string? text = null, IReadOnlyList<string>? warnings = null) =>
        Copy(Detail, [.. warnings ?? [], .. Warnings], origin, TileKind, Label, text, FrameTime);

    /// <summary>This image as one of several that <paramref name="origin"/> became.</summary>
    internal ImagePart AsPartOf(string origin, Imaging.Sources.SourceImage image, IReadOnlyList<string> warnings, Core.Images.VideoClip? video = null) =>
        Copy(Detail, [.. warnings, .. Warnings], origin, image.Kind.ToString().ToLowerInvariant(), image.Label, image.Text, image.Time, video);

    /// <summary>This part remembering the whole video it stands for.</summary>
    internal ImagePart WithVideo(Core.Images.VideoClip video) => Copy(Detail, Warnings, Origin, OriginKind, Label, Text, FrameTime, video);

    /// <summary>A page of <paramref name="origin"/> that has only text (<see cref="HasImage"/> false).</summary>
    internal static ImagePart TextOnly(string source, ImageSourceKind kind, string origin, Imaging.Sources.SourceImage page, IReadOnlyList<string> warnings) =>
        new(source, kind, ReadOnlyMemory<byte>.Empty, null, null, null, null)
        {
            HasImage = false,
            Warnings = warnings,
            Origin = origin,
            OriginKind = page.Kind.ToString().ToLowerInvariant(),
            Label = page.Label,
            Text = page.Text,
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
    /// <exception cref="InvalidOperationException">The part is a page of text only (<see cref="HasImage"/> false).</exception>
    public string ToUrl() => HasImage
        ? _url ?? $"data:{MimeType};base64,{Convert.ToBase64String(_data.Span)}"
        : throw new InvalidOperationException($"'{Source}' is a page of text only; it has no image URL (send its Caption as text).");

    /// <summary>The image part, or for a page of text only its caption as a text part.</summary>
    public ContentPart ToContentPart() => HasImage ? ContentPart.FromImage(ToUrl(), Detail) : ContentPart.FromText(Caption!);

    public override string ToString() => Source;
}
