using System.Text.Json;
using System.Text.RegularExpressions;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Models;
using VisionPS.Core.Tests.TestSupport;

namespace VisionPS.Core.Tests.Models;

public sealed class CatalogTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("visionps-catalog-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // Every row is a number of issue 4's platform table, unchanged (K read as 1,000; QPM stored as rpm).
    public static TheoryData<string, int, int?, int?, int?, string, string> IssueModels() => new()
    {
        { "Qwen2.5-VL-72B-Instruct", 128_000, 120, 500_000, null, "16", "48" },
        { "Qwen2.5-VL-32B-Instruct", 128_000, 60, 100_000, null, "8", "24" },
        { "Qwen2.5-VL-7B-Instruct", 128_000, 1_200, 1_000_000, null, "2", "5" },
        { "Qwen2.5-VL-3B-Instruct", 128_000, 1_200, 1_000_000, null, "1.2", "3.6" },
        { "GLM-4V-Flash", 4_000, null, null, 30, "0", "0" },
        { "GLM-4V", 8_000, null, null, 30, "50", "50" },
        { "GLM-4V-Plus", 8_000, null, null, 10, "4", "4" },
        { "ERNIE-4.5-Turbo-32K", 32_000, 1_000, 200_000, null, "4.29", "12.86" },
    };

    [Theory]
    [MemberData(nameof(IssueModels))]
    public void IssueModels_HaveTheIssuesNumbers(string name, int context, int? rpm, int? tpm, int? concurrency, string input, string output)
    {
        ModelInfo model = Assert.IsType<ModelInfo>(ModelCatalog.BuiltIn.Find(name));

        Assert.Equal(context, model.ContextLength);
        Assert.Equal(new ModelRateLimits(rpm, tpm, concurrency), model.RateLimits);
        Assert.Equal(new ModelPrice(decimal.Parse(input, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(output, System.Globalization.CultureInfo.InvariantCulture), "CNY"), model.Price);
        Assert.False(string.IsNullOrWhiteSpace(model.Source));
    }

    [Theory]
    [InlineData("Qwen2.5-VL-72B-Instruct")]
    [InlineData("qwen2.5-vl-3b-instruct")]
    public void QwenModels_UseSmartResizeWithTheFactsDocNumbers(string name)
    {
        ImageTokenRuleSpec rule = ModelCatalog.BuiltIn.Find(name)!.ImageTokens;

        Assert.Equal("qwen-smart-resize", rule.Rule);
        Assert.Equal(28, rule.Get("factor", 0));
        Assert.Equal(3136, rule.Get("minPixels", 0));
        Assert.Equal(12_845_056, rule.Get("maxPixels", 0));
        Assert.Equal(2, rule.Get("wrapperTokens", 0));
    }

    [Theory]
    [InlineData("qwen/qwen2.5-vl-72b-instruct", "openrouter", "qwen-smart-resize")]
    [InlineData("Qwen/Qwen2-VL-72B-Instruct", "siliconflow", "siliconflow-qwen")]
    public void OtherPlatformIds_AreTheirOwnEntries(string id, string provider, string rule)
    {
        ModelInfo model = ModelCatalog.BuiltIn.Find(id)!;

        Assert.Equal(id, model.Id);
        Assert.Equal(provider, model.Provider);
        Assert.Equal(rule, model.ImageTokens.Rule);
        Assert.True(model.Vision);
        Assert.Null(model.Price);
    }

    // Base/tile and budget/multiplier from vision-api-facts.md §2.1 and §2.2.
    [Theory]
    [InlineData("gpt-4o", "openai-tiles", "base", 85, "tile", 170)]
    [InlineData("gpt-4o-mini", "openai-tiles", "base", 2833, "tile", 5667)]
    [InlineData("gpt-4.1", "openai-tiles", "base", 85, "tile", 170)]
    [InlineData("o1", "openai-tiles", "base", 75, "tile", 150)]
    [InlineData("o3", "openai-tiles", "base", 75, "tile", 150)]
    [InlineData("gpt-5", "openai-tiles", "base", 70, "tile", 140)]
    [InlineData("gpt-4.1-mini", "openai-patches", "budget", 1536, "multiplier", 1.62)]
    [InlineData("gpt-4.1-nano", "openai-patches", "budget", 1536, "multiplier", 2.46)]
    [InlineData("o4-mini", "openai-patches", "budget", 1536, "multiplier", 1.72)]
    [InlineData("gpt-5-mini", "openai-patches", "budget", 1536, "multiplier", 1.62)]
    [InlineData("gpt-5-nano", "openai-patches", "budget", 1536, "multiplier", 2.46)]
    public void OpenAIModels_CarryTheirImageTokenRule(string id, string rule, string first, double firstValue, string second, double secondValue)
    {
        ModelInfo model = ModelCatalog.BuiltIn.Find(id)!;

        Assert.Equal("openai", model.Provider);
        Assert.True(model.Vision);
        Assert.Equal(rule, model.ImageTokens.Rule);
        Assert.Equal(firstValue, model.ImageTokens.Get(first, double.NaN));
        Assert.Equal(secondValue, model.ImageTokens.Get(second, double.NaN));
    }

    [Theory]
    [InlineData("gpt-4o", "2.5", "10")]
    [InlineData("gpt-4o-mini", "0.15", "0.6")]
    [InlineData("gpt-4.1", "2", "8")]
    [InlineData("gpt-4.1-mini", "0.4", "1.6")]
    [InlineData("gpt-4.1-nano", "0.1", "0.4")]
    [InlineData("o1", "15", "60")]
    [InlineData("o4-mini", "1.1", "4.4")]
    [InlineData("gpt-5", "1.25", "10")]
    [InlineData("gpt-5-mini", "0.25", "2")]
    [InlineData("gpt-5-nano", "0.05", "0.4")]
    public void OpenAIPrices_AreUsdPerMillion(string id, string input, string output)
    {
        var expected = new ModelPrice(decimal.Parse(input, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(output, System.Globalization.CultureInfo.InvariantCulture), "USD");

        Assert.Equal(expected, ModelCatalog.BuiltIn.Find(id)!.Price);
    }

    [Fact]
    public void UnknownValues_StayNull()
    {
        ModelInfo ernie = ModelCatalog.BuiltIn.Find("ernie-4.5-turbo-32k")!;
        Assert.Null(ernie.Vision);
        Assert.Equal("unknown", ernie.ImageTokens.Rule);

        ModelInfo o3 = ModelCatalog.BuiltIn.Find("o3")!;
        Assert.Null(o3.Price);
        Assert.Equal(ModelRateLimits.Unknown, o3.RateLimits);

        Assert.Null(ModelCatalog.BuiltIn.Find("gpt-5")!.ContextLength);
        Assert.Equal("unknown", ModelCatalog.BuiltIn.Find("glm-4v-plus")!.ImageTokens.Rule);
        Assert.Null(ModelCatalog.BuiltIn.Find("Qwen/Qwen2-VL-72B-Instruct")!.ContextLength);
    }

    [Fact]
    public void Glm4v9b_IsFixed1602()
    {
        ImageTokenRuleSpec rule = ModelCatalog.BuiltIn.Find("THUDM/glm-4v-9b")!.ImageTokens;

        Assert.Equal(("fixed", 1602.0), (rule.Rule, rule.Get("tokens", 0)));
    }

    [Fact]
    public void Price_CostsPerMillionTokens()
    {
        // gpt-4o: 1,000,000 prompt tokens at $2.50 plus 500,000 completion tokens at $10.
        Assert.Equal(7.5m, ModelCatalog.BuiltIn.Find("gpt-4o")!.Price!.Cost(1_000_000, 500_000));
    }

    [Fact]
    public void Free_IsAPriceOfZero_NotUnknown()
    {
        Assert.Equal(new ModelPrice(0, 0, "CNY"), ModelCatalog.BuiltIn.Find("glm-4v-flash")!.Price);
    }

    [Theory]
    [InlineData("GPT-4O", "gpt-4o")]
    [InlineData("openai/gpt-4o", "gpt-4o")]
    [InlineData("OpenAI/GPT-4.1-mini", "gpt-4.1-mini")]
    [InlineData("zhipu/glm-4v", "glm-4v")]
    [InlineData("QWEN/QWEN2.5-VL-72B-INSTRUCT", "qwen/qwen2.5-vl-72b-instruct")]
    [InlineData("Qwen/Qwen2.5-VL-7B-Instruct", "qwen2.5-vl-7b-instruct")]
    [InlineData("thudm/GLM-4V-9B", "glm-4v-9b")]
    public void Find_IgnoresCase_AndFallsBackToTheUnprefixedName(string name, string expectedId)
    {
        Assert.Equal(expectedId, ModelCatalog.BuiltIn.Find(name)?.Id);
    }

    [Theory]
    [InlineData("gpt-4")]
    [InlineData("openai/")]
    [InlineData("")]
    public void Find_ReturnsNull_ForUnknownNames(string name)
    {
        Assert.Null(ModelCatalog.BuiltIn.Find(name));
    }

    [Fact]
    public void Matches_CoversIdAliasesAndPrefixedForms()
    {
        ModelInfo glm = ModelCatalog.BuiltIn.Find("glm-4v-9b")!;

        Assert.True(glm.Matches("GLM-4V-9B"));
        Assert.True(glm.Matches("thudm/glm-4v-9b"));
        Assert.True(glm.Matches("local/glm-4v-9b"));
        Assert.False(glm.Matches("glm-4v"));
    }

    [Fact]
    public void UserFile_ReplacesSameIdAndAddsNewOnes()
    {
        string file = Write("""
            {
              "models": [
                { "id": "GPT-4O", "provider": "azure", "vision": true, "price": { "input": 3, "output": 12, "currency": "usd" } },
                { "id": "my-llava", "aliases": ["llava-local"], "provider": "ollama", "vision": true,
                  "imageTokens": { "rule": "fixed", "tokens": 576 } }
              ]
            }
            """);

        ModelCatalog catalog = ModelCatalog.Load(file);

        ModelInfo replaced = catalog.Find("gpt-4o")!;
        Assert.Equal("azure", replaced.Provider);
        Assert.Equal(new ModelPrice(3, 12, "USD"), replaced.Price);
        Assert.Equal("unknown", replaced.ImageTokens.Rule);
        Assert.Null(replaced.ContextLength);
        Assert.Single(catalog.All, m => m.Id.Equals("gpt-4o", StringComparison.OrdinalIgnoreCase));

        ModelInfo added = catalog.Find("LLAVA-LOCAL")!;
        Assert.Equal("my-llava", added.Id);
        Assert.Equal(576, added.ImageTokens.Get("tokens", 0));
        Assert.Equal(ModelCatalog.BuiltIn.All.Count + 1, catalog.All.Count);
        Assert.Equal("my-llava", catalog.All[^1].Id);
    }

    [Fact]
    public void UserFile_DefaultsToTheEnvironmentVariable()
    {
        string file = Write("""{ "models": [ { "id": "env-model", "provider": "test" } ] }""");
        string? before = Environment.GetEnvironmentVariable(ModelCatalog.UserFileVariable);
        try
        {
            Environment.SetEnvironmentVariable(ModelCatalog.UserFileVariable, file);
            Assert.NotNull(ModelCatalog.Load().Find("env-model"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(ModelCatalog.UserFileVariable, before);
        }
    }

    // Fragments are looked for in the message and the recommended action together.
    public static TheoryData<string, string[]> MalformedFiles() => new()
    {
        { "{ \"models\": [ { \"id\": \"a\", \"provider\": \"b\" ", ["line 1", "not valid JSON"] },
        { "{ \"models\": [\n  { \"id\": \"a\" \"provider\": \"b\" }\n] }", ["line 2", "position", "not valid JSON"] },
        { "{ \"models\": [\n  { \"id\": \"a\", \"provider\": \"b\",\n    \"contextLength\": \"128K\" }\n] }", ["line 3", "$.models[0].contextLength", "a whole number or null"] },
        { "{ \"models\": [ { \"id\": \"a\", \"provider\": \"b\", \"vision\": \"yes\" } ] }", ["$.models[0].vision", "true, false or null"] },
        { "{ \"models\": [ { \"id\": 5, \"provider\": \"b\" } ] }", ["$.models[0].id", "a string"] },
        { "{ \"models\": [ { \"id\": \"a\", \"provider\": \"b\", \"price\": { \"input\": \"cheap\", \"output\": 1, \"currency\": \"USD\" } } ] }", ["$.models[0].price.input", "a number"] },
        { "{ \"models\": [ { \"id\": \"a\", \"provider\": \"b\", \"contextLenght\": 5 } ] }", ["unknown field 'contextLenght'"] },
        { "{ \"models\": [ { \"id\": \"a\", \"provider\": \"b\", \"price\": { \"in\": 1 } } ] }", ["unknown field 'in'", "input, output, currency"] },
        { "{ \"model\": [] }", ["unknown field 'model'", "version and models"] },
        { "{ \"models\": { \"id\": \"a\" } }", ["$.models", "an array of model entries"] },
        { "{ \"version\": 1 }", ["no \"models\" array"] },
        { "{ \"models\": [ { \"provider\": \"b\" } ] }", ["$.models[0].id", "non-empty string"] },
        { "{ \"models\": [ { \"id\": \"a\", \"provider\": \"b\", \"imageTokens\": { \"rule\": \"tiles\" } } ] }", ["$.models[0].imageTokens.rule", "'tiles' is not a known rule", "openai-tiles"] },
        { "{ \"models\": [ { \"id\": \"a\", \"provider\": \"b\", \"imageTokens\": { \"rule\": \"fixed\", \"tokens\": \"many\" } } ] }", ["$.models[0].imageTokens.tokens", "\"many\""] },
        { "{ \"models\": [ { \"id\": \"a\", \"provider\": \"b\", \"price\": { \"input\": 1, \"output\": 2 } } ] }", ["$.models[0].price.currency"] },
        { "{ \"models\": [ { \"id\": \"a\", \"provider\": \"b\", \"price\": { \"input\": 1, \"output\": 2, \"currency\": \"USD\", \"unit\": \"1K tokens\" } } ] }", ["$.models[0].price.unit", "1M tokens"] },
        { "{ \"models\": [ { \"id\": \"a\", \"provider\": \"b\" }, { \"id\": \"A\", \"provider\": \"c\" } ] }", ["$.models[1].id", "twice"] },
        { "{ \"models\": [ { \"id\": \"a\", \"provider\": \"b\", \"rateLimits\": { \"rpm\": -1 } } ] }", ["$.models[0].rateLimits.rpm", "negative"] },
        { "{ \"models\": [ { \"id\": \"a\", \"provider\": \"b\", \"videoInput\": \"video_url\" } ] }", ["$.models[0].videoInput", "'video_url' is not a known way to send video", "\"frames\""] },
        { "{ \"models\": [ { \"id\": \"a\", \"provider\": \"b\", \"videoInput\": true } ] }", ["$.models[0].videoInput", "\"frames\" or null"] },
        { "{ \"models\": [ { \"id\": \"a\", \"provider\": \"b\", \"video\": \"yes\" } ] }", ["$.models[0].video", "true, false or null"] },
    };

    // The model's fact is whether it understands video; the older videoInput "frames" said the same.
    [Theory]
    [InlineData("\"video\": true", true)]
    [InlineData("\"videoInput\": \"frames\"", true)]
    [InlineData("\"video\": false", false)]
    public void Video_reads_from_the_flag_or_the_older_field(string field, bool expected)
    {
        string file = Write($"{{ \"models\": [ {{ \"id\": \"v\", \"provider\": \"p\", {field} }} ] }}");

        Assert.Equal(expected, ModelCatalog.Load(file).Find("v")!.Video);
    }

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void MalformedUserFile_GivesAClearError(string json, string[] expectedFragments)
    {
        string file = Write(json);

        var error = Assert.Throws<VisionArgumentException>(() => ModelCatalog.Load(file));

        Assert.Equal(ErrorIds.ModelCatalogInvalid, error.ErrorId);
        Assert.Contains(file, error.Message);
        string both = $"{error.Message} {error.RecommendedAction}";
        Assert.All(expectedFragments, fragment => Assert.Contains(fragment, both));
        Assert.DoesNotContain("System.", both);
        Assert.False(string.IsNullOrWhiteSpace(error.RecommendedAction));
        Assert.IsNotType<JsonException>(error.InnerException);
    }

    [Fact]
    public void MissingUserFile_GivesAClearError()
    {
        string file = Path.Combine(_directory, "absent.json");

        var error = Assert.Throws<VisionArgumentException>(() => ModelCatalog.Load(file));

        Assert.Equal(ErrorIds.ModelCatalogInvalid, error.ErrorId);
        Assert.Contains(file, error.Message);
    }

    [Fact]
    public void EveryBuiltInRule_IsOneTheContractNames()
    {
        string spec = File.ReadAllText(Path.Combine(SharedPaths.RepositoryRoot, "src", "VisionPS.Core", "Models", "ImageTokenRuleSpec.cs"));
        string ruleDoc = Regex.Match(spec, "<param name=\"Rule\">(.*?)</param>", RegexOptions.Singleline).Groups[1].Value;
        var contractNames = Regex.Matches(ruleDoc, "<c>([a-z-]+)</c>").Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Equal(contractNames, ModelCatalog.ImageTokenRules.ToHashSet());
        Assert.All(ModelCatalog.BuiltIn.All, model => Assert.Contains(model.ImageTokens.Rule, contractNames));
    }

    [Fact]
    public void EmbeddedJson_HasTheDocumentedFields_InEveryEntry()
    {
        string docs = File.ReadAllText(Path.Combine(SharedPaths.RepositoryRoot, "docs", "model-catalog.md"));
        string[] documented = Regex.Match(docs, "Built-in entries spell out every field: (.*)\\.").Groups[1].Value
            .Split(',', StringSplitOptions.TrimEntries).Select(f => f.Trim('`')).ToArray();
        Assert.Contains("id", documented);
        Assert.Contains("rateLimits", documented);

        using Stream stream = typeof(ModelCatalog).Assembly.GetManifestResourceStream("VisionPS.Core.Models.catalog.json")!;
        using JsonDocument json = JsonDocument.Parse(stream);
        JsonElement models = json.RootElement.GetProperty("models");

        Assert.True(models.GetArrayLength() >= 22);
        foreach (JsonElement model in models.EnumerateArray())
        {
            string id = model.GetProperty("id").GetString()!;
            Assert.All(documented, field => Assert.True(model.TryGetProperty(field, out _), $"{id} lacks {field}"));
            Assert.False(string.IsNullOrWhiteSpace(model.GetProperty("provider").GetString()), id);
            Assert.Equal(JsonValueKind.String, model.GetProperty("imageTokens").GetProperty("rule").ValueKind);
            if (model.GetProperty("price") is { ValueKind: JsonValueKind.Object } price)
            {
                Assert.Equal("1M tokens", price.GetProperty("unit").GetString());
            }
        }
    }

    private string Write(string json)
    {
        string path = Path.Combine(_directory, $"catalog-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
