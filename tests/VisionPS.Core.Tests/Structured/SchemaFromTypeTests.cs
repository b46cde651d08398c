using System.Text.Json;
using VisionPS.Core.Structured;

namespace VisionPS.Core.Tests.Structured;

public sealed class SchemaFromTypeTests
{
    public enum Currency { USD, EUR }

    public sealed class Line
    {
        public string Name { get; set; } = "";

        public decimal Price { get; set; }
    }

    public sealed class Receipt
    {
        public string Vendor { get; set; } = "";

        public DateTime Date { get; set; }

        public decimal Total { get; set; }

        public int? Items { get; set; }

        public Currency Currency { get; set; }

        public List<Line> Lines { get; set; } = [];

        public string? Note { get; set; }
    }

    [Fact]
    public void FromType_EveryPropertyRequired_StrictAllowed()
    {
        OutputSchema schema = OutputSchema.FromType(typeof(Receipt));
        JsonElement root = schema.Schema;

        Assert.True(schema.CanBeStrict, schema.StrictProblem);
        Assert.Equal("Receipt", schema.Name);
        Assert.Equal(typeof(Receipt), schema.TargetType);
        Assert.Equal(["Vendor", "Date", "Total", "Items", "Currency", "Lines", "Note"], root.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        JsonElement p = root.GetProperty("properties");
        Assert.Equal("string", p.GetProperty("Vendor").GetProperty("type").GetString());
        Assert.Equal("number", p.GetProperty("Total").GetProperty("type").GetString());
        Assert.Equal(["integer", "null"], p.GetProperty("Items").GetProperty("type").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["string", "null"], p.GetProperty("Note").GetProperty("type").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["USD", "EUR"], p.GetProperty("Currency").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.False(p.GetProperty("Lines").GetProperty("items").GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void StrictRules_SchemaWithOptionalProperty_NotStrict()
    {
        OutputSchema schema = OutputSchema.FromJson("""{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}},"required":["a"],"additionalProperties":false}""");

        Assert.False(schema.CanBeStrict);
        Assert.Contains("'b'", schema.StrictProblem);
    }

    [Fact]
    public void FromJson_NotAnObject_InvalidSchema()
    {
        var e = Assert.Throws<VisionPS.Core.Diagnostics.VisionArgumentException>(() => OutputSchema.FromJson("[1]"));
        Assert.Equal(VisionPS.Core.Diagnostics.ErrorIds.InvalidSchema, e.ErrorId);
    }
}
