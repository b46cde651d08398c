using System.Text.Json.Nodes;
using NJsonSchema;
using VisionPS.Core.Tests.TestSupport;

namespace VisionPS.Core.Tests.Conformance;

/// <summary>
/// CreateChatCompletionRequest from the official OpenAI OpenAPI spec (../shared/spec), as a JSON Schema that
/// NJsonSchema can validate against: the spec's components/schemas become "definitions" and every
/// "#/components/schemas/" reference is pointed there.
/// </summary>
internal static class OpenApiSchema
{
    private static readonly Lazy<JsonSchema> Request = new(() => Load("CreateChatCompletionRequest"));

    public static JsonSchema ChatCompletionRequest => Request.Value;

    private static JsonSchema Load(string name)
    {
        string path = Path.Combine(SharedPaths.Spec, "openai-openapi.json");
        var spec = JsonNode.Parse(File.ReadAllText(path))!;
        JsonNode schemas = spec["components"]!["schemas"]!.DeepClone();
        var document = new JsonObject
        {
            ["$ref"] = "#/definitions/" + name,
            ["definitions"] = schemas,
        };
        string text = document.ToJsonString().Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal);
        return JsonSchema.FromJsonAsync(text).GetAwaiter().GetResult();
    }
}
