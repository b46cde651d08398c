namespace VisionPS.Core.Http;

/// <summary>The server sent nothing for longer than the idle timeout, or took longer than the overall limit for one answer.</summary>
public sealed class ApiTimeoutException : TimeoutException
{
    public ApiTimeoutException(Uri endpoint, TimeSpan timeout, bool waitingForHeaders, bool overall = false)
        : base(overall
            ? $"{endpoint} took longer than {timeout.TotalSeconds:0.#} s for one answer (-TotalTimeoutSec); VisionPS stopped reading."
            : waitingForHeaders
            ? $"{endpoint} did not answer within {timeout.TotalSeconds:0.#} s."
            : $"{endpoint} stopped sending for {timeout.TotalSeconds:0.#} s in the middle of the answer.")
    {
        Endpoint = endpoint;
        Timeout = timeout;
        Overall = overall;
    }

    public Uri Endpoint { get; }

    public TimeSpan Timeout { get; }

    /// <summary>True when the overall limit (not the idle one) ended the answer.</summary>
    public bool Overall { get; }
}
