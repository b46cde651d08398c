namespace VisionPS.Imaging;

/// <summary>
/// Internal signal from a header reader: a field holds an impossible value. <see cref="ImageIdentifier"/> turns it
/// into <see cref="InvalidImageContentException"/> with the source name; it never escapes the library.
/// </summary>
internal sealed class HeaderCorruptException : Exception
{
    /// <param name="problem">What is wrong, phrased to follow "its header cannot be read: ".</param>
    public HeaderCorruptException(string problem)
        : base(problem)
    {
    }
}
