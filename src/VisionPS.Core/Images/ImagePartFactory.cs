using VisionPS.Imaging.Memory;
using Microsoft.Win32.SafeHandles;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Images.Preparation;
using VisionPS.Core.Providers;
using VisionPS.Imaging;
using VisionPS.Imaging.Sources;

namespace VisionPS.Core.Images;

/// <summary>
/// Makes <see cref="ImagePart"/>s from paths, URLs, data URLs and bytes, refusing what vision APIs do not take. The Read*
/// methods give every image an input becomes (a PDF's pages, a video's frames: <see cref="ImageSources"/>); the From*
/// methods are for inputs that are one image.
/// </summary>
public static class ImagePartFactory
{
    /// <summary>Files larger than this are refused before reading (they could never be sent whole anyway).</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>A path, an http(s) URL or a data URL, decided by <see cref="ImageReference.Classify"/>.</summary>
    /// <remarks>Images from files, bytes and data URLs are prepared by <paramref name="preparation"/> (null: the defaults).
    /// A URL the server cannot fetch (<see cref="ServerImageRules.UrlFetcher"/>) is downloaded here and prepared like a file.</remarks>
    public static ImagePart FromReference(string reference, string? detail = null, ImagePreparationOptions? preparation = null) =>
        Only(ReadReference(reference, detail, Whole(preparation)), reference);

    /// <inheritdoc cref="FromReference"/>
    public static IReadOnlyList<ImagePart> ReadReference(string reference, string? detail = null, ImagePreparationOptions? preparation = null) => ImageReference.Classify(reference) switch
    {
        ImageSourceKind.Url when preparation?.Server.UrlFetcher is { } fetcher => [FromDownload(reference, fetcher, detail, preparation)],
        ImageSourceKind.Url => [FromUrl(reference, preparation is null ? detail : preparation.Server.DetailFor(detail))],
        ImageSourceKind.DataUrl => ReadDataUrl(reference, detail, preparation),
        _ => ReadFile(reference, detail, preparation),
    };

    public static ImagePart FromFile(string path, string? detail = null, ImagePreparationOptions? preparation = null) =>
        Only(ReadFile(path, detail, Whole(preparation)), path);

    /// <summary>The image a file holds, or every page or frame of a document or video, in order.</summary>
    public static IReadOnlyList<ImagePart> ReadFile(string path, string? detail = null, ImagePreparationOptions? preparation = null)
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

        preparation ??= ImagePreparationOptions.Default;

        // One open: the first bytes say whether a source reads the file from its path (a video, through ffmpeg);
        // anything else is read whole from the same handle. The file's bytes are only read from, never kept (results
        // hold exact-size copies of what is sent), so they come from the engine's pool and go back zeroed: a 12 MP
        // photo costs no large-object-heap array, and an idle session gives the memory back.
        byte[] rented;
        int length;
        using (SafeFileHandle file = File.OpenHandle(fullPath))
        {
            Span<byte> header = stackalloc byte[ImageSources.HeaderLength];
            if (ImageSources.Find(header[..ReadAt(file, header, 0)], preparation.Sources) is { ReadsFromPath: true } reader)
            {
                file.Dispose();
                return FromSource(reader, new SourceInput(fullPath, fullPath, ReadOnlyMemory<byte>.Empty), ImageSourceKind.File, detail, preparation);
            }

            long fileLength = RandomAccess.GetLength(file);
            if (fileLength > MaxFileBytes)
            {
                throw new VisionArgumentException(
                    ErrorIds.ImageTooLarge,
                    $"'{fullPath}' is {fileLength / (1024 * 1024)} MiB; images over {MaxFileBytes / (1024 * 1024)} MiB are not sent.",
                    "Scale the image down or convert it to JPEG first.");
            }

            rented = EncodedBytePool.Rent((int)fileLength);
            length = ReadAt(file, rented.AsSpan(0, (int)fileLength), 0);
        }

        try
        {
            return ReadData(fullPath, fullPath, ImageSourceKind.File, rented.AsMemory(0, length), detail, preparation);
        }
        finally
        {
            EncodedBytePool.Return(rented);
        }
    }

    // Fills buffer from offset on, or up to the file's end; returns how many bytes were read.
    private static int ReadAt(SafeFileHandle file, Span<byte> buffer, long offset)
    {
        int read = 0;
        while (read < buffer.Length && RandomAccess.Read(file, buffer[read..], offset + read) is var n and > 0)
        {
            read += n;
        }

        return read;
    }

    public static ImagePart FromBytes(byte[] data, string? name = null, string? detail = null, ImagePreparationOptions? preparation = null) =>
        Only(ReadBytes(data, name, detail, Whole(preparation)), name ?? "the bytes");

    /// <inheritdoc cref="FromBytes"/>
    public static IReadOnlyList<ImagePart> ReadBytes(byte[] data, string? name = null, string? detail = null, ImagePreparationOptions? preparation = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        string source = name ?? $"<{data.Length} bytes>";
        return ReadData(source, null, ImageSourceKind.Bytes, data, detail, preparation);
    }

    public static ImagePart FromUrl(string url, string? detail = null)
    {
        if (ImageReference.Classify(url) != ImageSourceKind.Url || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            throw new VisionArgumentException(ErrorIds.ImageUrlNotSupported, $"'{ImageReference.Shorten(url)}' is not a valid http(s) URL.", "Give a full https:// address.");
        }

        var part = new ImagePart(uri.OriginalString, ImageSourceKind.Url, ReadOnlyMemory<byte>.Empty, null, null, null, ImageDetail.Normalize(detail), uri.OriginalString);
        return VideoClip.FromUrl(uri) is { } video ? part.WithVideo(video) : part;
    }

    public static ImagePart FromDataUrl(string dataUrl, string? detail = null, ImagePreparationOptions? preparation = null) =>
        Only(ReadDataUrl(dataUrl, detail, Whole(preparation)), "the data URL");

    /// <inheritdoc cref="FromDataUrl"/>
    public static IReadOnlyList<ImagePart> ReadDataUrl(string dataUrl, string? detail = null, ImagePreparationOptions? preparation = null)
    {
        byte[] data = DataUrl.Decode(dataUrl);
        string source = $"<data URL, {data.Length} bytes>";
        return ReadData(source, null, ImageSourceKind.DataUrl, data, detail, preparation);
    }

    /// <summary>
    /// <paramref name="part"/> as this server takes it: a URL it cannot fetch downloaded and prepared, an image in a
    /// format it refuses prepared again from the part's bytes, detail dropped where it means nothing; otherwise the part
    /// itself. For parts made earlier (ConvertTo-ImagePart without -Provider) and sent to a provider with quirks.
    /// </summary>
    public static ImagePart ForServer(ImagePart part, ImagePreparationOptions preparation)
    {
        ArgumentNullException.ThrowIfNull(part);
        ArgumentNullException.ThrowIfNull(preparation);
        ServerImageRules server = preparation.Server;
        if (!part.HasImage)
        {
            return part;
        }

        if (part.IsLink)
        {
            return server.UrlFetcher is { } fetcher ? FromDownload(part.Source, fetcher, part.Detail, preparation) : DetailFor(part, server);
        }

        return part.MimeType is { } mime && server.RefusedFormats.Any(f => f.GetMimeType() == mime)
            ? Only(FromData(part.Source, part.Kind, part.Data, part.Detail, Whole(preparation)!), part.Source)
            : DetailFor(part, server);
    }

    /// <summary>True when <see cref="ForServer"/> would change <paramref name="part"/>.</summary>
    public static bool NeedsAdapting(ImagePart part, ServerImageRules server) =>
        part.HasImage && ((part.IsLink && server.UrlFetcher is not null)
        || (part.MimeType is { } mime && server.RefusedFormats.Any(f => f.GetMimeType() == mime))
        || (!server.DetailMatters && part.Detail is not null));

    private static ImagePart DetailFor(ImagePart part, ServerImageRules server) =>
        server.DetailMatters || part.Detail is null ? part : part.WithDetail(null);

    // The server cannot fetch URLs: the bytes come from the fetcher (bounded, type sniffed) and go through the same
    // preparation as a file's, so the model gets an upright, resized, metadata-free image within the budget.
    private static ImagePart FromDownload(string url, RemoteImageFetcher fetcher, string? detail, ImagePreparationOptions preparation)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out Uri? uri))
        {
            throw new VisionArgumentException(ErrorIds.ImageUrlNotSupported, $"'{ImageReference.Shorten(url)}' is not a valid http(s) URL.", "Give a full https:// address.");
        }

        (byte[] bytes, _) = fetcher.Fetch(uri);
        return Only(FromData(uri.OriginalString, ImageSourceKind.Url, bytes, detail, Whole(preparation)!), uri.OriginalString);
    }

    private static IReadOnlyList<ImagePart> ReadData(string source, string? path, ImageSourceKind kind, ReadOnlyMemory<byte> data, string? detail, ImagePreparationOptions? preparation)
    {
        preparation ??= ImagePreparationOptions.Default;

        // The whole input is in memory: sources sniff all of it (an APNG's acTL may sit past the first 4 KB).
        return ImageSources.Find(data.Span, preparation.Sources) is { } reader
            ? FromSource(reader, new SourceInput(source, path, data), kind, detail, preparation)
            : FromData(source, kind, data, detail, preparation);
    }

    // Every page or frame is prepared like an image file of its own (its own page 1), named after the input and its
    // label; a tall page that -Tile splits becomes its tiles, the first carrying the page's text and warnings.
    private static IReadOnlyList<ImagePart> FromSource(IImageSource reader, SourceInput input, ImageSourceKind kind, string? detail, ImagePreparationOptions preparation)
    {
        IReadOnlyList<SourceImage> images = reader.Read(input, preparation.Sources);
        ImagePreparationOptions each = preparation with { Page = 1 };
        // Every frame of a video remembers the one clip, so a server that takes the video itself gets the file.
        VideoClip? video = images.FirstOrDefault()?.Video is { } clip ? VideoClip.FromSource(input.Name, input.Path, input.Data, clip) : null;
        var parts = new List<ImagePart>(images.Count);
        foreach (SourceImage image in images)
        {
            string source = $"{input.Name} ({image.Label})";
            if (!image.HasImage)
            {
                parts.Add(ImagePart.TextOnly(source, kind, input.Name, image, [
                    .. image.Warnings,
                    $"'{input.Name}' {image.Label} has no image, only text ({image.Text!.Length:N0} characters from its text layer); its text is sent as a text part.",
                ]));
                continue;
            }

            IReadOnlyList<ImagePart> prepared = FromData(source, kind, image.Data, detail, each);
            IReadOnlyList<string> warnings = image.Text is null
                ? [.. image.Warnings]
                : [.. image.Warnings, $"'{input.Name}' {image.Label} has text ({image.Text.Length:N0} characters from its text layer); it is sent as a text part before the page image."];
            parts.AddRange(prepared.Count == 1
                ? [prepared[0].AsPartOf(input.Name, image, warnings, video)]
                : prepared.Select((tile, i) => i == 0 ? tile.AsTileOf(input.Name, image.Text, warnings) : tile));
        }

        return parts;
    }

    private static ImagePart Only(IReadOnlyList<ImagePart> parts, string what) => parts.Count == 1
        ? parts[0]
        : throw new VisionArgumentException(
            ErrorIds.InvalidInput,
            $"'{what}' holds {parts.Count} images (pages, frames or tiles), where one image was expected.",
            "Pick one with -Page, or pass it where several images are taken (Invoke-VisionChat -Image, ConvertTo-ImagePart).");

    // The one place an image becomes parts: one, or a tall or wide document's tiles (ImagePreparer.PrepareAll), each
    // tile named as one of the image's.
    private static IReadOnlyList<ImagePart> FromData(string source, ImageSourceKind kind, ReadOnlyMemory<byte> data, string? detail, ImagePreparationOptions? preparation)
    {
        preparation ??= ImagePreparationOptions.Default;
        detail = preparation.Server.DetailFor(ImageDetail.Normalize(detail));
        ImageInfo info = DefaultImageEngine.Instance.Identify(data.Span, source);
        SendableFormats.EnsureSendable(info, source, canConvert: preparation.Resize);
        string name = kind == ImageSourceKind.File ? Path.GetFileName(source) : source;
        IReadOnlyList<PreparedImage> prepared = ImagePreparer.Default.PrepareAll(data, info, source, name, detail, preparation);
        return prepared.Count == 1
            ? [ImagePart.FromPrepared(source, kind, info, data.Length, prepared[0], detail)]
            : prepared.Select(p => ImagePart.FromPrepared(source, kind, info, data.Length, p, detail).AsTileOf(source)).ToArray();
    }

    // The single-part entry points never split: a caller that takes one part must not lose the other tiles.
    private static ImagePreparationOptions? Whole(ImagePreparationOptions? preparation) =>
        preparation is { Tile.IsOff: false } ? preparation with { Tile = Tiling.TileSetting.Off } : preparation;
}
