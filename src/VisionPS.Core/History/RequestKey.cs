using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using VisionPS.Core.Protocol;

namespace VisionPS.Core.History;

/// <summary>
/// The answer cache's key: SHA-256 of the endpoint and the wire body as sent (model, messages with the images as
/// sent, detail, response_format, temperature, token limit), with the stream flags left out (a streamed and a whole
/// answer are the same answer) and every JSON object's members sorted, so a schema built from a hashtable in another
/// order is the same request.
/// </summary>
public static class RequestKey
{
    private static readonly HashSet<string> Ignored = ["stream", "stream_options"];

    public static string Of(Uri endpoint, ChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(request);
        return Of(endpoint, ChatRequestJson.ToUtf8(request));
    }

    /// <summary>The key of a body already serialized (UTF-8 JSON).</summary>
    public static string Of(Uri endpoint, ReadOnlySpan<byte> body)
    {
        using JsonDocument document = JsonDocument.Parse(body.ToArray());
        var buffer = new ArrayBufferWriter<byte>(body.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("endpoint", endpoint.AbsoluteUri);
            writer.WritePropertyName("body");
            WriteCanonical(writer, document.RootElement, top: true);
            writer.WriteEndObject();
        }

        return Convert.ToHexString(SHA256.HashData(buffer.WrittenSpan)).ToLowerInvariant();
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element, bool top)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (JsonProperty property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    if (top && Ignored.Contains(property.Name))
                    {
                        continue;
                    }

                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value, top: false);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (JsonElement item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item, top: false);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
