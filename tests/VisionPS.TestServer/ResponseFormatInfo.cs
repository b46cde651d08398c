using System.Text.Json;

namespace VisionPS.TestServer;

/// <summary>A validated <c>response_format</c>: its type, and for json_schema the schema, name and strictness.</summary>
internal sealed record ResponseFormatInfo(string Type, string? Name, JsonElement? Schema, bool Strict)
{
    public static ResponseFormatInfo Text { get; } = new("text", null, null, false);

    public bool IsJson => Type is "json_object" or "json_schema";
}
