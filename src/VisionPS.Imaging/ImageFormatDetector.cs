using VisionPS.Imaging.Heif;

namespace VisionPS.Imaging;

/// <summary>Recognises a format from the magic bytes at the start of the data; the file name is never consulted.</summary>
internal static class ImageFormatDetector
{
    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Gif87Signature => "GIF87a"u8;

    private static ReadOnlySpan<byte> Gif89Signature => "GIF89a"u8;

    private static ReadOnlySpan<byte> RiffSignature => "RIFF"u8;

    private static ReadOnlySpan<byte> WebPFormType => "WEBP"u8;

    private static ReadOnlySpan<byte> BmpSignature => "BM"u8;

    // Classic TIFF (42) and BigTIFF (43), little- and big-endian.
    private static ReadOnlySpan<byte> TiffLittleEndian => "II*\0"u8;

    private static ReadOnlySpan<byte> TiffBigEndian => "MM\0*"u8;

    private static ReadOnlySpan<byte> BigTiffLittleEndian => "II+\0"u8;

    private static ReadOnlySpan<byte> BigTiffBigEndian => "MM\0+"u8;

    /// <exception cref="HeaderTruncatedException">Only for an incomplete stream prefix whose <c>ftyp</c> brand list continues past it.</exception>
    public static ImageFormat Detect(HeaderBytes data)
    {
        ReadOnlySpan<byte> start = data.Span;
        if (start.StartsWith(JpegSignature))
        {
            return ImageFormat.Jpeg;
        }

        if (start.StartsWith(PngSignature))
        {
            return ImageFormat.Png;
        }

        if (start.StartsWith(Gif89Signature) || start.StartsWith(Gif87Signature))
        {
            return ImageFormat.Gif;
        }

        if (start.StartsWith(RiffSignature) && start.Length >= 12 && start.Slice(8, 4).SequenceEqual(WebPFormType))
        {
            return ImageFormat.WebP;
        }

        if (start.StartsWith(BmpSignature))
        {
            return ImageFormat.Bmp;
        }

        if (start.StartsWith(TiffLittleEndian) || start.StartsWith(TiffBigEndian)
            || start.StartsWith(BigTiffLittleEndian) || start.StartsWith(BigTiffBigEndian))
        {
            return ImageFormat.Tiff;
        }

        return IsoBmffBrandReader.Classify(data);
    }
}
