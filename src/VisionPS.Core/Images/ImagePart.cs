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

    /// <summary>Width in pixels from the header; null for URLs.</summary>
    public int? Width { get; }

    public int? Height { get; }

    /// <summary>Bytes of image data sent inline; null for URLs.</summary>
    public long? ByteLength => Kind == ImageSourceKind.Url ? null : _data.Length;

    /// <summary>auto, low, high or newer; null means not sent (the provider's default).</summary>
    public string? Detail { get; }

    /// <summary>The image's bytes (empty for URLs).</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>A copy with another detail level.</summary>
    public ImagePart WithDetail(string? detail) => new(Source, Kind, _data, MimeType, Width, Height, detail, _url);

    /// <summary>What goes into <c>image_url.url</c>: the http(s) URL, or a base64 data URL.</summary>
    public string ToUrl() => _url ?? $"data:{MimeType};base64,{Convert.ToBase64String(_data.Span)}";

    public ContentPart ToContentPart() => ContentPart.FromImage(ToUrl(), Detail);

    public override string ToString() => Source;
}
