using VisionPS.Core.Providers;

namespace VisionPS.Core.Http;

public sealed record VisionClientOptions
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

    /// <summary>Authorization: Bearer (default), or api-key (Azure OpenAI).</summary>
    public ApiKeyHeader KeyHeader { get; init; } = ApiKeyHeader.Bearer;

    /// <summary>Azure classic: the deployment; requests go to {BaseUrl}/openai/deployments/{Deployment}/chat/completions.</summary>
    public string? Deployment { get; init; }

    /// <summary>Sent as ?api-version= (Azure classic).</summary>
    public string? ApiVersion { get; init; }

    public NetworkOptions Network { get; init; } = NetworkOptions.Default;

    public ResponseLimits Limits { get; init; } = ResponseLimits.Default;
}
