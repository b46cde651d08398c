namespace VisionPS.Imaging;

/// <summary>A HEIC/AVIF image, and no program on PATH that decodes it; the message says what to install.</summary>
public sealed class ImageDecoderMissingException : ImageFormatException
{
    /// <param name="format">HEIC or AVIF.</param>
    /// <param name="sourceName">The file name, path or URL; null when unknown.</param>
    /// <param name="width">Width from the header when it could be read, else 0.</param>
    /// <param name="height">Height from the header when it could be read, else 0.</param>
    /// <param name="installHint">What to install on this platform.</param>
    public ImageDecoderMissingException(ImageFormat format, string? sourceName, int width, int height, string installHint)
        : base(
            $"{DescribeSource(sourceName, startOfSentence: true)} is a {format.GetDisplayName()} image{(width > 0 && height > 0 ? $" ({width}x{height})" : string.Empty)}, " +
            $"which VisionPS decodes with a program on PATH (heif-dec, heif-convert, sips or ffmpeg), and none was found. {installHint}",
            sourceName,
            format,
            null)
    {
        InstallHint = installHint;
    }

    /// <summary>What to install on this platform.</summary>
    public string InstallHint { get; }
}
