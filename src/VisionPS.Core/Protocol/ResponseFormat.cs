using System.Text.Json;
using System.Text.Json.Serialization;

namespace VisionPS.Core.Protocol;

/// <summary><c>response_format</c>: <c>{"type":"json_object"}</c> or <c>{"type":"json_schema","json_schema":{…}}</c>.</summary>
public sealed class ResponseFormat
{
    public const string JsonObjectType = "json_object";
    public const string JsonSchemaType = "json_schema";

    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("json_schema")]
    public ResponseJsonSchema? JsonSchema { get; init; }

    public static ResponseFormat JsonObject { get; } = new() { Type = JsonObjectType };
}

/// <summary>The <c>json_schema</c> member of <see cref="ResponseFormat"/>.</summary>
public sealed class ResponseJsonSchema
{
    /// <summary>^[a-zA-Z0-9_-]{1,64}$, as OpenAI requires.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("schema")]
    public required JsonElement Schema { get; init; }

    [JsonPropertyName("strict")]
    public bool? Strict { get; init; }
}
