using System.Text.Json;

namespace VisionPS.TestServer;

/// <summary>An OpenAI error: HTTP status plus the four keys of <c>{"error":{message,type,param,code}}</c> (spec ErrorResponse).</summary>
internal sealed record ApiError(int Status, string Message, string Type, string? Param, string? Code)
{
    public const string InvalidRequestType = "invalid_request_error";

    public static ApiError Invalid(string message, string? param, string? code = null)
        => new(400, message, InvalidRequestType, param, code);

    public static ApiError Missing(string path)
        => Invalid($"Missing required parameter: '{path}'.", path, "missing_required_parameter");

    public static ApiError WrongType(string path, string expected, JsonElement got)
        => Invalid($"Invalid type for '{path}': expected {expected}, but got {Describe(got)} instead.", path, "invalid_type");

    public static ApiError BadValue(string path, string value, params string[] supported)
        => Invalid($"Invalid value: '{value}'. Supported values are: {JoinQuoted(supported)}.", path, "invalid_value");

    public static ApiError Unknown(string path)
        => Invalid($"Unrecognized request argument supplied: {path}", path); // OpenAI sends code null here

    /// <summary>The JSON body, all four keys present.</summary>
    public string ToJson() => JsonText.Build(w =>
    {
        w.WriteStartObject();
        WriteErrorObject(w, Message, Type, Param, Code);
        w.WriteEndObject();
    });

    /// <summary>Writes <c>"error":{...}</c> into an open object.</summary>
    public static void WriteErrorObject(Utf8JsonWriter w, string message, string type, string? param, string? code)
    {
        w.WritePropertyName("error");
        w.WriteStartObject();
        w.WriteText("message", message);
        w.WriteText("type", type);
        w.WriteText("param", param);
        w.WriteText("code", code);
        w.WriteEndObject();
    }

    /// <summary>"a string", "an integer", … as OpenAI words it.</summary>
    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => e.TryGetInt64(out _) ? "an integer" : "a decimal",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Null => "null",
        _ => "an unknown value",
    };

    private static string JoinQuoted(string[] values)
        => values.Length switch
        {
            0 => "",
            1 => $"'{values[0]}'",
            2 => $"'{values[0]}' and '{values[1]}'",
            _ => string.Join(", ", values[..^1].Select(v => $"'{v}'")) + $", and '{values[^1]}'",
        };
}
