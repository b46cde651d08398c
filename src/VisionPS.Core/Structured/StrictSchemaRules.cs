using System.Text.Json;

namespace VisionPS.Core.Structured;

/// <summary>
/// Whether a schema can be sent with <c>strict: true</c> (OpenAI's structured outputs): the root is an object; every
/// object lists all its properties in <c>required</c> and has <c>additionalProperties: false</c>; composition is
/// <c>anyOf</c> only (no allOf, oneOf, not, if/then/else); no patternProperties. A schema that breaks a rule is sent
/// with <c>strict: false</c> and still validated here.
/// </summary>
public static class StrictSchemaRules
{
    private static readonly string[] Unsupported = ["allOf", "oneOf", "not", "if", "then", "else", "patternProperties", "dependentSchemas", "unevaluatedProperties"];

    /// <summary>The first rule the schema breaks, with its path; null when it can be strict.</summary>
    public static string? FirstProblem(JsonElement schema)
    {
        if (!IsType(schema, "object"))
        {
            return "the root must be an object schema (\"type\": \"object\")";
        }

        return Check(schema, "#");
    }

    private static string? Check(JsonElement schema, string path)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return schema.ValueKind is JsonValueKind.True or JsonValueKind.False ? $"{path}: boolean schemas are not allowed" : null;
        }

        foreach (string keyword in Unsupported)
        {
            if (schema.TryGetProperty(keyword, out _))
            {
                return $"{path}: '{keyword}' is not supported";
            }
        }

        if (schema.TryGetProperty("properties", out JsonElement properties) && properties.ValueKind == JsonValueKind.Object)
        {
            if (!schema.TryGetProperty("additionalProperties", out JsonElement additional) || additional.ValueKind != JsonValueKind.False)
            {
                return $"{path}: 'additionalProperties' must be false";
            }

            var required = schema.TryGetProperty("required", out JsonElement list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal)
                : [];
            foreach (JsonProperty property in properties.EnumerateObject())
            {
                if (!required.Contains(property.Name))
                {
                    return $"{path}: 'required' must list every property; '{property.Name}' is missing";
                }

                if (Check(property.Value, $"{path}/properties/{property.Name}") is { } problem)
                {
                    return problem;
                }
            }
        }
        else if (IsType(schema, "object"))
        {
            return $"{path}: an object schema needs 'properties' and 'additionalProperties': false";
        }

        foreach (string child in new[] { "items", "additionalProperties" })
        {
            if (schema.TryGetProperty(child, out JsonElement inner) && inner.ValueKind == JsonValueKind.Object && Check(inner, $"{path}/{child}") is { } problem)
            {
                return problem;
            }
        }

        foreach (string group in new[] { "anyOf" })
        {
            if (schema.TryGetProperty(group, out JsonElement options) && options.ValueKind == JsonValueKind.Array)
            {
                int i = 0;
                foreach (JsonElement option in options.EnumerateArray())
                {
                    if (Check(option, $"{path}/{group}/{i++}") is { } problem)
                    {
                        return problem;
                    }
                }
            }
        }

        foreach (string definitions in new[] { "$defs", "definitions" })
        {
            if (schema.TryGetProperty(definitions, out JsonElement defs) && defs.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty def in defs.EnumerateObject())
                {
                    if (Check(def.Value, $"{path}/{definitions}/{def.Name}") is { } problem)
                    {
                        return problem;
                    }
                }
            }
        }

        return null;
    }

    private static bool IsType(JsonElement schema, string type) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out JsonElement t)
        && (t.ValueKind == JsonValueKind.String ? t.GetString() == type : t.ValueKind == JsonValueKind.Array && t.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.String && e.GetString() == type));
}
