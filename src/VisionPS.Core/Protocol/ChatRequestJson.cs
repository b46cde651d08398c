using System.Text.Json;

namespace VisionPS.Core.Protocol;

/// <summary>The exact bytes VisionPS sends for a request.</summary>
public static class ChatRequestJson
{
    public static byte[] ToUtf8(ChatRequest request) =>
        JsonSerializer.SerializeToUtf8Bytes(request, ProtocolJsonContext.Default.ChatRequest);

    public static string ToJson(ChatRequest request, bool indented = false)
    {
        if (!indented)
        {
            return JsonSerializer.Serialize(request, ProtocolJsonContext.Default.ChatRequest);
        }

        var options = new JsonSerializerOptions(ProtocolJsonContext.Default.Options) { WriteIndented = true };
        return JsonSerializer.Serialize(request, options.GetTypeInfo(typeof(ChatRequest)));
    }
}
