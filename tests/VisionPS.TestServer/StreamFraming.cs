namespace VisionPS.TestServer;

/// <summary>How a streamed (SSE) answer is put on the wire. Every framing carries the same text.</summary>
public enum StreamFraming
{
    /// <summary><c>data: {json}\n\n</c>, as OpenAI sends it.</summary>
    Lf,
    /// <summary>Lines end in <c>\r\n</c>.</summary>
    CrLf,
    /// <summary>Lines end in a lone <c>\r</c> (legal SSE, rarely seen).</summary>
    Cr,
    /// <summary><c>: keep-alive</c> comment lines before and between events, plus an <c>: OPENROUTER PROCESSING</c> one.</summary>
    KeepAliveComments,
    /// <summary>LF framing written and flushed one byte at a time.</summary>
    Trickle,
    /// <summary>LF framing written in pieces cut at seeded-random byte offsets, also inside multi-byte UTF-8 characters.</summary>
    RandomSplit,
    /// <summary>Azure OpenAI quirks: a first chunk with empty id/model/choices and <c>prompt_filter_results</c>,
    /// and a chunk whose choice has <c>content_filter_results</c> and no <c>delta</c>.</summary>
    AzureStyle,
    /// <summary>Everything except the final <c>data: [DONE]</c>.</summary>
    NoDone,
    /// <summary>Each event's JSON split over several <c>data:</c> lines between JSON tokens.</summary>
    MultiLineData,
}
