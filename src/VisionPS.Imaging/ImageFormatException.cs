namespace VisionPS.Imaging;

/// <summary>Base type of the errors <see cref="ImageIdentifier"/> raises for data that is not a usable image.</summary>
public class ImageFormatException : Exception
{
    public ImageFormatException()
        : this("The image data is not a usable image.")
    {
    }

    public ImageFormatException(string message)
        : base(message)
    {
    }

    public ImageFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <param name="message">The full message; it names the source and says what to do.</param>
    /// <param name="sourceName">The file name, path or URL the bytes came from; null when unknown.</param>
    /// <param name="format">The format the magic bytes showed, or <see cref="ImageFormat.Unknown"/>.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ImageFormatException(string message, string? sourceName, ImageFormat format, Exception? innerException)
        : base(message, innerException)
    {
        SourceName = sourceName;
        Format = format;
    }

    /// <summary>The file name, path or URL the image came from; null when the caller did not give one.</summary>
    public string? SourceName { get; }

    /// <summary>The format shown by the magic bytes; <see cref="ImageFormat.Unknown"/> when none matched.</summary>
    public ImageFormat Format { get; }

    /// <summary>How messages refer to the source: <c>'photo.jpg'</c>, or "the image data" when there is no name.</summary>
    internal static string DescribeSource(string? sourceName, bool startOfSentence) =>
        sourceName is null ? (startOfSentence ? "The image data" : "the image data") : $"'{sourceName}'";
}
