namespace VisionPS.Core.Http;

/// <summary>The server sent something that is not valid JSON of the expected shape (a stream event or a whole answer).</summary>
public sealed class ApiProtocolException : Exception
{
    public ApiProtocolException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
