namespace VisionPS.Core.Http;

/// <summary>
/// Composes every service URL from the client options, for chat and the Batch API alike. A plain base (OpenAI,
/// local servers, Azure v1's …/openai/v1) takes <c>{base}/{relative}</c>. Azure classic (a deployment) takes
/// chat under <c>openai/deployments/{deployment}/</c>, models under <c>openai/models</c> and everything else (files,
/// batches) under <c>openai/{relative}</c>. The api-version, when there is one, is appended to whatever query is there.
/// </summary>
public static class ServiceUrl
{
    /// <param name="options">Base URL, deployment and api-version.</param>
    /// <param name="relative">A path relative to the API root, with its own query if any: <c>chat/completions</c>, <c>files?purpose=batch</c>.</param>
    public static Uri For(VisionClientOptions options, string relative)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(relative);
        int mark = relative.IndexOf('?', StringComparison.Ordinal);
        string path = mark < 0 ? relative : relative[..mark];
        string query = mark < 0 ? string.Empty : relative[(mark + 1)..];
        if (options.Deployment is { } deployment)
        {
            path = path switch
            {
                "chat/completions" => $"openai/deployments/{Uri.EscapeDataString(deployment)}/chat/completions",
                "models" => "openai/models",
                _ => "openai/" + path,
            };
        }

        var builder = new UriBuilder(Endpoints.Combine(options.BaseUrl, path));
        string version = options.ApiVersion is { } v ? "api-version=" + Uri.EscapeDataString(v) : string.Empty;
        builder.Query = string.Join('&', new[] { builder.Query.TrimStart('?'), query, version }.Where(p => p.Length > 0));
        return builder.Uri;
    }
}
