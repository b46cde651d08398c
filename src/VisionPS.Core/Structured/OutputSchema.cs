using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VisionPS.Core.Diagnostics;

namespace VisionPS.Core.Structured;

/// <summary>
/// A JSON Schema the answer must follow (-Schema): given as JSON text, or made from a type's public properties.
/// Knows whether it meets the rules of strict mode, and the type answers should become, if any.
/// </summary>
public sealed partial class OutputSchema
{
    private OutputSchema(JsonElement schema, string name, Type? targetType)
    {
        Schema = schema;
        Name = name;
        TargetType = targetType;
        StrictProblem = StrictSchemaRules.FirstProblem(schema);
    }

    public JsonElement Schema { get; }

    /// <summary>The name sent in json_schema.name (the schema's title, the type's name, or "answer").</summary>
    public string Name { get; }

    /// <summary>The type an answer becomes; null for a schema given as JSON (answers become objects).</summary>
    public Type? TargetType { get; }

    /// <summary>True when the schema meets strict mode's rules, so the request can ask for strict: true.</summary>
    public bool CanBeStrict => StrictProblem is null;

    /// <summary>Why strict mode cannot be used; null when it can.</summary>
    public string? StrictProblem { get; }

    public string ToJson() => Schema.GetRawText();

    /// <summary>A schema given as JSON text; must be a JSON object.</summary>
    public static OutputSchema FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonElement schema;
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            schema = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new VisionArgumentException(ErrorIds.InvalidSchema, $"-Schema is not valid JSON: {e.Message}", "Pass a JSON Schema object as a string or a hashtable, or a type.");
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new VisionArgumentException(ErrorIds.InvalidSchema, $"-Schema must be a JSON object, not {schema.ValueKind}.", "Pass a JSON Schema object such as @{ type = 'object'; properties = @{ total = @{ type = 'number' } } }.");
        }

        string name = schema.TryGetProperty("title", out JsonElement title) && title.ValueKind == JsonValueKind.String ? title.GetString()! : "answer";
        return new OutputSchema(schema, SafeName(name), null);
    }

    /// <summary>A strict schema made from <paramref name="type"/>'s public readable properties.</summary>
    public static OutputSchema FromType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        JsonObject schema = SchemaFromType.Build(type);
        using JsonDocument document = JsonDocument.Parse(schema.ToJsonString());
        return new OutputSchema(document.RootElement.Clone(), SafeName(type.Name), type);
    }

    // OpenAI: ^[a-zA-Z0-9_-]{1,64}$.
    private static string SafeName(string name)
    {
        string safe = NameRule().Replace(name, "_");
        return safe.Length == 0 ? "answer" : safe[..Math.Min(64, safe.Length)];
    }

    [GeneratedRegex("[^a-zA-Z0-9_-]")]
    private static partial Regex NameRule();
}
