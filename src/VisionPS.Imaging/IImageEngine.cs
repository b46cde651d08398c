namespace VisionPS.Imaging;

/// <summary>
/// Every pixel operation VisionPS needs, in one place so that an image library could replace the built-in codecs
/// (<see cref="BuiltInImageEngine"/>). The preparation policy (what size, which quality) lives above it.
/// </summary>
/// <remarks>
/// Bad data raises only <see cref="ImageFormatException"/> subtypes, each naming <c>sourceName</c>.
/// </remarks>
public interface IImageEngine
{
    /// <summary>Format, stored size, orientation, bit depth and animation, from the headers only.</summary>
    ImageInfo Identify(ReadOnlySpan<byte> data, string? sourceName);

    /// <summary>
    /// For a JPEG, the IJG quality (1..100) its luminance quantisation table corresponds to, as <c>identify -format %Q</c>
    /// estimates it; null for other formats or when no table is found.
    /// </summary>
    int? EstimateJpegQuality(ReadOnlySpan<byte> data);

    /// <summary>True when <see cref="Decode"/> can decode images of <paramref name="format"/>.</summary>
    bool CanDecode(ImageFormat format);

    /// <summary>
    /// Decodes the first frame to 8-bit RGB or RGBA (RGBA only when the image has transparency), in stored orientation
    /// (EXIF orientation not applied). JPEG may come back smaller, as <see cref="DecodeOptions.MinimumWidth"/> allows.
    /// </summary>
    PixelBuffer Decode(ReadOnlySpan<byte> data, DecodeOptions options, string? sourceName);

    /// <summary>Resamples to exactly <paramref name="width"/> × <paramref name="height"/> with an antialiasing kernel.</summary>
    PixelBuffer Resize(PixelBuffer source, int width, int height);

    /// <summary>A copy of the rectangle at (<paramref name="x"/>, <paramref name="y"/>), which must lie inside <paramref name="source"/> (tiles of a tall document).</summary>
    PixelBuffer Crop(PixelBuffer source, int x, int y, int width, int height);

    /// <summary>Applies EXIF orientation 1..8 so the result is upright; 1 returns <paramref name="source"/> itself.</summary>
    PixelBuffer ApplyOrientation(PixelBuffer source, int orientation);

    /// <summary>Composites an RGBA buffer onto an opaque background colour; an RGB buffer is returned as it is.</summary>
    PixelBuffer FlattenAlpha(PixelBuffer source, byte red, byte green, byte blue);

    /// <summary>Baseline JPEG, 4:2:0, quality 1..100 with the standard (IJG) table scaling; no metadata written.</summary>
    byte[] EncodeJpeg(PixelBuffer pixels, int quality);

    /// <summary>PNG (RGB or RGBA, 8-bit), no metadata written.</summary>
    byte[] EncodePng(PixelBuffer pixels);

    /// <summary>
    /// The same image without EXIF (GPS included), XMP, IPTC and comments, with the coded image data copied byte for byte;
    /// colour information (ICC profile, Adobe/JFIF colour markers, PNG gamma/chromaticity) is kept.
    /// </summary>
    byte[] StripMetadata(ReadOnlySpan<byte> data, string? sourceName);

    /// <summary>
    /// What two encoded images' pixels say about each other (Compare-Image without a model): pixel hashes, SSIM,
    /// perceptual-hash distance and changed regions, both decoded at full size and turned upright.
    /// </summary>
    Compare.PixelMeasures Compare(ReadOnlySpan<byte> reference, string? referenceName, ReadOnlySpan<byte> difference, string? differenceName);
}
