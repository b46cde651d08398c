using System.Text;
using System.Text.Json;

namespace VisionPS.Core.Http;

/// <summary>
/// Reads an error body in any of the shapes compatible servers use:
/// OpenAI <c>{"error":{"message","type","param","code"}}</c>, <c>{"error":"text"}</c> (Ollama, llama.cpp variants),
/// vLLM's top-level <c>{"object":"error","message",…,"code":400}</c>, FastAPI's <c>{"detail":…}</c>, or plain text/HTML.
/// </summary>
public static class ApiErrorParser
{
    private const int MaxTextLength = 500;

    public static ApiErrorBody Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return new ApiErrorBody(null, null, null, null);
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            return Parse(doc.RootElement);
        }
        catch (JsonException)
        {
            return new ApiErrorBody(PlainText(body), null, null, null);
        }
    }

    public static ApiErrorBody Parse(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error))
        {
            if (error.ValueKind == JsonValueKind.Object)
            {
                return FromObject(error);
            }

            if (error.ValueKind == JsonValueKind.String)
            {
                return new ApiErrorBody(error.GetString(), Text(root, "type"), Text(root, "code"), Text(root, "param"));
            }
        }

        if (root.ValueKind == JsonValueKind.Object)
        {
            if (root.TryGetProperty("message", out _))
            {
                return FromObject(root);
            }

            if (root.TryGetProperty("detail", out var detail))
            {
                return new ApiErrorBody(detail.ValueKind == JsonValueKind.String ? detail.GetString() : Shorten(detail.GetRawText()), null, null, null);
            }
        }

        return new ApiErrorBody(Shorten(root.GetRawText()), null, null, null);
    }

    private static ApiErrorBody FromObject(JsonElement e) =>
        new(Text(e, "message"), Text(e, "type"), Text(e, "code"), Text(e, "param"));

    // Codes are strings on OpenAI but numbers on vLLM; both become text.
    private static string? Text(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => Shorten(v.GetRawText()),
        };
    }

    /// <summary>Turns an HTML or text body into one short line.</summary>
    private static string? PlainText(string body)
    {
        var sb = new StringBuilder(Math.Min(body.Length, MaxTextLength));
        bool inTag = false;
        bool lastWasSpace = true;
        foreach (char c in body)
        {
            if (c == '<') { inTag = true; continue; }
            if (c == '>') { inTag = false; continue; }
            if (inTag) { continue; }
            bool space = char.IsWhiteSpace(c);
            if (space && lastWasSpace) { continue; }
            sb.Append(space ? ' ' : c);
            lastWasSpace = space;
            if (sb.Length >= MaxTextLength) { break; }
        }

        string text = sb.ToString().Trim();
        return text.Length == 0 ? null : Shorten(text);
    }

    private static string Shorten(string text) => text.Length <= MaxTextLength ? text : text[..MaxTextLength] + "…";
}
