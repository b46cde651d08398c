using System.Buffers;
using Microsoft.Win32.SafeHandles;
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
    public static ImagePart FromReference(string reference, string? detail = null, ImagePreparationOptions? preparation = null) =>
        AllFromReference(reference, detail, Whole(preparation))[0];

    /// <summary>Like <see cref="FromReference"/>, but an image that -Tile splits comes back as its tiles, in order, each labelled.</summary>
    public static IReadOnlyList<ImagePart> AllFromReference(string reference, string? detail = null, ImagePreparationOptions? preparation = null) => ImageReference.Classify(reference) switch
    {
        ImageSourceKind.Url => [FromUrl(reference, detail)],
        ImageSourceKind.DataUrl => AllFromDataUrl(reference, detail, preparation),
        _ => AllFromFile(reference, detail, preparation),
    };

    public static ImagePart FromFile(string path, string? detail = null, ImagePreparationOptions? preparation = null) =>
        AllFromFile(path, detail, Whole(preparation))[0];

    /// <summary>Like <see cref="FromFile"/>, but an image that -Tile splits comes back as its tiles, in order, each labelled.</summary>
    public static IReadOnlyList<ImagePart> AllFromFile(string path, string? detail = null, ImagePreparationOptions? preparation = null)
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

        // The file's bytes are only read from, never kept (results hold exact-size copies of what is sent), so they
        // come from the shared pool and go back zeroed: a 12 MP photo no longer costs a large-object-heap array.
        byte[] rented = ArrayPool<byte>.Shared.Rent((int)info.Length);
        try
        {
            int length = ReadWhole(fullPath, rented);
            return AllFromData(fullPath, ImageSourceKind.File, rented.AsMemory(0, length), detail, preparation);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }

    private static int ReadWhole(string path, byte[] buffer)
    {
        using SafeFileHandle file = File.OpenHandle(path);
        int length = (int)Math.Min(RandomAccess.GetLength(file), buffer.Length);
        int read = 0;
        while (read < length && RandomAccess.Read(file, buffer.AsSpan(read, length - read), read) is var n and > 0)
        {
            read += n;
        }

        return read;
    }

    public static ImagePart FromBytes(byte[] data, string? name = null, string? detail = null, ImagePreparationOptions? preparation = null) =>
        AllFromBytes(data, name, detail, Whole(preparation))[0];

    /// <summary>Like <see cref="FromBytes"/>, but an image that -Tile splits comes back as its tiles, in order, each labelled.</summary>
    public static IReadOnlyList<ImagePart> AllFromBytes(byte[] data, string? name = null, string? detail = null, ImagePreparationOptions? preparation = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        string source = name ?? $"<{data.Length} bytes>";
        return AllFromData(source, ImageSourceKind.Bytes, data, detail, preparation);
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
        return AllFromData(source, ImageSourceKind.DataUrl, data, detail, Whole(preparation))[0];
    }

    private static IReadOnlyList<ImagePart> AllFromDataUrl(string dataUrl, string? detail, ImagePreparationOptions? preparation)
    {
        byte[] data = DataUrl.Decode(dataUrl);
        return AllFromData($"<data URL, {data.Length} bytes>", ImageSourceKind.DataUrl, data, detail, preparation);
    }

    // The one place an input becomes parts: one, or a split document's tiles (ImagePreparer.PrepareAll).
    private static IReadOnlyList<ImagePart> AllFromData(string source, ImageSourceKind kind, ReadOnlyMemory<byte> data, string? detail, ImagePreparationOptions? preparation)
    {
        preparation ??= ImagePreparationOptions.Default;
        detail = ImageDetail.Normalize(detail);
        ImageInfo info = DefaultImageEngine.Instance.Identify(data.Span, source);
        SendableFormats.EnsureSendable(info, source, canConvert: preparation.Resize);
        string name = kind == ImageSourceKind.File ? Path.GetFileName(source) : source;
        IReadOnlyList<PreparedImage> prepared = ImagePreparer.Default.PrepareAll(data, info, source, name, detail, preparation);
        return prepared.Select(p => ImagePart.FromPrepared(source, kind, info, data.Length, p, detail)).ToArray();
    }

    // The single-part entry points never split: a caller that takes one part must not lose the other tiles.
    private static ImagePreparationOptions? Whole(ImagePreparationOptions? preparation) =>
        preparation is { Tile.IsOff: false } ? preparation with { Tile = Tiling.TileSetting.Off } : preparation;
}
