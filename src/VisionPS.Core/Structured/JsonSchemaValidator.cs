using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace VisionPS.Core.Structured;

/// <summary>
/// Validates a JSON value against the part of JSON Schema that structured outputs use: type (one or a list), enum,
/// const, properties, required, additionalProperties, items, anyOf, allOf, oneOf, $ref into #/$defs or
/// #/definitions (or # itself), minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf, minLength,
/// maxLength, pattern, minItems and maxItems. Other keywords (format, description, title, …) are not checked.
/// </summary>
public static class JsonSchemaValidator
{
    private const int MaxDepth = 64;

    /// <summary>Every violation, each with the JSON path of the value (<c>$.items[2].total</c>); empty when valid.</summary>
    public static IReadOnlyList<string> Validate(JsonElement instance, JsonElement schema)
    {
        var errors = new List<string>();
        Check(instance, schema, schema, "$", errors, 0);
        return errors;
    }

    private static void Check(JsonElement value, JsonElement schema, JsonElement root, string path, List<string> errors, int depth)
    {
        if (depth > MaxDepth)
        {
            errors.Add($"{path}: the schema nests too deep (a $ref loop?)");
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{path}: no value is allowed here");
            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (schema.TryGetProperty("$ref", out JsonElement reference) && reference.ValueKind == JsonValueKind.String)
        {
            if (Resolve(root, reference.GetString()!) is { } target)
            {
                Check(value, target, root, path, errors, depth + 1);
            }
            else
            {
                errors.Add($"{path}: the schema's $ref '{reference.GetString()}' points nowhere");
            }
        }

        if (schema.TryGetProperty("type", out JsonElement type) && !MatchesType(value, type))
        {
            errors.Add($"{path}: expected {Describe(type)}, got {Kind(value)}");
            return;
        }

        if (schema.TryGetProperty("enum", out JsonElement options) && options.ValueKind == JsonValueKind.Array
            && !options.EnumerateArray().Any(o => Same(o, value)))
        {
            errors.Add($"{path}: {Short(value)} is not one of {Short(options)}");
        }

        if (schema.TryGetProperty("const", out JsonElement constant) && !Same(constant, value))
        {
            errors.Add($"{path}: must be {Short(constant)}");
        }

        CheckComposition(value, schema, root, path, errors, depth);
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(value, schema, root, path, errors, depth);
                break;
            case JsonValueKind.Array:
                CheckArray(value, schema, root, path, errors, depth);
                break;
            case JsonValueKind.String:
                CheckString(value.GetString()!, schema, path, errors);
                break;
            case JsonValueKind.Number:
                CheckNumber(value.GetDouble(), schema, path, errors);
                break;
        }
    }

    private static void CheckComposition(JsonElement value, JsonElement schema, JsonElement root, string path, List<string> errors, int depth)
    {
        if (schema.TryGetProperty("allOf", out JsonElement all) && all.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement part in all.EnumerateArray())
            {
                Check(value, part, root, path, errors, depth + 1);
            }
        }

        int Passing(JsonElement group) => group.EnumerateArray().Count(option =>
        {
            var inner = new List<string>();
            Check(value, option, root, path, inner, depth + 1);
            return inner.Count == 0;
        });

        if (schema.TryGetProperty("anyOf", out JsonElement any) && any.ValueKind == JsonValueKind.Array && Passing(any) == 0)
        {
            errors.Add($"{path}: {Short(value)} matches none of the anyOf schemas");
        }

        if (schema.TryGetProperty("oneOf", out JsonElement one) && one.ValueKind == JsonValueKind.Array && Passing(one) != 1)
        {
            errors.Add($"{path}: {Short(value)} must match exactly one of the oneOf schemas");
        }
    }

    private static void CheckObject(JsonElement value, JsonElement schema, JsonElement root, string path, List<string> errors, int depth)
    {
        if (schema.TryGetProperty("required", out JsonElement required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement name in required.EnumerateArray())
            {
                if (name.ValueKind == JsonValueKind.String && !value.TryGetProperty(name.GetString()!, out _))
                {
                    errors.Add($"{path}: the required property '{name.GetString()}' is missing");
                }
            }
        }

        bool hasProperties = schema.TryGetProperty("properties", out JsonElement properties) && properties.ValueKind == JsonValueKind.Object;
        schema.TryGetProperty("additionalProperties", out JsonElement additional);
        foreach (JsonProperty property in value.EnumerateObject())
        {
            string childPath = $"{path}.{property.Name}";
            if (hasProperties && properties.TryGetProperty(property.Name, out JsonElement propertySchema))
            {
                Check(property.Value, propertySchema, root, childPath, errors, depth + 1);
            }
            else if (additional.ValueKind == JsonValueKind.False)
            {
                errors.Add($"{path}: the property '{property.Name}' is not allowed");
            }
            else if (additional.ValueKind == JsonValueKind.Object)
            {
                Check(property.Value, additional, root, childPath, errors, depth + 1);
            }
        }
    }

    private static void CheckArray(JsonElement value, JsonElement schema, JsonElement root, string path, List<string> errors, int depth)
    {
        int count = value.GetArrayLength();
        if (Number(schema, "minItems") is { } min && count < min)
        {
            errors.Add($"{path}: {count} items, at least {min} required");
        }

        if (Number(schema, "maxItems") is { } max && count > max)
        {
            errors.Add($"{path}: {count} items, at most {max} allowed");
        }

        if (schema.TryGetProperty("items", out JsonElement items) && items.ValueKind is JsonValueKind.Object or JsonValueKind.False)
        {
            int i = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                Check(item, items, root, $"{path}[{i++}]", errors, depth + 1);
            }
        }
    }

    private static void CheckString(string text, JsonElement schema, string path, List<string> errors)
    {
        int length = text.EnumerateRunes().Count();
        if (Number(schema, "minLength") is { } min && length < min)
        {
            errors.Add($"{path}: {length} characters, at least {min} required");
        }

        if (Number(schema, "maxLength") is { } max && length > max)
        {
            errors.Add($"{path}: {length} characters, at most {max} allowed");
        }

        if (schema.TryGetProperty("pattern", out JsonElement pattern) && pattern.ValueKind == JsonValueKind.String
            && !Regex.IsMatch(text, pattern.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            errors.Add($"{path}: does not match the pattern {pattern.GetString()}");
        }
    }

    private static void CheckNumber(double number, JsonElement schema, string path, List<string> errors)
    {
        string n = number.ToString(CultureInfo.InvariantCulture);
        if (Number(schema, "minimum") is { } min && number < min)
        {
            errors.Add($"{path}: {n} is below the minimum {min.ToString(CultureInfo.InvariantCulture)}");
        }

        if (Number(schema, "maximum") is { } max && number > max)
        {
            errors.Add($"{path}: {n} is above the maximum {max.ToString(CultureInfo.InvariantCulture)}");
        }

        if (Number(schema, "exclusiveMinimum") is { } xmin && number <= xmin)
        {
            errors.Add($"{path}: {n} must be above {xmin.ToString(CultureInfo.InvariantCulture)}");
        }

        if (Number(schema, "exclusiveMaximum") is { } xmax && number >= xmax)
        {
            errors.Add($"{path}: {n} must be below {xmax.ToString(CultureInfo.InvariantCulture)}");
        }

        if (Number(schema, "multipleOf") is { } step && step > 0 && Math.Abs(Math.IEEERemainder(number, step)) > 1e-9 * Math.Max(1, Math.Abs(number)))
        {
            errors.Add($"{path}: {n} is not a multiple of {step.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private static bool MatchesType(JsonElement value, JsonElement type) => type.ValueKind switch
    {
        JsonValueKind.String => Is(value, type.GetString()!),
        JsonValueKind.Array => type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && Is(value, t.GetString()!)),
        _ => true,
    };

    private static bool Is(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double d) && Math.Floor(d) == d,
        _ => false,
    };

    private static JsonElement? Resolve(JsonElement root, string reference)
    {
        if (reference == "#")
        {
            return root;
        }

        JsonElement current = root;
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (string raw in reference[2..].Split('/'))
        {
            string segment = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current))
            {
                return null;
            }
        }

        return current;
    }

    private static bool Same(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind)
        {
            return false;
        }

        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                var left = a.EnumerateObject().ToList();
                return left.Count == b.EnumerateObject().Count()
                    && left.All(p => b.TryGetProperty(p.Name, out JsonElement other) && Same(p.Value, other));
            case JsonValueKind.Array:
                return a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(pair => Same(pair.First, pair.Second));
            case JsonValueKind.Number:
                return a.GetDouble() == b.GetDouble();
            case JsonValueKind.String:
                return a.GetString() == b.GetString();
            default:
                return true;
        }
    }

    private static double? Number(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out JsonElement n) && n.ValueKind == JsonValueKind.Number ? n.GetDouble() : null;

    private static string Describe(JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? string.Join(" or ", type.EnumerateArray().Select(t => t.GetString()))
        : type.GetString() ?? "?";

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Number => "number",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Short(JsonElement value)
    {
        string text = value.GetRawText();
        return text.Length <= 60 ? text : text[..57] + "...";
    }
}
