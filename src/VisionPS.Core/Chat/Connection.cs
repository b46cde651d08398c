using VisionPS.Core.Diagnostics;
using VisionPS.Core.Http;

namespace VisionPS.Core.Chat;

/// <summary>Where requests go and with which key, from parameters first and then the environment.</summary>
public sealed class Connection
{
    public const string BaseUrlVariable = "VISIONPS_BASE_URL";
    public const string OpenAIBaseUrlVariable = "OPENAI_BASE_URL";
    public const string ApiKeyVariable = "VISIONPS_API_KEY";
    public const string OpenAIApiKeyVariable = "OPENAI_API_KEY";
    public const string ModelVariable = "VISIONPS_MODEL";

    /// <summary>The model used against OpenAI itself when none is named.</summary>
    public const string DefaultOpenAIModel = "gpt-4o-mini";

    private Connection(Uri baseUrl, ApiCredential? apiKey)
    {
        BaseUrl = baseUrl;
        ApiKey = apiKey;
    }

    public Uri BaseUrl { get; }

    public ApiCredential? ApiKey { get; }

    /// <param name="baseUrl">-BaseUrl, or null.</param>
    /// <param name="apiKey">-ApiKey, or null.</param>
    /// <param name="environment">Reads an environment variable (Environment.GetEnvironmentVariable, or a fake in tests).</param>
    /// <param name="requireKey">False when nothing will be sent (only the request body is wanted).</param>
    public static Connection Resolve(string? baseUrl, ApiCredential? apiKey, Func<string, string?> environment, bool requireKey = true)
    {
        string? url = FirstNonEmpty(baseUrl, environment(BaseUrlVariable), environment(OpenAIBaseUrlVariable));
        Uri resolved;
        try
        {
            resolved = url is null ? Endpoints.OpenAI : Endpoints.NormalizeBaseUrl(url);
        }
        catch (ArgumentException ex)
        {
            throw new VisionArgumentException(ErrorIds.InvalidBaseUrl, ex.Message, "Pass -BaseUrl with the provider's API root, or set $env:VISIONPS_BASE_URL.");
        }

        string? envKey = FirstNonEmpty(environment(ApiKeyVariable), environment(OpenAIApiKeyVariable));
        ApiCredential? key = apiKey ?? (envKey is null ? null : new ApiCredential(envKey));
        if (key is null && requireKey && !Endpoints.IsLocal(resolved))
        {
            throw new ApiKeyMissingException(resolved);
        }

        return new Connection(resolved, key);
    }

    /// <summary>-Model, then the conversation's model, then $env:VISIONPS_MODEL, then OpenAI's default when talking to OpenAI.</summary>
    public string ResolveModel(string? model, string? conversationModel, Func<string, string?> environment) =>
        TryResolveModel(model, conversationModel, environment)
        ?? throw new VisionArgumentException(
            ErrorIds.ModelNotSpecified,
            $"No model was named for {BaseUrl}.",
            "Pass -Model (the id the provider lists under /models), or set $env:VISIONPS_MODEL.");

    /// <summary>Like <see cref="ResolveModel"/>, but null instead of an error when no model can be named.</summary>
    public string? TryResolveModel(string? model, string? conversationModel, Func<string, string?> environment) =>
        FirstNonEmpty(model, conversationModel, environment(ModelVariable))
        ?? (BaseUrl.Host.Equals(Endpoints.OpenAI.Host, StringComparison.OrdinalIgnoreCase) ? DefaultOpenAIModel : null);

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
