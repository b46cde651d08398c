using System.Text.Json;
using System.Text.Json.Nodes;

namespace VisionPS.TestServer;

/// <summary>The <see cref="ServerMode.LlamaCpp"/> rules, applied before the usual validation.</summary>
internal static class LlamaCppBehaviour
{
    public const string UrlFailureMessage = "Failed to load image or audio file";
    public const string WebPMessage = "image format not supported: image/webp";
    private const string WebPCode = "llamacpp_webp";

    /// <summary>The body with every image_url.detail removed; throws the llama.cpp answers for URLs and WebP.</summary>
    public static byte[] Prepare(byte[] body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return body; // validation reports it (as a 500, see ToServerError)
        }

        if (root?["messages"] is not JsonArray messages)
        {
            return body;
        }

        foreach (JsonNode? message in messages)
        {
            if (message?["content"] is not JsonArray parts)
            {
                continue;
            }

            foreach (JsonNode? part in parts)
            {
                if (part?["image_url"] is not JsonObject image)
                {
                    continue;
                }

                image.Remove("detail");
                string url = image["url"] is JsonValue v && v.TryGetValue(out string? s) ? s : string.Empty;
                if (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ApiErrorException(new ApiError(500, UrlFailureMessage, "server_error", null, null));
                }

                if (IsWebP(url))
                {
                    throw new ApiErrorException(new ApiError(400, WebPMessage, ApiError.InvalidRequestType, null, WebPCode));
                }
            }
        }

        return JsonSerializer.SerializeToUtf8Bytes(root);
    }

    /// <summary>llama.cpp answers most bad requests with 500; its WebP refusal stays a 400.</summary>
    public static ApiError ToServerError(ApiError error) =>
        error.Status == 400 && error.Code != WebPCode ? new ApiError(500, error.Message, "server_error", null, null) : error;

    private static bool IsWebP(string url)
    {
        if (url.StartsWith("data:image/webp", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        int comma = url.IndexOf(',');
        if (!url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || comma < 0)
        {
            return false;
        }

        try
        {
            byte[] head = Convert.FromBase64String(url.Substring(comma + 1, Math.Min(16, url.Length - comma - 1) / 4 * 4));
            return head.Length >= 12 && head.AsSpan(0, 4).SequenceEqual("RIFF"u8) && head.AsSpan(8, 4).SequenceEqual("WEBP"u8);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
