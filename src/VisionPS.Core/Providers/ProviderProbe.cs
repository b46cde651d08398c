using System.Text;
using System.Text.Json;
using VisionPS.Core.Chat;
using VisionPS.Core.Http;

namespace VisionPS.Core.Providers;

/// <summary>
/// Probes a server once with a 16x16 image and a few small requests (each asks for at most 8 tokens) and turns
/// the answers into <see cref="ProviderQuirks"/>. A 401, 403 or unknown model stops the probe: nothing can be learned.
/// Images per request are not probed (finding the limit would take many requests).
/// </summary>
public sealed class ProviderProbe(VisionChatClient client, string model)
{
    /// <summary>A 16x16 grey PNG (made by ImageMagick).</summary>
    private const string Png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAAAAAA6mKC9AAAAEUlEQVQY02OsY0AFTAwjWgAAl3IAngqOAesAAAAASUVORK5CYII=";

    /// <summary>An 8x8 red lossless WebP (made by ImageMagick).</summary>
    private const string WebP = "data:image/webp;base64,UklGRhwAAABXRUJQVlA4TA8AAAAvB8ABAAcQ/Y/+ByKi/wEA";

    public async Task<(IReadOnlyList<ProbeResult> Results, ProviderQuirks Learned)> RunAsync(Uri? imageUrl, CancellationToken cancellationToken)
    {
        var results = new List<ProbeResult>();
        (bool png, string pngWhy, _) = await TryAsync(Body(Image(Png, null)), cancellationToken).ConfigureAwait(false);
        results.Add(new ProbeResult("PNG image", png, png ? "the server sees images" : "a PNG image was refused: " + pngWhy));
        if (!png)
        {
            return (results, new ProviderQuirks());
        }

        (bool webp, string webpWhy, _) = await TryAsync(Body(Image(WebP, null)), cancellationToken).ConfigureAwait(false);
        results.Add(new ProbeResult("WebP image", webp, webp ? "sent as it is" : "converted to PNG from now on (" + webpWhy + ")"));

        bool? urls = null;
        if (imageUrl is not null)
        {
            (bool ok, string why, _) = await TryAsync(Body(Image(imageUrl.ToString(), null)), cancellationToken).ConfigureAwait(false);
            urls = ok;
            results.Add(new ProbeResult("image URL", ok, ok ? "the server fetches http(s) images itself" : "VisionPS downloads and inlines http(s) images from now on (" + why + ")"));
        }
        else
        {
            results.Add(new ProbeResult("image URL", null, "not probed (no -ProbeImageUrl)"));
        }

        (bool low, _, int? lowTokens) = await TryAsync(Body(Image(Png, "low")), cancellationToken).ConfigureAwait(false);
        (bool high, _, int? highTokens) = await TryAsync(Body(Image(Png, "high")), cancellationToken).ConfigureAwait(false);
        bool? detail = low && high && lowTokens is { } l && highTokens is { } h ? l != h : null;
        results.Add(new ProbeResult("detail", detail, detail switch
        {
            true => $"low and high cost {lowTokens} and {highTokens} prompt tokens",
            false => $"low and high both cost {lowTokens} prompt tokens: detail is not sent from now on",
            _ => "no usage to compare, or detail was refused",
        }));

        (bool completionField, string completionWhy, _) = await TryAsync(Body(Text(), "\"max_completion_tokens\":8"), cancellationToken).ConfigureAwait(false);
        (bool tokensField, string tokensWhy, _) = await TryAsync(Body(Text(), "\"max_tokens\":8"), cancellationToken).ConfigureAwait(false);
        TokenLimitField? field = (completionField, tokensField) switch
        {
            (true, false) => TokenLimitField.MaxCompletionTokens,
            (false, true) => TokenLimitField.MaxTokens,
            _ => null,
        };
        results.Add(new ProbeResult("max_completion_tokens", completionField, completionField ? "accepted" : "refused: " + completionWhy));
        results.Add(new ProbeResult("max_tokens", tokensField, tokensField ? "accepted" : "refused: " + tokensWhy));

        (bool usage, string usageWhy, _) = await TryAsync(Body(Text(), "\"max_tokens\":8,\"stream\":true,\"stream_options\":{\"include_usage\":true}"), cancellationToken).ConfigureAwait(false);
        results.Add(new ProbeResult("stream_options", usage, usage ? "usage is asked for at the end of streams" : "not sent from now on (" + usageWhy + ")"));

        (bool schema, string schemaWhy, _) = await TryAsync(
            Body(Text(), "\"max_tokens\":8,\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"probe\",\"schema\":{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"}}}}}"),
            cancellationToken).ConfigureAwait(false);
        results.Add(new ProbeResult("json_schema", schema, schema ? "structured output is accepted" : "refused: " + schemaWhy));

        var learned = new ProviderQuirks
        {
            AcceptsImageUrls = urls,
            RefusedImageTypes = webp ? [] : ["image/webp"],
            DetailMatters = detail,
            TokenLimitField = field,
            StreamUsage = usage,
            JsonSchema = schema,
        };
        return (results, learned);
    }

    // Auth and model errors end the probe: they say nothing about the server's quirks.
    private async Task<(bool Accepted, string Why, int? PromptTokens)> TryAsync(string body, CancellationToken cancellationToken)
    {
        try
        {
            string answer = await client.PostRawAsync(Encoding.UTF8.GetBytes(body), cancellationToken).ConfigureAwait(false);
            return (true, string.Empty, PromptTokens(answer));
        }
        catch (VisionApiException e) when (e.StatusCode is not (401 or 403) && !(e.StatusCode == 404 && e.ErrorCode == "model_not_found"))
        {
            return (false, $"{e.StatusCode}: {e.ServerMessage ?? e.Message}", null);
        }
    }

    private static int? PromptTokens(string answer)
    {
        try
        {
            // A streamed probe answers with SSE; only whole answers carry usage we compare.
            using JsonDocument document = JsonDocument.Parse(answer);
            return document.RootElement.TryGetProperty("usage", out JsonElement usage) && usage.TryGetProperty("prompt_tokens", out JsonElement tokens) && tokens.TryGetInt32(out int n) ? n : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private string Body(string content, string? extra = null) =>
        $"{{\"model\":{JsonSerializer.Serialize(model)},\"messages\":[{{\"role\":\"user\",\"content\":{content}}}]{(extra is null ? string.Empty : "," + extra)}}}";

    private static string Text() => "\"Reply with OK.\"";

    private static string Image(string url, string? detail) =>
        $"[{{\"type\":\"image_url\",\"image_url\":{{\"url\":{JsonSerializer.Serialize(url)}{(detail is null ? string.Empty : $",\"detail\":\"{detail}\"")}}}}},{{\"type\":\"text\",\"text\":\"Reply with OK.\"}}]";
}
