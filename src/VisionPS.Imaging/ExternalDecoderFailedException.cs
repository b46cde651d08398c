namespace VisionPS.Imaging;

/// <summary>The program on PATH that decodes HEIC/AVIF failed on this file (exit code, timeout, no or oversized output).</summary>
public sealed class ExternalDecoderFailedException : ImageFormatException
{
    public ExternalDecoderFailedException(ImageFormat format, string decoder, string problem, string? sourceName)
        : base($"{DescribeSource(sourceName, startOfSentence: true)} is a {format.GetDisplayName()} image that {decoder} could not decode: {problem}.", sourceName, format, null)
    {
        Decoder = decoder;
    }

    /// <summary>The program that was run (heif-dec, sips, ffmpeg).</summary>
    public string Decoder { get; }
}
