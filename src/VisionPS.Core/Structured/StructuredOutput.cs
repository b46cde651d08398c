using VisionPS.Core.Protocol;

namespace VisionPS.Core.Structured;

/// <summary>
/// What -Schema / -AsJson ask of an answer, and how the request says it: <c>json_schema</c> (strict when the schema
/// allows), <c>json_object</c>, or — for servers without json_schema — <c>json_object</c> with the schema in the prompt.
/// </summary>
public sealed class StructuredOutput
{
    private StructuredOutput(OutputSchema? schema, bool schemaInPrompt)
    {
        Schema = schema;
        SchemaInPrompt = schemaInPrompt;
    }

    /// <summary>The schema answers are validated against; null for -AsJson alone (any JSON object).</summary>
    public OutputSchema? Schema { get; }

    /// <summary>True when the server cannot take json_schema: json_object is sent and the schema goes in the prompt.</summary>
    public bool SchemaInPrompt { get; }

    /// <summary>-AsJson: any JSON object.</summary>
    public static StructuredOutput AnyJson { get; } = new(null, schemaInPrompt: false);

    /// <param name="schema">The schema.</param>
    /// <param name="serverTakesJsonSchema">False when the catalog or -NoJsonSchema says the server lacks json_schema.</param>
    public static StructuredOutput For(OutputSchema schema, bool serverTakesJsonSchema) =>
        new(schema ?? throw new ArgumentNullException(nameof(schema)), !serverTakesJsonSchema);

    /// <summary>
    /// What -Schema / -AsJson / -NoJsonSchema ask of a request to <paramref name="model"/>: json_schema unless
    /// -NoJsonSchema, the provider profile's quirk or the catalog's jsonSchema flag says the server lacks it; null when
    /// nothing structured is asked. The online and the batch path both decide here.
    /// </summary>
    public static StructuredOutput? Choose(OutputSchema? schema, bool asJson, bool noJsonSchema, Chat.Connection connection, Models.ModelInfo? model)
    {
        if (schema is not null)
        {
            bool takesJsonSchema = !noJsonSchema && connection.Quirks.JsonSchema != false && model?.JsonSchema != false;
            return For(schema, takesJsonSchema);
        }

        return asJson ? AnyJson : null;
    }

    public ResponseFormat ResponseFormat => Schema is null || SchemaInPrompt
        ? ResponseFormat.JsonObject
        : new ResponseFormat
        {
            Type = ResponseFormat.JsonSchemaType,
            JsonSchema = new ResponseJsonSchema { Name = Schema.Name, Schema = Schema.Schema, Strict = Schema.CanBeStrict },
        };

    /// <summary>
    /// Text added after the prompt: json_object needs the word JSON in the messages, and without json_schema the model
    /// only learns the schema from here. Null when json_schema carries everything.
    /// </summary>
    public string? Instruction => Schema is null
        ? "Answer with one JSON object only."
        : SchemaInPrompt ? $"Answer with one JSON object only, following this JSON Schema:\n{Schema.ToJson()}" : null;
}
