namespace VisionPS.TestServer.Batches;

/// <summary>
/// Where the Batch API is served and how it is checked: OpenAI's <c>/v1/…</c> (Bearer, endpoint <c>/v1/chat/completions</c>)
/// or Azure classic's data-plane <c>/openai/…?api-version=</c> (<c>api-key</c> header, endpoint <c>/chat/completions</c>).
/// </summary>
internal sealed record BatchApiShape(string Prefix, string ChatEndpoint, bool Azure)
{
    public static BatchApiShape OpenAI { get; } = new("/v1", "/v1/chat/completions", Azure: false);

    public static BatchApiShape AzureClassic { get; } = new("/openai", "/chat/completions", Azure: true);
}
