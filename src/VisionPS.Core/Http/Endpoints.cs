namespace VisionPS.Core.Http;

/// <summary>Base-URL handling shared by every request.</summary>
public static class Endpoints
{
    public static Uri OpenAI { get; } = new("https://api.openai.com/v1");

    /// <summary>
    /// Checks and tidies a user's base URL: http(s) only, no trailing slash, and a pasted
    /// <c>…/chat/completions</c> endpoint is cut back to its base.
    /// </summary>
    public static Uri NormalizeBaseUrl(string value)
    {
        if (!Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{value}' is not an http:// or https:// URL. Give the API root, e.g. https://api.openai.com/v1 or http://localhost:11434/v1.");
        }

        string text = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        const string suffix = "/chat/completions";
        if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            text = text[..^suffix.Length];
        }

        return new Uri(text + uri.Query);
    }

    public static Uri Combine(Uri baseUrl, string relative)
    {
        var builder = new UriBuilder(baseUrl);
        builder.Path = builder.Path.TrimEnd('/') + "/" + relative;
        return builder.Uri;
    }

    /// <summary>True for servers on this machine, which usually need no key (Ollama, LM Studio, llama.cpp, vLLM).</summary>
    public static bool IsLocal(Uri uri) => uri.IsLoopback;

    /// <summary>Servers known to want <c>max_completion_tokens</c> rather than <c>max_tokens</c>.</summary>
    public static bool PrefersMaxCompletionTokens(Uri uri) =>
        uri.Host.Equals("api.openai.com", StringComparison.OrdinalIgnoreCase)
        || uri.Host.EndsWith(".openai.azure.com", StringComparison.OrdinalIgnoreCase);
}
