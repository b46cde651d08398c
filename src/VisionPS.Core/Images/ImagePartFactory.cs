using VisionPS.Core.Diagnostics;
using VisionPS.Core.Images.Preparation;
using VisionPS.Imaging;

namespace VisionPS.Core.Images;

/// <summary>Makes <see cref="ImagePart"/>s from paths, URLs, data URLs and bytes, refusing what vision APIs do not take.</summary>
public static class ImagePartFactory
{
    /// <summary>Files larger than this are refused before reading (they could never be sent whole anyway).</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>A path, an http(s) URL or a data URL, decided by <see cref="ImageReference.Classify"/>.</summary>
    /// <remarks>Images from files, bytes and data URLs are prepared by <paramref name="preparation"/> (null: the defaults).</remarks>
    public static ImagePart FromReference(string reference, string? detail = null, ImagePreparationOptions? preparation = null) => ImageReference.Classify(reference) switch
    {
        ImageSourceKind.Url => FromUrl(reference, detail),
        ImageSourceKind.DataUrl => FromDataUrl(reference, detail, preparation),
        _ => FromFile(reference, detail, preparation),
    };

    public static ImagePart FromFile(string path, string? detail = null, ImagePreparationOptions? preparation = null)
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
        return FromData(fullPath, ImageSourceKind.File, data, detail, preparation);
    }

    public static ImagePart FromBytes(byte[] data, string? name = null, string? detail = null, ImagePreparationOptions? preparation = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        string source = name ?? $"<{data.Length} bytes>";
        return FromData(source, ImageSourceKind.Bytes, data, detail, preparation);
    }

    public static ImagePart FromUrl(string url, string? detail = null)
    {
        if (ImageReference.Classify(url) != ImageSourceKind.Url || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            throw new VisionArgumentException(ErrorIds.ImageUrlNotSupported, $"'{ImageReference.Shorten(url)}' is not a valid http(s) URL.", "Give a full https:// address.");
        }

        return new ImagePart(uri.OriginalString, ImageSourceKind.Url, ReadOnlyMemory<byte>.Empty, null, null, null, ImageDetail.Normalize(detail), uri.OriginalString);
    }

    public static ImagePart FromDataUrl(string dataUrl, string? detail = null, ImagePreparationOptions? preparation = null)
    {
        byte[] data = DataUrl.Decode(dataUrl);
        string source = $"<data URL, {data.Length} bytes>";
        return FromData(source, ImageSourceKind.DataUrl, data, detail, preparation);
    }

    private static ImagePart FromData(string source, ImageSourceKind kind, byte[] data, string? detail, ImagePreparationOptions? preparation)
    {
        preparation ??= ImagePreparationOptions.Default;
        detail = ImageDetail.Normalize(detail);
        ImageInfo info = DefaultImageEngine.Instance.Identify(data, source);
        SendableFormats.EnsureSendable(info, source, canConvert: preparation.Resize);
        PreparedImage prepared = ImagePreparer.Default.Prepare(data, info, source, detail, preparation);
        return ImagePart.FromPrepared(source, kind, info, data.Length, prepared, detail);
    }
}
