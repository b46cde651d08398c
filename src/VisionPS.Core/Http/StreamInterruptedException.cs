namespace VisionPS.Core.Http;

/// <summary>A streamed answer broke off: the connection dropped, or the stream ended before the answer was complete.</summary>
public sealed class StreamInterruptedException : IOException
{
    public StreamInterruptedException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
