using System.Text.Json;
using System.Text.Json.Serialization;

namespace VisionPS.Core.Protocol;

/// <summary>Writes <see cref="MessageContent"/> as a JSON string or an array of parts, and reads both forms.</summary>
internal sealed class MessageContentConverter : JsonConverter<MessageContent>
{
    public override MessageContent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        return reader.TokenType switch
        {
            JsonTokenType.String => MessageContent.FromText(reader.GetString()!),
            JsonTokenType.StartArray => MessageContent.FromParts(
                JsonSerializer.Deserialize(ref reader, ProtocolJsonContext.Default.IReadOnlyListContentPart)
                    ?? throw new JsonException("content parts were null")),
            _ => throw new JsonException($"Message content must be a string or an array, not {reader.TokenType}."),
        };
    }

    public override void Write(Utf8JsonWriter writer, MessageContent value, JsonSerializerOptions options)
    {
        if (value.Text is not null)
        {
            writer.WriteStringValue(value.Text);
        }
        else
        {
            JsonSerializer.Serialize(writer, value.Parts!, ProtocolJsonContext.Default.IReadOnlyListContentPart);
        }
    }
}
