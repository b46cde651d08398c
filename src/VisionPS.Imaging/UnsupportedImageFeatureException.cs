namespace VisionPS.Imaging;

/// <summary>
/// A valid image that uses a coding feature the built-in decoder does not implement (e.g. arithmetic-coded or 12-bit JPEG);
/// the message says how to convert it.
/// </summary>
public sealed class UnsupportedImageFeatureException : ImageFormatException
{
    public UnsupportedImageFeatureException(ImageFormat format, string feature, string? sourceName)
        : base(BuildMessage(format, feature, sourceName), sourceName, format, null)
    {
        Feature = feature;
    }

    /// <summary>The feature, e.g. "arithmetic coding (SOF9)".</summary>
    public string Feature { get; }

    private static string BuildMessage(ImageFormat format, string feature, string? sourceName)
    {
        string input = sourceName ?? "in";
        string output = sourceName is null ? "out.png" : Path.ChangeExtension(sourceName, ".converted.png");
        // TIFF, BMP, HEIC and AVIF are not sent as they are, so -NoResize is no way out for them.
        string unchanged = SendableUnchanged(format) ? "; or send it unchanged with -NoResize" : string.Empty;
        return $"{DescribeSource(sourceName, startOfSentence: true)} is a {format.GetDisplayName()} image that uses {feature}, which VisionPS cannot decode. " +
            $"Convert it first, for example: magick \"{input}\" \"{output}\"{unchanged}.";
    }

    /// <summary>Formats vision APIs take as they are, so an image VisionPS cannot decode may still go unchanged.</summary>
    public static bool SendableUnchanged(ImageFormat format) => format is ImageFormat.Jpeg or ImageFormat.Png or ImageFormat.Gif or ImageFormat.WebP;
}
