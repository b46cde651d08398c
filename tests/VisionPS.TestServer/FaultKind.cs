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
    /// <summary>Answer with a redirect (307 by default) to <see cref="Fault.Location"/>.</summary>
    Redirect,
    /// <summary>Hostile: a 200 stream of valid chunks that never ends (stops by itself after 1 GiB or 120 s).</summary>
    EndlessStream,
    /// <summary>Hostile: a 200 JSON body of 10 GB (stops by itself after 120 s).</summary>
    HugeBody,
    /// <summary>Hostile: a 200 stream whose first line never ends (stops by itself after 1 GiB or 120 s).</summary>
    EndlessLine,
    /// <summary>Hostile: an answer nested <see cref="Fault.Depth"/> arrays deep.</summary>
    DeepJson,
    /// <summary>Hostile: an answer whose content is not valid UTF-8.</summary>
    InvalidUtf8,
    /// <summary>Hostile: response headers of <see cref="Fault.Kilobytes"/> KiB in all.</summary>
    GiantHeaders,
    /// <summary>Hostile: a stream that sends one keep-alive comment every <see cref="Fault.Duration"/>, under any idle timeout (stops by itself after 120 s).</summary>
    Slowloris,
    /// <summary>Answer a JSON response_format with invalid, non-conforming or truncated JSON.</summary>
    JsonAnswer,
}
