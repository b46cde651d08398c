using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VisionPS.TestServer;

/// <summary>
/// The answer to a request with a JSON response_format. json_schema: a value that follows the schema, made from it
/// (every property present; strings are "sample" (format date-time: 2026-12-03T12:00:00Z) except a property named "prompt" (any case), which gets the prompt; the first
/// enum or const value; integers 1, numbers 1.5, booleans true, arrays of minItems or one item; anyOf and type lists
/// take their first non-null branch; $ref into #/$defs or #/definitions). json_object:
/// <c>{"model","messages","images":[image lines],"prompt"}</c>.
/// </summary>
public static class JsonAnswer
{
    public const string InvalidText = "Sure! Here is the JSON you asked for: {not json";
    public const string MismatchText = "{\"unexpected\":true}";

    internal static string Build(ChatRequest request, string prompt, IReadOnlyList<ExpectedImage> images)
    {
        if (request.ResponseFormat is { Type: "json_schema", Schema: { } schema })
        {
            return Sample(schema, schema, prompt, null, 0)?.ToJsonString() ?? "null";
        }

        var lines = new JsonArray(images.Select((image, i) => (JsonNode)JsonValue.Create(image.ToLine(i + 1))!).ToArray());
        return new JsonObject
        {
            ["model"] = request.Model.Id,
            ["messages"] = request.Messages.Count,
            ["images"] = lines,
            ["prompt"] = prompt,
        }.ToJsonString();
    }

    internal static (string Text, string FinishReason) Spoil(string answer, JsonAnswerKind kind) => kind switch
    {
        JsonAnswerKind.Invalid => (InvalidText, "stop"),
        JsonAnswerKind.Mismatch => (MismatchText, "stop"),
        _ => (answer[..(answer.Length / 2)], "length"),
    };

    private static JsonNode? Sample(JsonElement schema, JsonElement root, string prompt, string? propertyName, int depth)
    {
        if (depth > 20 || schema.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (schema.TryGetProperty("$ref", out JsonElement reference) && reference.GetString() is { } pointer)
        {
            JsonElement target = root;
            foreach (string segment in pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                target = target.GetProperty(segment);
            }

            return Sample(target, root, prompt, propertyName, depth + 1);
        }

        if (schema.TryGetProperty("const", out JsonElement constant))
        {
            return JsonNode.Parse(constant.GetRawText());
        }

        if (schema.TryGetProperty("enum", out JsonElement options) && options.GetArrayLength() > 0)
        {
            return JsonNode.Parse(options[0].GetRawText());
        }

        if (schema.TryGetProperty("anyOf", out JsonElement anyOf) && anyOf.GetArrayLength() > 0)
        {
            JsonElement first = anyOf.EnumerateArray().FirstOrDefault(o => !(o.TryGetProperty("type", out JsonElement t) && t.GetString() == "null"));
            return Sample(first.ValueKind == JsonValueKind.Undefined ? anyOf[0] : first, root, prompt, propertyName, depth + 1);
        }

        string type = "object";
        if (schema.TryGetProperty("type", out JsonElement typeElement))
        {
            type = typeElement.ValueKind == JsonValueKind.Array
                ? typeElement.EnumerateArray().Select(t => t.GetString()!).FirstOrDefault(t => t != "null") ?? "null"
                : typeElement.GetString()!;
        }

        switch (type)
        {
            case "string" when schema.TryGetProperty("format", out JsonElement format) && format.GetString() == "date-time":
                return "2026-12-03T12:00:00Z";
            case "string":
                return string.Equals(propertyName, "prompt", StringComparison.OrdinalIgnoreCase) ? prompt : "sample";
            case "integer":
                return schema.TryGetProperty("minimum", out JsonElement min) ? (long)Math.Ceiling(min.GetDouble()) : 1;
            case "number":
                return schema.TryGetProperty("minimum", out JsonElement nmin) ? nmin.GetDouble() : 1.5;
            case "boolean":
                return true;
            case "null":
                return null;
            case "array":
                int count = schema.TryGetProperty("minItems", out JsonElement minItems) ? Math.Max(1, minItems.GetInt32()) : 1;
                var array = new JsonArray();
                for (int i = 0; i < count; i++)
                {
                    array.Add(schema.TryGetProperty("items", out JsonElement items) ? Sample(items, root, prompt, null, depth + 1) : "sample");
                }

                return array;
            default:
                var obj = new JsonObject();
                if (schema.TryGetProperty("properties", out JsonElement properties))
                {
                    foreach (JsonProperty p in properties.EnumerateObject())
                    {
                        obj[p.Name] = Sample(p.Value, root, prompt, p.Name, depth + 1);
                    }
                }

                return obj;
        }
    }
}
