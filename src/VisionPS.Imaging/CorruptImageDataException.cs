namespace VisionPS.Imaging;

/// <summary>The header was readable but the pixel data is truncated or corrupt, so the image cannot be decoded.</summary>
public sealed class CorruptImageDataException : ImageFormatException
{
    public CorruptImageDataException(ImageFormat format, string problem, string? sourceName)
        : base(BuildMessage(format, problem, sourceName), sourceName, format, null)
    {
        Problem = problem;
    }

    /// <summary>What was wrong, without the source name or advice.</summary>
    public string Problem { get; }

    private static string BuildMessage(ImageFormat format, string problem, string? sourceName) =>
        $"{DescribeSource(sourceName, startOfSentence: true)} is a {format.GetDisplayName()} image whose pixel data cannot be decoded: {problem}. " +
        "The file is probably truncated or corrupt; re-export or re-download it.";
}
