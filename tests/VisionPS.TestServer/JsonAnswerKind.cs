namespace VisionPS.TestServer;

/// <summary>How a <see cref="Fault.JsonAnswer"/> spoils the JSON answer to a request with a JSON response_format.</summary>
public enum JsonAnswerKind
{
    /// <summary>Text that is not JSON at all.</summary>
    Invalid,
    /// <summary>Valid JSON that does not follow the request's schema: <c>{"unexpected":true}</c>.</summary>
    Mismatch,
    /// <summary>The valid answer cut in half, with finish_reason "length".</summary>
    Truncated,
}
