namespace VisionPS.Imaging.Sources;

/// <summary>A document or video VisionPS will not read (encrypted, a page bomb, an oversized page image, no decoder);
/// <see cref="Reason"/> says which, and the message names the input and what to do.</summary>
public sealed class SourceRefusedException : ImageFormatException
{
    public SourceRefusedException(SourceRefusal reason, string message, string? sourceName, Exception? innerException = null)
        : base(message, sourceName, ImageFormat.Unknown, innerException)
    {
        Reason = reason;
    }

    public SourceRefusal Reason { get; }
}
