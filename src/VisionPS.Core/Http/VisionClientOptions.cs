namespace VisionPS.Core.Http;

public sealed class VisionClientOptions
{
    /// <summary>The API root, e.g. https://api.openai.com/v1; <c>/chat/completions</c> is appended.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>Null for servers that need no key (local Ollama, LM Studio, llama.cpp).</summary>
    public ApiCredential? ApiKey { get; init; }

    /// <summary>
    /// How long the server may stay silent: before the response headers, and between two reads of a stream.
    /// Null or zero means no limit.
    /// </summary>
    public TimeSpan? Timeout { get; init; } = DefaultTimeout;

    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromMinutes(5);

    /// <summary>How long opening a TCP connection may take; null or zero means no limit beyond the system's.</summary>
    public TimeSpan? ConnectTimeout { get; init; } = VisionHttp.DefaultConnectTimeout;
}
