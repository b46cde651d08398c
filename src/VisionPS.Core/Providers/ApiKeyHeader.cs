namespace VisionPS.Core.Providers;

/// <summary>How the key travels: <c>Authorization: Bearer</c> (everyone) or <c>api-key</c> (Azure OpenAI).</summary>
public enum ApiKeyHeader
{
    Bearer,
    ApiKey,
}
