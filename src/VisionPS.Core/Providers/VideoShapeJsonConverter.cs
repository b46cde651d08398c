using System.Text.Json;
using System.Text.Json.Serialization;

namespace VisionPS.Core.Providers;

/// <summary>
/// Reads the <c>videoParts</c> quirk of a saved profile: a <see cref="VideoShape"/> name, or the bool older profiles
/// hold (true = <see cref="VideoShape.FrameList"/>, what true meant then; false = <see cref="VideoShape.None"/>).
/// </summary>
internal sealed class VideoShapeJsonConverter : JsonConverter<VideoShape?>
{
    public override bool HandleNull => true;

    public override VideoShape? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.True => VideoShape.FrameList,
        JsonTokenType.False => VideoShape.None,
        JsonTokenType.String when Enum.TryParse(reader.GetString(), ignoreCase: true, out VideoShape shape) && Enum.IsDefined(shape) => shape,
        _ => throw new JsonException($"videoParts takes {string.Join(", ", Enum.GetNames<VideoShape>())}, true or false."),
    };

    public override void Write(Utf8JsonWriter writer, VideoShape? value, JsonSerializerOptions options)
    {
        if (value is { } shape)
        {
            writer.WriteStringValue(shape.ToString());
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
