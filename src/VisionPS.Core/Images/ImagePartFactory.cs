using VisionPS.Core.Diagnostics;
using VisionPS.Core.Imaging;

namespace VisionPS.Core.Images;

/// <summary>Makes <see cref="ImagePart"/>s from paths, URLs, data URLs and bytes, refusing what vision APIs do not take.</summary>
public static class ImagePartFactory
{
    /// <summary>Files larger than this are refused before reading (they could never be sent whole anyway).</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>A path, an http(s) URL or a data URL, decided by <see cref="ImageReference.Classify"/>.</summary>
    public static ImagePart FromReference(string reference, string? detail = null) => ImageReference.Classify(reference) switch
    {
        ImageSourceKind.Url => FromUrl(reference, detail),
        ImageSourceKind.DataUrl => FromDataUrl(reference, detail),
        _ => FromFile(reference, detail),
    };

    public static ImagePart FromFile(string path, string? detail = null)
    {
        string fullPath = Path.GetFullPath(path);
        var info = new FileInfo(fullPath);
        if (Directory.Exists(fullPath))
        {
            throw new VisionArgumentException(ErrorIds.InvalidInput, $"'{fullPath}' is a folder, not an image file.", "Pass image files, e.g. Get-ChildItem -File *.jpg.");
        }

        if (!info.Exists)
        {
            throw new FileNotFoundException($"Image file '{fullPath}' was not found.", fullPath);
        }

        if (info.Length > MaxFileBytes)
        {
            throw new VisionArgumentException(
                ErrorIds.ImageTooLarge,
                $"'{fullPath}' is {info.Length / (1024 * 1024)} MiB; images over {MaxFileBytes / (1024 * 1024)} MiB are not sent.",
                "Scale the image down or convert it to JPEG first.");
        }

        byte[] data = File.ReadAllBytes(fullPath);
        return FromData(fullPath, ImageSourceKind.File, data, detail);
    }

    public static ImagePart FromBytes(byte[] data, string? name = null, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        string source = name ?? $"<{data.Length} bytes>";
        return FromData(source, ImageSourceKind.Bytes, data, detail);
    }

    public static ImagePart FromUrl(string url, string? detail = null)
    {
        if (ImageReference.Classify(url) != ImageSourceKind.Url || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            throw new VisionArgumentException(ErrorIds.ImageUrlNotSupported, $"'{ImageReference.Shorten(url)}' is not a valid http(s) URL.", "Give a full https:// address.");
        }

        return new ImagePart(uri.OriginalString, ImageSourceKind.Url, ReadOnlyMemory<byte>.Empty, null, null, null, ImageDetail.Normalize(detail), uri.OriginalString);
    }

    public static ImagePart FromDataUrl(string dataUrl, string? detail = null)
    {
        byte[] data = DataUrl.Decode(dataUrl);
        string source = $"<data URL, {data.Length} bytes>";
        return FromData(source, ImageSourceKind.DataUrl, data, detail);
    }

    private static ImagePart FromData(string source, ImageSourceKind kind, byte[] data, string? detail)
    {
        ImageInfo info = ImageIdentifier.Identify(data, source);
        SendableFormats.EnsureSendable(info, source);
        return new ImagePart(source, kind, data, info.MimeType, info.Width, info.Height, ImageDetail.Normalize(detail));
    }
}
