using VisionPS.Imaging.Compare;
using VisionPS.Imaging.Heif;

namespace VisionPS.Imaging.External;

/// <summary>
/// An <see cref="IImageEngine"/> that adds HEIC/HEIF and AVIF (phone photos) to another engine by running a decoder
/// found on PATH (<see cref="ExternalDecoders"/>); every other format and operation goes to the inner engine.
/// </summary>
/// <remarks>
/// <para>Sizes come from the file's own header (<c>ispe</c>, turned by <c>irot</c>) and are checked against the pixel
/// limit before the decoder runs; its PNG is size-checked before it is read and decoded by the inner engine.</para>
/// <para>Orientation: a HEIF image's orientation is its <c>irot</c>/<c>imir</c> transforms, which libheif and sips
/// apply while decoding; the EXIF orientation tag a phone also writes only mirrors them (ISO/IEC 23008-12 says readers
/// ignore it), so <see cref="ImageInfo.Orientation"/> is 1 and nothing is turned twice. The PNG is re-encoded from pixels,
/// so no EXIF (GPS included) survives.</para>
/// </remarks>
public sealed class ExternalDecoderEngine : IImageEngine
{
    /// <summary>How long one decode may take before the decoder is killed.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly IImageEngine _inner;
    private readonly Func<ExternalDecoder?> _find;
    private readonly TimeSpan _timeout;

    /// <param name="inner">The engine for everything else.</param>
    /// <param name="find">Finds the decoder each time one is needed (PATH may change in a session); null result: none.</param>
    /// <param name="timeout">The longest one decode may run; null: <see cref="DefaultTimeout"/>.</param>
    public ExternalDecoderEngine(IImageEngine inner, Func<ExternalDecoder?>? find = null, TimeSpan? timeout = null)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _find = find ?? (() => ExternalDecoders.Find());
        _timeout = timeout ?? DefaultTimeout;
    }

    private static bool IsHeif(ImageFormat format) => format is ImageFormat.Heic or ImageFormat.Avif;

    public ImageInfo Identify(ReadOnlySpan<byte> data, string? sourceName)
    {
        ImageFormat format = ImageIdentifier.DetectFormat(data);
        if (!IsHeif(format))
        {
            return _inner.Identify(data, sourceName);
        }

        (int width, int height, int turns) = HeifImageSizeReader.ReadWithRotation(new HeaderBytes(data, isComplete: true));
        if (_find() is null)
        {
            throw new ImageDecoderMissingException(format, sourceName, width, height, ExternalDecoders.InstallHint);
        }

        if (width <= 0 || height <= 0)
        {
            throw new InvalidImageContentException(format, "its header gives no size for the primary image (no ispe property)", sourceName);
        }

        // Upright size: the decoder applies irot, so a quarter turn swaps the sides.
        return turns % 2 == 1
            ? new ImageInfo(format, height, width) { BitDepth = 8, IsLossy = true }
            : new ImageInfo(format, width, height) { BitDepth = 8, IsLossy = true };
    }

    public int? EstimateJpegQuality(ReadOnlySpan<byte> data) => _inner.EstimateJpegQuality(data);

    public bool CanDecode(ImageFormat format) => IsHeif(format) ? _find() is not null : _inner.CanDecode(format);

    public PixelBuffer Decode(ReadOnlySpan<byte> data, DecodeOptions options, string? sourceName)
    {
        ArgumentNullException.ThrowIfNull(options);
        ImageFormat format = ImageIdentifier.DetectFormat(data);
        if (!IsHeif(format))
        {
            return _inner.Decode(data, options, sourceName);
        }

        ImageInfo info = Identify(data, sourceName);
        ExternalDecoder decoder = _find() ?? throw new ImageDecoderMissingException(format, sourceName, info.Width, info.Height, ExternalDecoders.InstallHint);
        if ((long)info.Width * info.Height > options.MaxPixels)
        {
            throw new ImageTooLargeException(format, info.Width, info.Height, options.MaxPixels, sourceName);
        }

        // A PNG of these pixels at 16 bits per RGBA sample, plus room for headers: anything larger is not this image.
        long maxOutput = ((long)info.Width * info.Height * 8) + (1 << 20);
        byte[] png = ExternalDecoderRun.ToPng(decoder, data, format, maxOutput, _timeout, sourceName);
        ImageInfo decoded;
        try
        {
            decoded = _inner.Identify(png, sourceName);
        }
        catch (ImageFormatException e)
        {
            throw new ExternalDecoderFailedException(format, decoder.Name, $"its output is not a PNG VisionPS reads ({e.Message})", sourceName);
        }

        // A clean aperture (clap) may crop; nothing may grow beyond the header's size.
        if (decoded.Format != ImageFormat.Png || decoded.Width > Math.Max(info.Width, info.Height) || decoded.Height > Math.Max(info.Width, info.Height))
        {
            throw new ExternalDecoderFailedException(format, decoder.Name, $"it wrote a {decoded.Width}x{decoded.Height} {decoded.Format} image for a {info.Width}x{info.Height} header", sourceName);
        }

        return _inner.Decode(png, options with { Page = 0 }, sourceName);
    }

    public PixelBuffer Resize(PixelBuffer source, int width, int height) => _inner.Resize(source, width, height);

    public PixelBuffer Crop(PixelBuffer source, int x, int y, int width, int height) => _inner.Crop(source, x, y, width, height);

    public PixelBuffer ApplyOrientation(PixelBuffer source, int orientation) => _inner.ApplyOrientation(source, orientation);

    public PixelBuffer FlattenAlpha(PixelBuffer source, byte red, byte green, byte blue) => _inner.FlattenAlpha(source, red, green, blue);

    public byte[] EncodeJpeg(PixelBuffer pixels, int quality) => _inner.EncodeJpeg(pixels, quality);

    public byte[] EncodePng(PixelBuffer pixels) => _inner.EncodePng(pixels);

    // HEIC/AVIF are never sent as they are (vision APIs refuse them): there is nothing to strip losslessly.
    public byte[] StripMetadata(ReadOnlySpan<byte> data, string? sourceName) => IsHeif(ImageIdentifier.DetectFormat(data))
        ? throw new UnsupportedImageFormatException(ImageIdentifier.DetectFormat(data), sourceName)
        : _inner.StripMetadata(data, sourceName);

    public PixelMeasures Compare(ReadOnlySpan<byte> reference, string? referenceName, ReadOnlySpan<byte> difference, string? differenceName) =>
        _inner.Compare(reference, referenceName, difference, differenceName);
}
