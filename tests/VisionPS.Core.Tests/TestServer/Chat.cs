using System.Text.Json.Nodes;

namespace VisionPS.Core.Tests.TestServer;

/// <summary>Builders for chat request bodies (System.Text.Json.Nodes, so tests can also break them on purpose).</summary>
internal static class Chat
{
    public static JsonObject Body(string model, params JsonNode[] messages)
        => new() { ["model"] = model, ["messages"] = new JsonArray(messages) };

    public static JsonObject Message(string role, string content) => new() { ["role"] = role, ["content"] = content };

    public static JsonObject User(params JsonNode[] parts) => new() { ["role"] = "user", ["content"] = new JsonArray(parts) };

    public static JsonObject Text(string text) => new() { ["type"] = "text", ["text"] = text };

    public static JsonObject Image(string url, string? detail = null)
    {
        var imageUrl = new JsonObject { ["url"] = url };
        if (detail is not null)
        {
            imageUrl["detail"] = detail;
        }

        return new JsonObject { ["type"] = "image_url", ["image_url"] = imageUrl };
    }

    public static string DataUrl(string mime, byte[] bytes) => $"data:{mime};base64,{Convert.ToBase64String(bytes)}";

    /// <summary>A user message with one text part "describe" and one inline image.</summary>
    public static JsonObject Describe(string mime, byte[] bytes, string? detail = null)
        => User(Text("describe"), Image(DataUrl(mime, bytes), detail));
}
