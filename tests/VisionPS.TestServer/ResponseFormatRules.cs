using System.Text.Json;
using System.Text.RegularExpressions;

namespace VisionPS.TestServer;

/// <summary>
/// Checks <c>response_format</c> as OpenAI does: the type (text, json_object, json_schema); json_object needs the word
/// "json" somewhere in the messages; json_schema needs a name of ^[a-zA-Z0-9_-]{1,64}$, a schema object, a boolean
/// strict, and with strict true the strict-mode rules: an object root, additionalProperties false and every property
/// required in every object, no allOf/oneOf/not/if.
/// </summary>
internal static partial class ResponseFormatRules
{
    private static readonly string[] Types = ["text", "json_object", "json_schema"];
    private static readonly string[] NotInStrict = ["allOf", "oneOf", "not", "if", "then", "else", "patternProperties"];

    public static ResponseFormatInfo Validate(JsonElement root, IReadOnlyList<ChatMessageInfo> messages)
    {
        if (!root.TryGetProperty("response_format", out JsonElement format) || format.ValueKind == JsonValueKind.Null)
        {
            return ResponseFormatInfo.Text;
        }

        if (format.ValueKind != JsonValueKind.Object)
        {
            throw Fail(ApiError.WrongType("response_format", "an object", format));
        }

        if (!format.TryGetProperty("type", out JsonElement typeElement))
        {
            throw Fail(ApiError.Missing("response_format.type"));
        }

        string type = typeElement.ValueKind == JsonValueKind.String ? typeElement.GetString()! : throw Fail(ApiError.WrongType("response_format.type", "a string", typeElement));
        if (!Types.Contains(type))
        {
            throw Fail(ApiError.BadValue("response_format.type", type, Types));
        }

        foreach (JsonProperty p in format.EnumerateObject())
        {
            if (p.Name != "type" && !(type == "json_schema" && p.Name == "json_schema"))
            {
                throw Fail(ApiError.Unknown($"response_format.{p.Name}"));
            }
        }

        return type switch
        {
            "json_object" => JsonObject(messages),
            "json_schema" => JsonSchema(format),
            _ => ResponseFormatInfo.Text,
        };
    }

    private static ResponseFormatInfo JsonObject(IReadOnlyList<ChatMessageInfo> messages)
    {
        if (!messages.Any(m => m.TextParts.Any(t => t.Contains("json", StringComparison.OrdinalIgnoreCase))))
        {
            throw Fail(ApiError.Invalid("'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", "messages"));
        }

        return new ResponseFormatInfo("json_object", null, null, false);
    }

    private static ResponseFormatInfo JsonSchema(JsonElement format)
    {
        if (!format.TryGetProperty("json_schema", out JsonElement spec))
        {
            throw Fail(ApiError.Missing("response_format.json_schema"));
        }

        if (spec.ValueKind != JsonValueKind.Object)
        {
            throw Fail(ApiError.WrongType("response_format.json_schema", "an object", spec));
        }

        foreach (JsonProperty p in spec.EnumerateObject())
        {
            if (p.Name is not ("name" or "description" or "schema" or "strict"))
            {
                throw Fail(ApiError.Unknown($"response_format.json_schema.{p.Name}"));
            }
        }

        if (!spec.TryGetProperty("name", out JsonElement nameElement))
        {
            throw Fail(ApiError.Missing("response_format.json_schema.name"));
        }

        string name = nameElement.ValueKind == JsonValueKind.String ? nameElement.GetString()! : throw Fail(ApiError.WrongType("response_format.json_schema.name", "a string", nameElement));
        if (!NameRule().IsMatch(name))
        {
            throw Fail(ApiError.Invalid($"Invalid 'response_format.json_schema.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$' of at most 64 characters, got '{name}'.", "response_format.json_schema.name", "invalid_value"));
        }

        bool strict = false;
        if (spec.TryGetProperty("strict", out JsonElement strictElement) && strictElement.ValueKind != JsonValueKind.Null)
        {
            strict = strictElement.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Fail(ApiError.WrongType("response_format.json_schema.strict", "a boolean", strictElement)),
            };
        }

        JsonElement? schema = null;
        if (spec.TryGetProperty("schema", out JsonElement schemaElement))
        {
            if (schemaElement.ValueKind != JsonValueKind.Object)
            {
                throw Fail(ApiError.WrongType("response_format.json_schema.schema", "an object", schemaElement));
            }

            schema = schemaElement.Clone();
        }

        if (strict)
        {
            if (schema is not { } s)
            {
                throw Fail(ApiError.Invalid($"Invalid schema for response_format '{name}': strict mode needs a 'schema'.", "response_format"));
            }

            if (!(s.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String && t.GetString() == "object"))
            {
                throw Fail(ApiError.Invalid($"Invalid schema for response_format '{name}': schema must be a JSON Schema of 'type: \"object\"', got '{(s.TryGetProperty("type", out JsonElement got) ? got.GetRawText() : "none")}'.", "response_format"));
            }

            if (StrictProblem(s, "") is { } problem)
            {
                throw Fail(ApiError.Invalid($"Invalid schema for response_format '{name}': In context=({problem.Context}), {problem.Message}", "response_format"));
            }
        }

        return new ResponseFormatInfo("json_schema", name, schema, strict);
    }

    private static (string Context, string Message)? StrictProblem(JsonElement schema, string context)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (string keyword in NotInStrict)
        {
            if (schema.TryGetProperty(keyword, out _))
            {
                return (context, $"'{keyword}' is not permitted.");
            }
        }

        bool isObject = schema.TryGetProperty("type", out JsonElement type)
            && (type.ValueKind == JsonValueKind.String ? type.GetString() == "object" : type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(x => x.GetString() == "object"));
        schema.TryGetProperty("properties", out JsonElement properties);
        if (isObject || properties.ValueKind == JsonValueKind.Object)
        {
            if (!schema.TryGetProperty("additionalProperties", out JsonElement additional) || additional.ValueKind != JsonValueKind.False)
            {
                return (context, "'additionalProperties' is required to be supplied and to be false.");
            }

            var keys = properties.ValueKind == JsonValueKind.Object ? properties.EnumerateObject().Select(p => p.Name).ToList() : [];
            var required = schema.TryGetProperty("required", out JsonElement r) && r.ValueKind == JsonValueKind.Array
                ? r.EnumerateArray().Select(x => x.GetString()).ToHashSet()
                : null;
            string? missing = keys.FirstOrDefault(k => required is null || !required.Contains(k));
            if (missing is not null)
            {
                return (context, $"'required' is required to be supplied and to be an array including every key in properties. Missing '{missing}'.");
            }

            foreach (string key in keys)
            {
                if (StrictProblem(properties.GetProperty(key), Join(context, "'properties'", $"'{key}'")) is { } inner)
                {
                    return inner;
                }
            }
        }

        if (schema.TryGetProperty("items", out JsonElement items) && StrictProblem(items, Join(context, "'items'")) is { } itemProblem)
        {
            return itemProblem;
        }

        if (schema.TryGetProperty("anyOf", out JsonElement anyOf) && anyOf.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (JsonElement option in anyOf.EnumerateArray())
            {
                if (StrictProblem(option, Join(context, "'anyOf'", $"'{i++}'")) is { } optionProblem)
                {
                    return optionProblem;
                }
            }
        }

        foreach (string defs in new[] { "$defs", "definitions" })
        {
            if (schema.TryGetProperty(defs, out JsonElement definitions) && definitions.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty def in definitions.EnumerateObject())
                {
                    if (StrictProblem(def.Value, Join(context, $"'{defs}'", $"'{def.Name}'")) is { } defProblem)
                    {
                        return defProblem;
                    }
                }
            }
        }

        return null;
    }

    private static string Join(string context, params string[] parts) =>
        string.Join(", ", new[] { context }.Where(c => c.Length > 0).Concat(parts));

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex NameRule();

    private static ApiErrorException Fail(ApiError error) => new(error);
}
