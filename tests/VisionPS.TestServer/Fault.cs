namespace VisionPS.TestServer;

/// <summary>
/// A misbehaviour for exactly one later <c>POST /v1/chat/completions</c>. Faults are queued FIFO
/// (<see cref="VisionTestServer.EnqueueFault"/> or <c>POST /_test/faults</c>) and the next chat request takes the
/// first one whatever then happens to it (even if it would fail validation).
/// Status faults answer before authentication and validation; Delay waits and then runs the normal pipeline;
/// the stream faults act once a valid request is being answered.
/// On a non-streaming request: CutStream sends half of the JSON body (Content-Length of the whole) and closes the connection;
/// Stall sends the 200 status line and headers (Content-Length of the whole body) and then no body bytes;
/// ErrorEvent answers 500 with the same error object; Framing has no effect.
/// </summary>
public sealed record Fault
{
    /// <summary>Default message of <see cref="ErrorEvent"/>, as OpenAI words it.</summary>
    public const string DefaultErrorEventMessage = "The server had an error while processing your request.";

    private Fault(FaultKind kind) => Kind = kind;

    /// <summary>What this fault does.</summary>
    public FaultKind Kind { get; }

    /// <summary>HTTP status (Status faults).</summary>
    public int StatusCode { get; private init; }

    /// <summary>error.message (Status and ErrorEvent faults); null = a default for the status.</summary>
    public string? ErrorMessage { get; private init; }

    /// <summary>error.type; null = a default for the status.</summary>
    public string? ErrorType { get; private init; }

    /// <summary>error.code.</summary>
    public string? ErrorCode { get; private init; }

    /// <summary>Sent as <c>retry-after</c> (whole seconds, rounded up) and <c>retry-after-ms</c>.</summary>
    public TimeSpan? RetryAfter { get; private init; }

    /// <summary>Body sent verbatim instead of the JSON error (e.g. an HTML 502 page).</summary>
    public string? RawBody { get; private init; }

    /// <summary>Wait of a Delay fault.</summary>
    public TimeSpan Duration { get; private init; }

    /// <summary>Content chunks sent before a CutStream, Stall or ErrorEvent fault strikes.</summary>
    public int AfterChunks { get; private init; }

    /// <summary>Framing of a Framing fault.</summary>
    public StreamFraming? Framing { get; private init; }

    /// <summary>Target of a Redirect fault.</summary>
    public Uri? Location { get; private init; }

    /// <summary>Nesting of a DeepJson fault.</summary>
    public int Depth { get; private init; }

    /// <summary>Header volume of a GiantHeaders fault; with HugeBody, true when the length is declared up front.</summary>
    public int Kilobytes { get; private init; }

    /// <summary>HugeBody: send Content-Length (10 GB) instead of chunked encoding.</summary>
    public bool DeclareLength { get; private init; }

    /// <summary>True for the kinds that attack the client (each bounded: see <see cref="HostileResponses"/>).</summary>
    public bool IsHostile => Kind is FaultKind.EndlessStream or FaultKind.HugeBody or FaultKind.EndlessLine or FaultKind.DeepJson
        or FaultKind.InvalidUtf8 or FaultKind.GiantHeaders or FaultKind.Slowloris;

    /// <summary>Answer <paramref name="status"/> (301, 302, 303, 307 or 308) with Location: <paramref name="location"/>, before authentication.</summary>
    public static Fault Redirect(Uri location, int status = 307)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (status is not (301 or 302 or 303 or 307 or 308))
        {
            throw new ArgumentOutOfRangeException(nameof(status), "A redirect status is 301, 302, 303, 307 or 308.");
        }

        return new Fault(FaultKind.Redirect) { Location = location, StatusCode = status };
    }

    public static Fault EndlessStream() => new(FaultKind.EndlessStream);

    public static Fault HugeBody(bool declareLength = false) => new(FaultKind.HugeBody) { DeclareLength = declareLength };

    public static Fault EndlessLine() => new(FaultKind.EndlessLine);

    public static Fault DeepJson(int depth = 100_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, 10_000_000);
        return new Fault(FaultKind.DeepJson) { Depth = depth };
    }

    public static Fault InvalidUtf8() => new(FaultKind.InvalidUtf8);

    public static Fault GiantHeaders(int kilobytes = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kilobytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(kilobytes, 16 * 1024);
        return new Fault(FaultKind.GiantHeaders) { Kilobytes = kilobytes };
    }

    public static Fault Slowloris(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.FromMilliseconds(1));
        return new Fault(FaultKind.Slowloris) { Duration = interval };
    }
    /// <summary>For <see cref="FaultKind.JsonAnswer"/>: how the JSON answer is spoiled.</summary>
    public JsonAnswerKind? JsonAnswer { get; private init; }

    /// <summary>
    /// The next request with a JSON response_format gets a spoiled answer (text that is not JSON, JSON that breaks the
    /// schema, or the answer cut in half with finish_reason "length"); a plain-text request answers normally.
    /// </summary>
    public static Fault Json(JsonAnswerKind kind) => new(FaultKind.JsonAnswer) { JsonAnswer = kind };

    /// <summary>Reply with <paramref name="status"/> and an OpenAI error body (or <paramref name="rawBody"/> verbatim).</summary>
    public static Fault Status(int status, string? message = null, string? type = null, string? code = null, TimeSpan? retryAfter = null, string? rawBody = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        if (retryAfter is { } r)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(r, TimeSpan.Zero, nameof(retryAfter));
        }

        return new Fault(FaultKind.Status)
        {
            StatusCode = status,
            ErrorMessage = message,
            ErrorType = type,
            ErrorCode = code,
            RetryAfter = retryAfter,
            RawBody = rawBody,
        };
    }

    /// <summary>429 with <c>retry-after</c>/<c>retry-after-ms</c>, type "requests", code "rate_limit_exceeded".</summary>
    public static Fault RateLimited(TimeSpan retryAfter)
        => Status(
            429,
            $"Rate limit reached for requests. Limit: 10000 / min. Please try again in {FormatSeconds(retryAfter)}.",
            "requests",
            "rate_limit_exceeded",
            retryAfter);

    /// <summary>Answer normally after <paramref name="delay"/> (cut short if the client leaves or the server stops).</summary>
    public static Fault Delay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new Fault(FaultKind.Delay) { Duration = delay };
    }

    /// <summary>Send <paramref name="afterChunks"/> content chunks, write half of the next event, then close the connection
    /// (gracefully: the bytes already sent do arrive, then the body ends mid-chunk, which HttpClient reports as an IOException).</summary>
    public static Fault CutStream(int afterChunks) => new(FaultKind.CutStream) { AfterChunks = NonNegative(afterChunks) };

    /// <summary>Send <paramref name="afterChunks"/> content chunks, flush, then send nothing until the client disconnects or the server is disposed.</summary>
    public static Fault Stall(int afterChunks) => new(FaultKind.Stall) { AfterChunks = NonNegative(afterChunks) };

    /// <summary>Send <paramref name="afterChunks"/> content chunks, then <c>data: {"error":{...}}</c>, then end the stream without [DONE].</summary>
    public static Fault ErrorEvent(int afterChunks, string message = DefaultErrorEventMessage, string type = "server_error", string? code = null)
        => new(FaultKind.ErrorEvent) { AfterChunks = NonNegative(afterChunks), ErrorMessage = message, ErrorType = type, ErrorCode = code };

    /// <summary>Stream this one request with <paramref name="framing"/>.</summary>
    public static Fault WithFraming(StreamFraming framing)
    {
        if (!Enum.IsDefined(framing))
        {
            throw new ArgumentOutOfRangeException(nameof(framing));
        }

        return new Fault(FaultKind.Framing) { Framing = framing };
    }

    private static int NonNegative(int afterChunks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterChunks);
        return afterChunks;
    }

    private static string FormatSeconds(TimeSpan t)
        => t.TotalMilliseconds % 1000 == 0
            ? $"{(long)t.TotalSeconds}s"
            : FormattableString.Invariant($"{t.TotalSeconds:0.###}s");
}
