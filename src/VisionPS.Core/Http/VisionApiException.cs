namespace VisionPS.Core.Http;

/// <summary>The provider answered with an error: an HTTP error status, or an error event inside a stream.</summary>
public sealed class VisionApiException : Exception
{
    public VisionApiException(string message, int? statusCode, ApiErrorBody error, string? requestId, TimeSpan? retryAfter, bool duringStream)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorType = error.Type;
        ErrorCode = error.Code;
        Param = error.Param;
        ServerMessage = error.Message;
        RequestId = requestId;
        RetryAfter = retryAfter;
        DuringStream = duringStream;
    }

    /// <summary>Status and rate-limit headers of the error response; null for an error event inside a stream.</summary>
    public ResponseInfo? Response { get; init; }

    /// <summary>HTTP status, or null for an error event that arrived inside a 200 stream.</summary>
    public int? StatusCode { get; }

    public string? ErrorType { get; }

    public string? ErrorCode { get; }

    public string? Param { get; }

    /// <summary>The provider's own message (already scrubbed of the API key).</summary>
    public string? ServerMessage { get; }

    public string? RequestId { get; }

    public TimeSpan? RetryAfter { get; }

    public bool DuringStream { get; }
}
