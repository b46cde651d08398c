using VisionPS.Imaging.Bmp;
using VisionPS.Imaging.Gif;
using VisionPS.Imaging.Heif;
using VisionPS.Imaging.Jpeg;
using VisionPS.Imaging.Png;
using VisionPS.Imaging.Tiff;
using VisionPS.Imaging.WebP;

namespace VisionPS.Imaging;

/// <summary>
/// Identifies an image from its headers, without decoding pixels: format (from magic bytes only), stored size,
/// EXIF orientation, bit depth and animation.
/// </summary>
/// <remarks>
/// Malformed input raises only <see cref="ImageFormatException"/> subtypes: <see cref="UnknownImageFormatException"/>,
/// <see cref="UnsupportedImageFormatException"/> (HEIC, AVIF, TIFF) or <see cref="InvalidImageContentException"/>.
/// Every read is bounds-checked and every loop moves forward through the data, so no input can make it loop forever.
/// Metadata is ancillary: a damaged EXIF block or a file cut after its size fields yields orientation 1 / the frames
/// seen so far rather than an error; only the fields that give the size are required.
/// </remarks>
public static class ImageIdentifier
{
    /// <summary>
    /// The most bytes <see cref="Identify(Stream, string?)"/> reads from a stream: 32 MiB. It reads a first 4 KiB block,
    /// then grows the block (at least doubling) only while a reader needs bytes past it: JPEG up to its frame header,
    /// PNG up to the first IDAT, WebP VP8/VP8L their first 30 bytes, HEIC/AVIF the meta box. Counting GIF frames,
    /// counting animated WebP frames and finding a WebP EXIF chunk (stored after the image data) read further, up to
    /// this limit; past it, the frames counted and the orientation found so far are reported.
    /// </summary>
    public const int MaxStreamBytes = 32 * 1024 * 1024;

    // Enough for every signature and for most JPEG/PNG headers; readers ask for more when they need it.
    private const int InitialStreamBytes = 4096;

    /// <summary>The format shown by the magic bytes at the start of <paramref name="data"/>; never uses a file extension.</summary>
    /// <returns><see cref="ImageFormat.Unknown"/> when no known signature matches.</returns>
    public static ImageFormat DetectFormat(ReadOnlySpan<byte> data) => ImageFormatDetector.Detect(new HeaderBytes(data, isComplete: true));

    /// <summary>Identifies the image held in <paramref name="data"/>.</summary>
    /// <param name="data">The whole file (a prefix works too, as long as it holds the header).</param>
    /// <param name="sourceName">File name, path or URL, used in error messages; null gives "the image data".</param>
    /// <exception cref="UnknownImageFormatException">No known signature (empty data, not an image, damaged signature).</exception>
    /// <exception cref="UnsupportedImageFormatException">HEIC, AVIF or TIFF; the message says how to convert it.</exception>
    /// <exception cref="InvalidImageContentException">The header is truncated or holds impossible values.</exception>
    public static ImageInfo Identify(ReadOnlySpan<byte> data, string? sourceName = null) =>
        Identify(new HeaderBytes(data, isComplete: true), sourceName, limitReached: false);

    /// <summary>
    /// Identifies the image read from <paramref name="stream"/>, starting at its current position and reading only as far
    /// as the header needs, at most <see cref="MaxStreamBytes"/>. A seekable stream is put back where it was.
    /// </summary>
    /// <param name="stream">A readable stream.</param>
    /// <param name="sourceName">Name for error messages; defaults to the file name of a <see cref="FileStream"/>.</param>
    /// <exception cref="UnknownImageFormatException">No known signature.</exception>
    /// <exception cref="UnsupportedImageFormatException">HEIC, AVIF or TIFF.</exception>
    /// <exception cref="InvalidImageContentException">The header is truncated or holds impossible values.</exception>
    public static ImageInfo Identify(Stream stream, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream cannot be read.", nameof(stream));
        }

        sourceName ??= (stream as FileStream)?.Name;
        long? startPosition = stream.CanSeek ? stream.Position : null;
        try
        {
            var prefix = new StreamPrefix(stream, MaxStreamBytes);
            prefix.FillTo(InitialStreamBytes);
            while (true)
            {
                try
                {
                    return Identify(new HeaderBytes(prefix.Bytes, prefix.IsComplete), sourceName, prefix.LimitReached);
                }
                catch (HeaderTruncatedException needMore)
                {
                    // Only raised while the prefix is incomplete. Growing at least twofold keeps the re-parsing linear overall.
                    prefix.FillTo(Math.Max(needMore.RequiredLength, 2L * prefix.Length));
                }
            }
        }
        finally
        {
            if (startPosition is { } position)
            {
                stream.Position = position;
            }
        }
    }

    private static ImageInfo Identify(HeaderBytes data, string? sourceName, bool limitReached)
    {
        ImageFormat format = ImageFormatDetector.Detect(data);
        try
        {
            return format switch
            {
                ImageFormat.Jpeg => JpegHeaderReader.Read(data),
                ImageFormat.Png => PngHeaderReader.Read(data),
                ImageFormat.Gif => GifHeaderReader.Read(data),
                ImageFormat.WebP => WebPHeaderReader.Read(data),
                ImageFormat.Bmp => BmpHeaderReader.Read(data),
                ImageFormat.Heic or ImageFormat.Avif => throw UnsupportedHeif(format, data, sourceName),
                ImageFormat.Tiff when TiffHeaderReader.IsBigTiff(data) => throw new UnsupportedImageFormatException(format, sourceName),
                ImageFormat.Tiff => TiffHeaderReader.Read(data),
                _ => throw new UnknownImageFormatException(sourceName, DescribeUnknown(data.Span)),
            };
        }
        catch (HeaderCorruptException corrupt)
        {
            throw new InvalidImageContentException(format, corrupt.Message, sourceName);
        }
        catch (HeaderTruncatedException truncated) when (data.IsComplete)
        {
            string problem = limitReached
                ? $"the {truncated.What} does not end within the first {MaxStreamBytes} bytes, the most VisionPS reads from a stream"
                : $"the data ends after {data.Length} bytes, inside the {truncated.What}";
            throw new InvalidImageContentException(format, problem, sourceName);
        }
    }

    private static UnsupportedImageFormatException UnsupportedHeif(ImageFormat format, HeaderBytes data, string? sourceName)
    {
        (int width, int height) = HeifImageSizeReader.Read(data);
        return new UnsupportedImageFormatException(format, sourceName, width, height);
    }

    private static string DescribeUnknown(ReadOnlySpan<byte> start) => start.IsEmpty
        ? "it is empty (0 bytes)"
        : $"its first bytes ({Convert.ToHexString(start[..Math.Min(8, start.Length)])}) match no known image signature";
}
