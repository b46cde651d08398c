using VisionPS.Imaging.Bmp;
using VisionPS.Imaging.Compare;
using VisionPS.Imaging.Gif;
using VisionPS.Imaging.Jpeg;
using VisionPS.Imaging.Library;
using VisionPS.Imaging.Memory;
using VisionPS.Imaging.Metadata;
using VisionPS.Imaging.Png;
using VisionPS.Imaging.Tiff;
using VisionPS.Imaging.Processing;

namespace VisionPS.Imaging;

/// <summary>
/// The codecs written for VisionPS (JPEG, PNG, GIF, BMP: the fast path), with SixLabors.ImageSharp for the long tail
/// (still WebP, TIFF); see <see cref="IImageEngine"/>.
/// </summary>
/// <remarks>
/// The format code raises internal signals without the source name; this class is where they become the public
/// <see cref="ImageFormatException"/> subtypes that name the source.
/// </remarks>
public sealed class BuiltInImageEngine : IImageEngine
{
    public static BuiltInImageEngine Instance { get; } = new();

    public ImageInfo Identify(ReadOnlySpan<byte> data, string? sourceName) => ImageIdentifier.Identify(data, sourceName);

    public int? EstimateJpegQuality(ReadOnlySpan<byte> data) =>
        ImageIdentifier.DetectFormat(data) == ImageFormat.Jpeg ? JpegQualityEstimator.Estimate(data) : null;

    public bool CanDecode(ImageFormat format) => format is ImageFormat.Jpeg or ImageFormat.Png or ImageFormat.Gif or ImageFormat.Bmp
        or ImageFormat.WebP or ImageFormat.Tiff;

    public PixelBuffer Decode(ReadOnlySpan<byte> data, DecodeOptions options, string? sourceName)
    {
        ArgumentNullException.ThrowIfNull(options);
        ImageFormat format = ImageIdentifier.DetectFormat(data);
        if (!CanDecode(format))
        {
            // Unknown, HEIC/AVIF and damaged headers get the identifier's own errors.
            ImageIdentifier.Identify(data, sourceName);
            throw new UnsupportedImageFeatureException(format, "a format VisionPS does not decode", sourceName);
        }

        using DecodeScope scope = DecodeScope.Begin();
        if (format is ImageFormat.WebP or ImageFormat.Tiff)
        {
            return scope.Keep(DecodeLongTail(data, format, options, sourceName));
        }

        try
        {
            return scope.Keep(format switch
            {
                ImageFormat.Jpeg => JpegDecoder.Decode(data, options),
                ImageFormat.Png => PngDecoder.Decode(data, options),
                ImageFormat.Gif => GifDecoder.Decode(data, options),
                _ => BmpDecoder.Decode(data, options),
            });
        }
        catch (PixelDataCorruptException corrupt)
        {
            throw new CorruptImageDataException(format, corrupt.Message, sourceName);
        }
        catch (HeaderCorruptException corrupt)
        {
            throw new InvalidImageContentException(format, corrupt.Message, sourceName);
        }
        catch (HeaderTruncatedException truncated)
        {
            throw new InvalidImageContentException(format, $"the data ends after {data.Length} bytes, inside the {truncated.What}", sourceName);
        }
        catch (UnsupportedFeatureSignal unsupported)
        {
            throw new UnsupportedImageFeatureException(format, unsupported.Message, sourceName);
        }
        catch (PixelLimitSignal tooLarge)
        {
            throw new ImageTooLargeException(format, tooLarge.Width, tooLarge.Height, tooLarge.MaxPixels, sourceName);
        }
    }

    // Our header reader sizes the file first, so the pixel limit holds before ImageSharp allocates anything.
    private static PixelBuffer DecodeLongTail(ReadOnlySpan<byte> data, ImageFormat format, DecodeOptions options, string? sourceName)
    {
        ImageInfo info = ImageIdentifier.Identify(data, sourceName);
        if (format == ImageFormat.WebP && WebPRiffLength(data) is long declared && declared > data.Length)
        {
            // ImageSharp decodes a cut WebP into grey without a word; libwebp refuses it, and so do we.
            throw new CorruptImageDataException(format, $"the data ends after {data.Length} bytes, but its RIFF header announces {declared}", sourceName);
        }

        if (options.Page >= info.FrameCount)
        {
            throw new ImagePageNotFoundException(format, options.Page + 1, info.FrameCount, sourceName);
        }

        if (format == ImageFormat.Tiff && options.Page > 0)
        {
            // The page as a TIFF of its own: sized, checked and decoded like a first page.
            byte[] page = TiffPageExtractor.SinglePage(data, options.Page)
                ?? throw new InvalidImageContentException(format, $"the IFD of page {options.Page + 1} cannot be read", sourceName);
            return DecodeLongTail(page, format, options with { Page = 0 }, sourceName);
        }

        if ((long)info.Width * info.Height > options.MaxPixels)
        {
            throw new ImageTooLargeException(format, info.Width, info.Height, options.MaxPixels, sourceName);
        }

        // ImageSharp decodes only the first page.
        if (format == ImageFormat.Tiff && TiffHeaderReader.ProblemIn(data, pages: 1) is { } problem)
        {
            throw problem.Unsupported
                ? new UnsupportedImageFeatureException(format, problem.Message, sourceName)
                : new CorruptImageDataException(format, problem.Message, sourceName);
        }

        if (info.IsAnimated)
        {
            throw new UnsupportedImageFeatureException(format, $"animation ({info.FrameCount} frames), which no decoder here reads", sourceName);
        }

        try
        {
            return ImageSharpDecoder.Decode(data, format);
        }
        catch (PixelDataCorruptException corrupt)
        {
            throw new CorruptImageDataException(format, corrupt.Message, sourceName);
        }
        catch (UnsupportedFeatureSignal unsupported)
        {
            throw new UnsupportedImageFeatureException(format, unsupported.Message, sourceName);
        }
    }

    private static long? WebPRiffLength(ReadOnlySpan<byte> data) =>
        data.Length >= 8 ? 8L + System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data[4..]) : null;

    public PixelBuffer Resize(PixelBuffer source, int width, int height) => Resampler.Resize(source, width, height);

    public PixelBuffer Crop(PixelBuffer source, int x, int y, int width, int height) => PixelCropper.Crop(source, x, y, width, height);

    public PixelBuffer ApplyOrientation(PixelBuffer source, int orientation) => OrientationTransform.Apply(source, orientation);

    public PixelBuffer FlattenAlpha(PixelBuffer source, byte red, byte green, byte blue) => AlphaFlattener.Flatten(source, red, green, blue);

    public byte[] EncodeJpeg(PixelBuffer pixels, int quality)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        return JpegEncoder.Encode(pixels, quality);
    }

    public byte[] EncodePng(PixelBuffer pixels) => PngEncoder.Encode(pixels);

    public PixelMeasures Compare(ReadOnlySpan<byte> reference, string? referenceName, ReadOnlySpan<byte> difference, string? differenceName) =>
        new ImageComparer(this).Compare(reference, referenceName, difference, differenceName);

    public byte[] StripMetadata(ReadOnlySpan<byte> data, string? sourceName)
    {
        ImageFormat format = ImageIdentifier.DetectFormat(data);
        if (format == ImageFormat.Tiff)
        {
            // Never sent as it is (vision APIs refuse TIFF), so there is nothing to strip losslessly.
            throw new UnsupportedImageFormatException(format, sourceName);
        }

        if (format is not (ImageFormat.Jpeg or ImageFormat.Png or ImageFormat.WebP or ImageFormat.Gif or ImageFormat.Bmp))
        {
            // Unknown, HEIC/AVIF: the identifier's errors name the source and say how to convert.
            ImageIdentifier.Identify(data, sourceName);
        }

        try
        {
            return MetadataStripper.Strip(data, format);
        }
        catch (PixelDataCorruptException corrupt)
        {
            throw new CorruptImageDataException(format, corrupt.Message, sourceName);
        }
        catch (HeaderCorruptException corrupt)
        {
            throw new InvalidImageContentException(format, corrupt.Message, sourceName);
        }
    }
}
