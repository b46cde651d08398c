namespace VisionPS.Imaging;

/// <summary>The signature was recognised but the header is truncated or corrupt; <see cref="Problem"/> says what was wrong.</summary>
public sealed class InvalidImageContentException : ImageFormatException
{
    /// <param name="format">The format shown by the magic bytes.</param>
    /// <param name="problem">What was wrong, e.g. "the data ends after 120 bytes, inside the DQT segment".</param>
    /// <param name="sourceName">The file name, path or URL; null when unknown.</param>
    public InvalidImageContentException(ImageFormat format, string problem, string? sourceName)
        : this(format, problem, sourceName, null)
    {
    }

    public InvalidImageContentException(ImageFormat format, string problem, string? sourceName, Exception? innerException)
        : base(BuildMessage(format, problem, sourceName), sourceName, format, innerException)
    {
        Problem = problem;
    }

    /// <summary>What was wrong with the header, without the source name or advice.</summary>
    public string Problem { get; }

    private static string BuildMessage(ImageFormat format, string problem, string? sourceName) =>
        $"{DescribeSource(sourceName, startOfSentence: true)} looks like a {format.GetDisplayName()} image, but its header cannot be read: {problem}. " +
        "The file is probably truncated or corrupt; re-export or re-download it.";
}
