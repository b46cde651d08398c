namespace VisionPS.Imaging;

/// <summary>
/// Internal signal from a header reader: the bytes it needs end before <see cref="RequiredLength"/>.
/// <see cref="ImageIdentifier"/> either reads more of the stream and tries again, or reports
/// <see cref="InvalidImageContentException"/>; it never escapes the library.
/// </summary>
internal sealed class HeaderTruncatedException : Exception
{
    public HeaderTruncatedException(long requiredLength, string what)
        : base($"The data ends before byte {requiredLength}, inside the {what}.")
    {
        RequiredLength = requiredLength;
        What = what;
    }

    /// <summary>How many bytes from the start the reader needs to go on.</summary>
    public long RequiredLength { get; }

    /// <summary>What was being read ("IHDR chunk").</summary>
    public string What { get; }
}
