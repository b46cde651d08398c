using VisionPS.Core.Protocol;

namespace VisionPS;

/// <summary>One answered request: the text, how it ended, what it cost in tokens, and the conversation so far.</summary>
public sealed class ChatResult
{
    private int _attempts = 1;
    private object? _data;
    private bool _streamedToHost;

    public required string Text { get; init; }

    public required string Prompt { get; init; }

    /// <summary>The model that answered, as the provider named it.</summary>
    public string? Model { get; init; }

    /// <summary>stop, length, content_filter, … as the provider said; null when it did not say.</summary>
    public string? FinishReason { get; init; }

    /// <summary>Null when the provider reported no usage.</summary>
    public TokenUsage? Usage { get; init; }

    /// <summary>The pre-send estimate (per image and total), labelled as one; <see cref="Usage"/> is the truth.</summary>
    public CallEstimate? Estimate { get; init; }

    /// <summary>What the call cost: the reported usage at the catalog's price; null when either is unknown.</summary>
    public Cost? Cost { get; init; }

    /// <summary>The sources of the images sent with this request (paths, URLs, or a description of in-memory data).</summary>
    public required IReadOnlyList<string> Images { get; init; }

    /// <summary>The time of the attempt that answered (earlier, failed attempts and waits are not counted).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>How many times the request was sent: 1, or more when it was retried.</summary>
    public int Attempts
    {
        get => _attempts;
        init => _attempts = value;
    }

    /// <summary>Time from sending the request to the first text; null when no text came.</summary>
    public TimeSpan? TimeToFirstToken { get; init; }

    public string? RequestId { get; init; }

    /// <summary>
    /// True when the text was written to the host as it arrived (-Stream, not silenced), so the default view does not
    /// print it a second time; <see cref="Text"/> always holds it.
    /// </summary>
    public bool StreamedToHost
    {
        get => _streamedToHost;
        init => _streamedToHost = value;
    }

    /// <summary>The completion id (chatcmpl-…).</summary>
    public string? Id { get; init; }

    /// <summary>Set when the model refused; the refusal text.</summary>
    public string? Refusal { get; init; }

    /// <summary>The API root that answered (never holds a key).</summary>
    public string? BaseUrl { get; init; }

    /// <summary>
    /// The whole conversation including this answer, so that piping this result into Invoke-VisionChat continues it.
    /// </summary>
    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    /// <summary>
    /// The conversation including this answer, with its images as sent and the usage totals of every turn. Pass it (or
    /// this result) to -Conversation to go on; it survives ConvertTo-Json -Depth 8 / ConvertFrom-Json.
    /// </summary>
    public Conversation? Conversation { get; init; }

    /// <summary>
    /// With -Schema or -AsJson: the answer parsed and validated (a PSCustomObject, or an instance of the given type, once
    /// the cmdlet has converted it); null otherwise. <see cref="Text"/> keeps the raw text.
    /// </summary>
    public object? Data => _data;

    /// <summary>True when the answer came from the answer cache (-Cache): nothing was sent, <see cref="Usage"/> is the original request's and <see cref="Cost"/> is 0.</summary>
    public bool FromCache { get; private init; }

    /// <summary>When the cached answer was first received; null when this answer was not from the cache.</summary>
    public DateTimeOffset? CachedAt { get; private init; }

    /// <summary>Status and rate-limit headers of the answer, for the client-side limiter; not part of the public result.</summary>
    internal Core.Http.ResponseInfo? Response { get; init; }

    public override string ToString() => Text;

    /// <summary>A copy carrying <paramref name="data"/> (Core sets the parsed JSON; the cmdlet layer its PowerShell form).</summary>
    public ChatResult WithData(object? data)
    {
        var copy = (ChatResult)MemberwiseClone();
        copy._data = data;
        return copy;
    }

    /// <summary>A copy marked as shown on the host while it streamed (the cmdlet layer knows whether the host showed it).</summary>
    public ChatResult AsStreamedToHost()
    {
        var copy = (ChatResult)MemberwiseClone();
        copy._streamedToHost = true;
        return copy;
    }
    /// <summary>A copy marked as answered from the cache, costing <paramref name="cost"/> (0) for this run.</summary>
    internal ChatResult AsCached(DateTimeOffset cachedAt, Cost cost) => new()
    {
        Text = Text,
        Prompt = Prompt,
        Model = Model,
        FinishReason = FinishReason,
        Usage = Usage,
        Estimate = Estimate,
        Cost = cost,
        Images = Images,
        Duration = TimeSpan.Zero,
        TimeToFirstToken = null,
        RequestId = RequestId,
        Id = Id,
        Refusal = Refusal,
        BaseUrl = BaseUrl,
        Messages = Messages,
        Conversation = Conversation,
        Response = Response,
        FromCache = true,
        CachedAt = cachedAt,
        _data = _data,
    };

    internal ChatResult WithAttempts(int attempts)
    {
        var copy = (ChatResult)MemberwiseClone();
        copy._attempts = attempts;
        return copy;
    }
}
