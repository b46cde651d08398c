namespace VisionPS.Imaging;

/// <summary>The data starts with no known image signature (empty file, not an image, damaged signature).</summary>
public sealed class UnknownImageFormatException : ImageFormatException
{
    private const string DefaultDetail = "its first bytes match no known image signature";

    public UnknownImageFormatException(string? sourceName)
        : this(sourceName, null)
    {
    }

    /// <param name="sourceName">The file name, path or URL; null when unknown.</param>
    /// <param name="detail">What was seen, e.g. "it is empty (0 bytes)"; null for the generic text.</param>
    public UnknownImageFormatException(string? sourceName, string? detail)
        : base(BuildMessage(sourceName, detail ?? DefaultDetail), sourceName, ImageFormat.Unknown, null)
    {
    }

    private static string BuildMessage(string? sourceName, string detail) =>
        $"{DescribeSource(sourceName, startOfSentence: true)} is not an image VisionPS can read: {detail}. " +
        "Supported formats are JPEG, PNG, GIF, WebP, BMP and TIFF; check that the path points to an image file.";
}
