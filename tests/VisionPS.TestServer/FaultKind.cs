namespace VisionPS.TestServer;

/// <summary>What a <see cref="Fault"/> does to the chat request that takes it.</summary>
public enum FaultKind
{
    /// <summary>Reply with an HTTP error (also used by <see cref="Fault.RateLimited"/>).</summary>
    Status,
    /// <summary>Wait, then answer normally.</summary>
    Delay,
    /// <summary>Send some content chunks, half of the next event, then close the connection.</summary>
    CutStream,
    /// <summary>Send some content chunks, then go silent until the client leaves or the server stops.</summary>
    Stall,
    /// <summary>Send some content chunks, then an <c>{"error":{...}}</c> data event, and end without [DONE].</summary>
    ErrorEvent,
    /// <summary>Use a given <see cref="StreamFraming"/> for this one request.</summary>
    Framing,
    /// <summary>Answer a JSON response_format with invalid, non-conforming or truncated JSON.</summary>
    JsonAnswer,
}
