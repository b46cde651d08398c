namespace VisionPS.Imaging;

/// <summary>What a decode may do to save work and what it must refuse.</summary>
public sealed record DecodeOptions
{
    /// <summary>
    /// The default most pixels (width × height as the header states them) a decode accepts: 120 megapixels, enough for
    /// 108 MP phone sensors. Larger images are refused before any pixel memory is allocated.
    /// </summary>
    public const long DefaultMaxPixels = 120_000_000;

    /// <summary>The options that decode at full size with the default pixel limit.</summary>
    public static DecodeOptions Default { get; } = new();

    /// <summary>
    /// When set, the decoder may return a smaller image (JPEG: IDCT scaling by 1/2, 1/4 or 1/8) as long as both sides stay
    /// at least <see cref="MinimumWidth"/> × <see cref="MinimumHeight"/> (in stored orientation, before EXIF rotation).
    /// The caller resamples the rest of the way. 0 means full size.
    /// </summary>
    public int MinimumWidth { get; init; }

    /// <inheritdoc cref="MinimumWidth"/>
    public int MinimumHeight { get; init; }

    /// <summary>The page to decode, 0-based: TIFF only (other formats have one page; GIF and APNG give their first frame).</summary>
    public int Page { get; init; }

    /// <summary>The most pixels the header may declare; larger images raise <see cref="ImageTooLargeException"/> before allocation.</summary>
    public long MaxPixels { get; init; } = DefaultMaxPixels;
}
