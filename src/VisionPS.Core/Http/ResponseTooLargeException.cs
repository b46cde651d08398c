namespace VisionPS.Core.Http;

/// <summary>The server sent more than a <see cref="ResponseLimits"/> cap allows; the rest was not read.</summary>
public sealed class ResponseTooLargeException : IOException
{
    public ResponseTooLargeException(string message)
        : base(message)
    {
    }
}
