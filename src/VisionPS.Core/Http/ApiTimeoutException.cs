namespace VisionPS.Core.Http;

/// <summary>The server sent nothing for longer than the configured timeout.</summary>
public sealed class ApiTimeoutException : TimeoutException
{
    public ApiTimeoutException(Uri endpoint, TimeSpan timeout, bool waitingForHeaders)
        : base(waitingForHeaders
            ? $"{endpoint} did not answer within {timeout.TotalSeconds:0.#} s."
            : $"{endpoint} stopped sending for {timeout.TotalSeconds:0.#} s in the middle of the answer.")
    {
        Endpoint = endpoint;
        Timeout = timeout;
    }

    public Uri Endpoint { get; }

    public TimeSpan Timeout { get; }
}
