using VisionPS.Core.BatchJobs;
using VisionPS.Core.Diagnostics;
using VisionPS.Core.Models;

namespace VisionPS.Core.Tests.BatchJobs;

/// <summary>The catalog's batch field (issue 13 point 2), and -Wait's polling schedule.</summary>
public sealed class BatchCatalogTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "visionps-batch-catalog-" + Guid.NewGuid().ToString("N")[..8]);

    public BatchCatalogTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string json)
    {
        string path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    [Theory]
    [InlineData("gpt-4o", "1.25", "5")]
    [InlineData("gpt-4o-mini", "0.075", "0.3")]
    [InlineData("gpt-4.1", "1", "4")]
    public void OpenAI_batch_prices_are_half_the_online_price(string id, string input, string output)
    {
        ModelInfo model = ModelCatalog.BuiltIn.Find(id)!;
        Assert.Equal(new ModelPrice(decimal.Parse(input, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(output, System.Globalization.CultureInfo.InvariantCulture), "USD"), model.BatchPrice);
        Assert.Equal(model.Price!.Input / 2, model.BatchPrice!.Input);
        Assert.Null(model.BatchEnqueuedTokens); // tier-dependent: unknown, not zero
    }

    [Fact]
    public void A_model_without_a_known_batch_api_has_no_batch_price()
    {
        Assert.Null(ModelCatalog.BuiltIn.Find("glm-4v")!.BatchPrice);
    }

    [Fact]
    public void A_user_file_sets_batch_price_and_enqueued_tokens()
    {
        ModelCatalog catalog = ModelCatalog.Load(Write("""{ "models": [ { "id": "m", "provider": "p", "batch": { "price": { "input": 1, "output": 2, "currency": "cny" }, "enqueuedTokens": 90000 } } ] }"""));
        ModelInfo m = catalog.Find("m")!;
        Assert.Equal(new ModelPrice(1, 2, "CNY"), m.BatchPrice);
        Assert.Equal(90_000, m.BatchEnqueuedTokens);
    }

    [Theory]
    [InlineData("""{ "models": [ { "id": "m", "provider": "p", "batch": { "discount": 0.5 } } ] }""", "unknown field 'discount'", "batch takes price, enqueuedTokens")]
    [InlineData("""{ "models": [ { "id": "m", "provider": "p", "batch": { "enqueuedTokens": -1 } } ] }""", "$.models[0].batch.enqueuedTokens: -1 is negative", "0 or more")]
    [InlineData("""{ "models": [ { "id": "m", "provider": "p", "batch": { "price": { "input": 1 } } } ] }""", "$.models[0].batch.price.output", "per million tokens")]
    public void A_bad_batch_field_is_refused_naming_it(string json, string where, string fix)
    {
        var e = Assert.Throws<VisionArgumentException>(() => ModelCatalog.Load(Write(json)));
        Assert.Equal(ErrorIds.ModelCatalogInvalid, e.ErrorId);
        Assert.Contains(where, e.Message, StringComparison.Ordinal);
        Assert.Contains(fix, e.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void Polling_starts_at_the_first_interval_and_doubles_up_to_the_longest()
    {
        TimeSpan first = TimeSpan.FromSeconds(5), longest = TimeSpan.FromSeconds(60);
        var waits = new List<TimeSpan>();
        TimeSpan wait = TimeSpan.Zero;
        for (int i = 0; i < 6; i++)
        {
            wait = BatchPolling.Next(wait, first, longest);
            waits.Add(wait);
        }

        Assert.Equal(new[] { 5, 10, 20, 40, 60, 60 }.Select(s => TimeSpan.FromSeconds(s)), waits);
    }
}
