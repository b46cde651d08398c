using System.Globalization;
using System.Security.Cryptography;

namespace VisionPS.TestServer;

/// <summary>
/// One image as the answer text describes it. The server builds these from what it received;
/// tests build them from what they sent and compare via <see cref="VisionTestServer.ExpectedText"/>.
/// </summary>
public sealed record ExpectedImage
{
    private ExpectedImage()
    {
    }

    /// <summary>Sniffed MIME type of an inline image; null for a URL image.</summary>
    public string? MimeType { get; private init; }

    /// <summary>Width from the image header; null for a URL image.</summary>
    public int? Width { get; private init; }

    /// <summary>Height from the image header; null for a URL image.</summary>
    public int? Height { get; private init; }

    /// <summary>Decoded byte count of an inline image.</summary>
    public int? ByteCount { get; private init; }

    /// <summary>Lowercase hex SHA-256 of the decoded bytes of an inline image.</summary>
    public string? Sha256 { get; private init; }

    /// <summary>The http(s) URL of a URL image.</summary>
    public string? Url { get; private init; }

    /// <summary>The <c>detail</c> value sent, or null when it was omitted.</summary>
    public string? Detail { get; private init; }

    /// <summary>Its place (0-based) among the frames of the <c>video</c> part it came in; null for an image part.</summary>
    public int? VideoFrame { get; private init; }

    /// <summary>How many frames the <c>video</c> part it came in held; null for an image part.</summary>
    public int? VideoFrames { get; private init; }

    /// <summary>This image as frame <paramref name="index"/> of a video part of <paramref name="count"/> frames.</summary>
    public ExpectedImage AsVideoFrame(int index, int count) => this with { VideoFrame = index, VideoFrames = count };

    /// <summary>Frames the clip of a <c>video_url</c> part holds (ffprobe); null for images and URL videos.</summary>
    public long? ClipFrames { get; private init; }

    /// <summary>The clip's average frame rate (ffprobe); null for images and URL videos.</summary>
    public double? ClipFrameRate { get; private init; }

    /// <summary>True for a <c>video_url</c> part (a whole clip, inline or an http(s) URL).</summary>
    public bool IsVideoUrl { get; private init; }

    /// <summary>A whole clip sent inline in a <c>video_url</c> part.</summary>
    public static ExpectedImage FromVideoBytes(string mimeType, int width, int height, ReadOnlySpan<byte> bytes, long frames, double rate)
        => FromBytes(mimeType, width, height, bytes) with { IsVideoUrl = true, ClipFrames = frames, ClipFrameRate = rate };

    /// <summary>An http(s) URL in a <c>video_url</c> part (not fetched).</summary>
    public static ExpectedImage FromVideoUrl(string url) => FromUrl(url) with { IsVideoUrl = true };

    /// <summary>True for an http(s) URL image (not fetched, size unknown).</summary>
    public bool IsUrl => Url is not null;

    /// <summary>An inline (data URL) image.</summary>
    public static ExpectedImage FromBytes(string mimeType, int width, int height, ReadOnlySpan<byte> bytes, string? detail = null)
        => new()
        {
            MimeType = mimeType,
            Width = width,
            Height = height,
            ByteCount = bytes.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Detail = detail,
        };

    /// <summary>An http(s) image URL.</summary>
    public static ExpectedImage FromUrl(string url, string? detail = null) => new() { Url = url, Detail = detail };

    /// <summary>The answer line, e.g. <c>image 1: image/png 32x32 detail=low bytes=164 sha256=…</c>.</summary>
    public string ToLine(int number)
    {
        string detail = Detail ?? "(omitted)";
        if (IsVideoUrl)
        {
            return IsUrl
                ? string.Create(CultureInfo.InvariantCulture, $"image {number}: video_url url {Url}")
                : string.Create(CultureInfo.InvariantCulture, $"image {number}: video_url {MimeType} {Width}x{Height} bytes={ByteCount} sha256={Sha256} frames={ClipFrames}");
        }

        return IsUrl
            ? string.Create(CultureInfo.InvariantCulture, $"image {number}: url {Url} detail={detail}")
            : string.Create(CultureInfo.InvariantCulture, $"image {number}: {MimeType} {Width}x{Height} detail={detail} bytes={ByteCount} sha256={Sha256}")
                + (VideoFrame is { } frame ? string.Create(CultureInfo.InvariantCulture, $" video frame {frame + 1} of {VideoFrames}") : string.Empty);
    }
}
