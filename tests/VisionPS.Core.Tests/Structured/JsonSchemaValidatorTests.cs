using System.Text.Json;
using VisionPS.Core.Structured;

namespace VisionPS.Core.Tests.Structured;

/// <summary>Our validator against NJsonSchema (the reference the repository's tests already use) on the same cases.</summary>
public sealed class JsonSchemaValidatorTests
{
    private const string Receipt = """
        {
          "type": "object",
          "properties": {
            "vendor": { "type": "string", "minLength": 1 },
            "total": { "type": "number", "minimum": 0 },
            "currency": { "type": "string", "enum": ["USD", "EUR", "CNY"] },
            "items": { "type": "array", "items": { "$ref": "#/$defs/item" }, "maxItems": 3 },
            "note": { "type": ["string", "null"] },
            "paid": { "anyOf": [ { "type": "boolean" }, { "type": "null" } ] },
            "count": { "type": "integer" }
          },
          "required": ["vendor", "total", "currency", "items", "note", "paid", "count"],
          "additionalProperties": false,
          "$defs": {
            "item": {
              "type": "object",
              "properties": { "name": { "type": "string", "pattern": "^[A-Z]" }, "price": { "type": "number" } },
              "required": ["name", "price"],
              "additionalProperties": false
            }
          }
        }
        """;

    public static TheoryData<string, string> Cases => new()
    {
        { "valid", """{"vendor":"ACME","total":12.5,"currency":"USD","items":[{"name":"Tea","price":2}],"note":null,"paid":true,"count":1}""" },
        { "missing required", """{"vendor":"ACME","total":12.5,"currency":"USD","items":[],"note":null,"paid":null}""" },
        { "extra property", """{"vendor":"ACME","total":1,"currency":"USD","items":[],"note":null,"paid":null,"count":1,"x":1}""" },
        { "wrong type", """{"vendor":"ACME","total":"12","currency":"USD","items":[],"note":null,"paid":null,"count":1}""" },
        { "not in enum", """{"vendor":"ACME","total":1,"currency":"GBP","items":[],"note":null,"paid":null,"count":1}""" },
        { "below minimum", """{"vendor":"ACME","total":-1,"currency":"USD","items":[],"note":null,"paid":null,"count":1}""" },
        { "empty string", """{"vendor":"","total":1,"currency":"USD","items":[],"note":null,"paid":null,"count":1}""" },
        { "ref item bad", """{"vendor":"A","total":1,"currency":"USD","items":[{"name":"tea","price":2}],"note":null,"paid":null,"count":1}""" },
        { "ref item extra", """{"vendor":"A","total":1,"currency":"USD","items":[{"name":"Tea","price":2,"qty":1}],"note":null,"paid":null,"count":1}""" },
        { "too many items", """{"vendor":"A","total":1,"currency":"USD","items":[{"name":"A","price":1},{"name":"B","price":1},{"name":"C","price":1},{"name":"D","price":1}],"note":null,"paid":null,"count":1}""" },
        { "anyOf miss", """{"vendor":"A","total":1,"currency":"USD","items":[],"note":null,"paid":"yes","count":1}""" },
        { "type list miss", """{"vendor":"A","total":1,"currency":"USD","items":[],"note":5,"paid":null,"count":1}""" },
        { "integer with fraction", """{"vendor":"A","total":1,"currency":"USD","items":[],"note":null,"paid":null,"count":1.5}""" },
        { "not an object", """[1,2]""" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Validate_AgreesWithNJsonSchema(string name, string instance)
    {
        using JsonDocument schema = JsonDocument.Parse(Receipt);
        using JsonDocument value = JsonDocument.Parse(instance);
        NJsonSchema.JsonSchema reference = await NJsonSchema.JsonSchema.FromJsonAsync(Receipt);

        IReadOnlyList<string> ours = JsonSchemaValidator.Validate(value.RootElement, schema.RootElement);
        var theirs = reference.Validate(instance);

        Assert.True(ours.Count == 0 == (theirs.Count == 0), $"{name}: ours [{string.Join("; ", ours)}], NJsonSchema [{string.Join("; ", theirs.Select(e => e.ToString()))}]");
        Assert.Equal(name == "valid", ours.Count == 0);
    }

    [Fact]
    public void Validate_NamesThePathOfEachProblem()
    {
        using JsonDocument schema = JsonDocument.Parse(Receipt);
        using JsonDocument value = JsonDocument.Parse("""{"vendor":"A","total":1,"currency":"USD","items":[{"name":"tea","price":"x"}],"note":null,"paid":null,"count":1}""");

        IReadOnlyList<string> problems = JsonSchemaValidator.Validate(value.RootElement, schema.RootElement);

        Assert.Contains(problems, p => p.StartsWith("$.items[0].name:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("$.items[0].price: expected number", StringComparison.Ordinal));
    }
}
