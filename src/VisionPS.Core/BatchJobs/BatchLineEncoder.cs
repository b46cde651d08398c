using System.Buffers;
using System.Text.Json;
using VisionPS.Core.Protocol;

namespace VisionPS.Core.BatchJobs;

/// <summary>One input line: <c>{"custom_id":…,"method":"POST","url":…,"body":…}</c> + LF, whose body is byte for byte what the online path sends.</summary>
public static class BatchLineEncoder
{
    /// <param name="customId">The line's custom_id.</param>
    /// <param name="request">The request, encoded as the online path sends it.</param>
    /// <param name="url">The batch's endpoint, <see cref="BatchApiClient.ChatEndpointFor"/>.</param>
    public static byte[] Encode(string customId, ChatRequest request, string url)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("custom_id", customId);
            w.WriteString("method", "POST");
            w.WriteString("url", url);
            w.WritePropertyName("body");
            w.WriteRawValue(ChatRequestJson.ToUtf8(request), skipInputValidation: true);
            w.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
