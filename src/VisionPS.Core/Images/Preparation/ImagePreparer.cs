using VisionPS.Core.Diagnostics;
using VisionPS.Core.Images;
using VisionPS.Imaging;

namespace VisionPS.Core.Images.Preparation;

/// <summary>
/// The preparation policy: send an image that already meets every limit byte for byte (metadata stripped losslessly);
/// otherwise decode (JPEG at a reduced IDCT scale when it can), turn it upright, downscale to the model family's useful
/// size, and encode it under the byte budget, lowering the quality first and the size after.
/// </summary>
public sealed partial class ImagePreparer
{
    private const double ShrinkMargin = 0.9;

    private readonly IImageEngine _engine;

    public ImagePreparer(IImageEngine engine)
    {
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
    }

    public static ImagePreparer Default { get; } = new(DefaultImageEngine.Instance);

    /// <param name="data">The image file's bytes.</param>
    /// <param name="info">What <see cref="IImageEngine.Identify"/> said of them.</param>
    /// <param name="source">The name errors and warnings use.</param>
    /// <param name="detail">The detail level the image is sent with (picks the size limits).</param>
    /// <param name="options">The user's choices.</param>
    public PreparedImage Prepare(ReadOnlyMemory<byte> data, ImageInfo info, string source, string? detail, ImagePreparationOptions options)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(options);

        // -Page picks a TIFF page; any other image has one page (an animation's frames are not pages).
        int pages = info.Format == ImageFormat.Tiff ? Math.Max(1, info.FrameCount) : 1;
        if (options.Page > pages)
        {
            throw new ImagePageNotFoundException(info.Format, options.Page, pages, source);
        }

        if (!options.Resize)
        {
            if (options.Server.Refuses(info.Format))
            {
                throw new ImageNotSendableException(info.Format, source, $"The provider refuses {info.Format.GetDisplayName()} images, and -NoResize forbids converting '{source}'. Leave out -NoResize (VisionPS then sends it as JPEG or PNG), or convert it first, e.g. magick '{source}' image.png.");
            }

            return Lossless(data, info, source, options, []);
        }

        ImageSizeLimits limits = options.LimitsFor(detail);
        (int width, int height) = limits.Fit(info.DisplayWidth, info.DisplayHeight);
        bool resize = (width, height) != (info.DisplayWidth, info.DisplayHeight);
        bool rotate = info.Orientation != 1;
        bool convert = !IsSendable(info.Format) || info.IsAnimated || options.MustConvert(info.Format);

        if (!resize && !rotate && !convert)
        {
            PreparedImage unchanged = Lossless(data, info, source, options, []);
            if (ImagePreparationOptions.EncodedLength(unchanged.Data.Length) <= options.MaxEncodedBytes)
            {
                return unchanged;
            }
        }

        if (!_engine.CanDecode(info.Format) && options.Server.Refuses(info.Format))
        {
            throw new ImageNotSendableException(info.Format, source, $"The provider refuses {info.Format.GetDisplayName()} images, and VisionPS cannot re-encode '{source}'. Convert it to JPEG or PNG first.");
        }

        if (!_engine.CanDecode(info.Format))
        {
            string why = resize
                ? $"it is {info.DisplayWidth}x{info.DisplayHeight}, larger than the model uses ({limits})"
                : $"it is {ImagePreparationOptions.EncodedLength(data.Length):N0} bytes as base64, over the {options.MaxEncodedBytes:N0}-byte budget";
            string warning = $"'{source}' was sent at full size because VisionPS cannot re-encode {info.Format} images, though {why}. " +
                $"To send less, convert it first, e.g. magick \"{source}\" -resize {width}x{height} out.jpg.";
            return Lossless(data, info, source, options, [warning]);
        }

        PreparedImage reencoded = Reencode(data, info, source, options, limits, resize, rotate);
        return LongTailWarning(info, source, options.Page, reencoded) is { } lost ? reencoded with { Warnings = [.. reencoded.Warnings, lost] } : reencoded;
    }

    /// <summary>What the user loses when only one frame or page of the file is sent.</summary>
    private static string? LongTailWarning(ImageInfo info, string source, int page, PreparedImage sent)
    {
        string format = sent.Format.GetDisplayName();
        if (info.IsAnimated)
        {
            string frames = info.FrameCount > 1 ? $"{info.FrameCount} frames" : "frames";
            return $"'{source}' is an animated {info.Format.GetDisplayName()} ({frames}); only its first frame was sent, as a still {format}.";
        }

        return info.Format == ImageFormat.Tiff && info.FrameCount > 1
            ? $"'{source}' is a TIFF with {info.FrameCount} pages; only page {page} was sent (as {format}). -Page picks another."
            : null;
    }

    /// <summary>
    /// How far below the target a reduced JPEG IDCT may land and be sent as it is, without a resampling pass:
    /// 3%, which covers the common case (4000 px / 8 = 500 px for a 512 px target; / 2 = 2000 for 2048). Every limit
    /// is a ceiling, so a slightly smaller image only costs the model detail it would barely use.
    /// </summary>
    internal const double ScaledDecodeSlack = 0.03;

    private static int Slack(int size) => (int)Math.Ceiling(size * (1 - ScaledDecodeSlack));

    private static bool IsSendable(ImageFormat format) => format is ImageFormat.Jpeg or ImageFormat.Png or ImageFormat.Gif or ImageFormat.WebP;

    private PreparedImage Lossless(ReadOnlyMemory<byte> data, ImageInfo info, string source, ImagePreparationOptions options, List<string> warnings)
    {
        // An exact-size copy: the caller's bytes may sit in a pooled buffer that goes back once this returns.
        var unchanged = new PreparedImage(data.ToArray(), info.Format, info.DisplayWidth, info.DisplayHeight, ImageChanges.None) { Warnings = warnings };
        if (options.KeepMetadata || !IsSendable(info.Format))
        {
            return unchanged;
        }

        if (info.Orientation != 1)
        {
            // Without the EXIF orientation tag the model would see the photo on its side.
            warnings.Add($"'{source}' keeps its metadata (EXIF orientation {info.Orientation}): its pixels were not turned upright, so the orientation tag must stay.");
            return unchanged;
        }

        byte[] stripped = _engine.StripMetadata(data.Span, source);
        return stripped.Length == data.Length ? unchanged : unchanged with { Data = stripped, Changes = ImageChanges.MetadataStripped };
    }

    private PreparedImage Reencode(ReadOnlyMemory<byte> data, ImageInfo info, string source, ImagePreparationOptions options, ImageSizeLimits limits, bool resize, bool rotate)
    {
        (int width, int height) = limits.Fit(info.DisplayWidth, info.DisplayHeight);
        bool swapsAxes = info.DisplayWidth != info.Width;
        var decodeOptions = new DecodeOptions
        {
            MinimumWidth = Slack(swapsAxes ? height : width),
            MinimumHeight = Slack(swapsAxes ? width : height),
            Page = info.Format == ImageFormat.Tiff ? options.Page - 1 : 0,
        };

        (int Width, int Height)? pageSize = null;
        using var scope = new PixelBufferScope();
        PixelBuffer decoded = scope.Track(_engine.Decode(data.Span, decodeOptions, source));
        PixelBuffer upright = scope.Track(_engine.ApplyOrientation(decoded, info.Orientation));
        if (info.Format != ImageFormat.Jpeg && (upright.Width, upright.Height) != (info.DisplayWidth, info.DisplayHeight))
        {
            // A TIFF page after the first has its own size, while Identify reports page 1's. Only JPEG decodes smaller
            // than the file on purpose, so any other format is fitted as it was decoded.
            (width, height) = limits.Fit(upright.Width, upright.Height);
            resize = (width, height) != (upright.Width, upright.Height);
            pageSize = (upright.Width, upright.Height);
        }

        bool withinTarget = upright.Width <= width && upright.Height <= height;
        PixelBuffer pixels = withinTarget ? upright : scope.Track(_engine.Resize(upright, width, height));

        ImageChanges changes = ImageChanges.Reencoded
            | (resize ? ImageChanges.Resized : ImageChanges.None)
            | (rotate ? ImageChanges.Rotated : ImageChanges.None);

        return Encode(scope, data, info, source, options, upright, pixels, changes) with { SourceSize = pageSize };
    }

    /// <summary>The decoded picture as the format it is sent in: PNG while it fits unless it is a lossy photo, else JPEG within the budget.</summary>
    private PreparedImage Encode(PixelBufferScope scope, ReadOnlyMemory<byte> data, ImageInfo info, string source, ImagePreparationOptions options, PixelBuffer upright, PixelBuffer pixels, ImageChanges changes)
    {
        if (info.Format != ImageFormat.Jpeg && !options.MustConvert(ImageFormat.Png))
        {
            byte[] png = _engine.EncodePng(pixels);
            if (ImagePreparationOptions.EncodedLength(png.Length) <= options.MaxEncodedBytes)
            {
                if (info.IsLossy && PhotographicJpeg(scope, pixels, png, options) is { } photo)
                {
                    return new PreparedImage(photo, ImageFormat.Jpeg, pixels.Width, pixels.Height, changes | ImageChanges.FormatChanged)
                    {
                        Quality = StartingQuality(options, null),
                    };
                }

                changes |= info.Format == ImageFormat.Png ? ImageChanges.None : ImageChanges.FormatChanged;
                return new PreparedImage(png, ImageFormat.Png, pixels.Width, pixels.Height, changes);
            }

        }

        changes |= info.Format == ImageFormat.Jpeg ? ImageChanges.None : ImageChanges.FormatChanged;
        if (pixels.HasAlpha)
        {
            changes |= ImageChanges.AlphaFlattened;
            pixels = scope.Track(Opaque(pixels));
        }

        int? sourceQuality = info.Format == ImageFormat.Jpeg ? _engine.EstimateJpegQuality(data.Span) : null;
        return EncodeJpegWithinBudget(scope, upright, pixels, source, options, changes, sourceQuality);
    }

    /// <summary>
    /// For a lossy source (a VP8 WebP) that must change format: a PNG above this many bits per pixel holds a photograph
    /// (a drawing or a flat graphic compresses to a few bits), and a photo already coded lossily sent as PNG costs many
    /// times its JPEG's bytes for nothing: a 550x368 lossy WebP photo converted for a server that refuses WebP was a
    /// 299 KB PNG, against 50 KB as JPEG at quality 85. A lossless source stays PNG while it fits the budget: a
    /// downscaled screenshot of dense text is as many bits per pixel as a photo, and its text must stay sharp.
    /// </summary>
    internal const double PhotographicPngBitsPerPixel = 4;

    /// <summary>
    /// The JPEG to send instead of <paramref name="png"/> when the picture is an opaque photograph and the JPEG at
    /// most half the PNG's bytes; null when the PNG should go (transparency, graphics, or a JPEG that saves little).
    /// </summary>
    private byte[]? PhotographicJpeg(PixelBufferScope scope, PixelBuffer pixels, byte[] png, ImagePreparationOptions options)
    {
        if (png.Length * 8.0 / ((long)pixels.Width * pixels.Height) <= PhotographicPngBitsPerPixel || pixels.HasTransparentPixels())
        {
            return null;
        }

        PixelBuffer opaque = pixels.HasAlpha ? scope.Track(Opaque(pixels)) : pixels;
        byte[] jpeg = _engine.EncodeJpeg(opaque, StartingQuality(options, null));
        return jpeg.Length * 2 <= png.Length && !OverBudget(jpeg, options) ? jpeg : null;
    }

    private static int StartingQuality(ImagePreparationOptions options, int? sourceQuality) =>
        options.Quality ?? Math.Min(ImagePreparationOptions.DefaultQuality, sourceQuality ?? ImagePreparationOptions.DefaultQuality);

    private PreparedImage EncodeJpegWithinBudget(PixelBufferScope scope, PixelBuffer upright, PixelBuffer pixels, string source, ImagePreparationOptions options, ImageChanges changes, int? sourceQuality)
    {
        int quality = StartingQuality(options, sourceQuality);
        byte[] jpeg = _engine.EncodeJpeg(pixels, quality);
        while (OverBudget(jpeg, options) && quality > ImagePreparationOptions.LowestAutomaticQuality)
        {
            quality = Math.Max(ImagePreparationOptions.LowestAutomaticQuality, quality - 10);
            jpeg = _engine.EncodeJpeg(pixels, quality);
        }

        while (OverBudget(jpeg, options))
        {
            // Bytes grow about linearly with pixel count, so scale both sides by the square root of the overshoot.
            double factor = Math.Sqrt((double)options.MaxEncodedBytes / ImagePreparationOptions.EncodedLength(jpeg.Length)) * ShrinkMargin;
            int width = (int)(pixels.Width * factor);
            int height = (int)(pixels.Height * factor);
            if (width < 1 || height < 1)
            {
                throw new VisionArgumentException(
                    ErrorIds.ImageTooLarge,
                    $"'{source}' cannot be made to fit in {options.MaxEncodedBytes:N0} bytes of base64, even at {pixels.Width}x{pixels.Height} and JPEG quality {quality}.",
                    "Raise -MaxBytes.");
            }

            changes |= ImageChanges.Resized;
            pixels = scope.Track(Opaque(scope.Track(_engine.Resize(upright, width, height))));
            jpeg = _engine.EncodeJpeg(pixels, quality);
        }

        return new PreparedImage(jpeg, ImageFormat.Jpeg, pixels.Width, pixels.Height, changes) { Quality = quality };
    }

    // JPEG has no alpha: transparency goes onto white, as a viewer shows it.
    private PixelBuffer Opaque(PixelBuffer pixels) => pixels.HasAlpha ? _engine.FlattenAlpha(pixels, 255, 255, 255) : pixels;

    private static bool OverBudget(byte[] data, ImagePreparationOptions options) =>
        ImagePreparationOptions.EncodedLength(data.Length) > options.MaxEncodedBytes;
}
