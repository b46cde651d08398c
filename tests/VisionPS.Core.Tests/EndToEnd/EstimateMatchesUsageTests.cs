using VisionPS.Core.Chat;
using VisionPS.Core.Images;
using VisionPS.Core.Tests.TestSupport;

namespace VisionPS.Core.Tests.EndToEnd;

/// <summary>
/// Issue 4 point 7: the test server counts image tokens with the published rule of the model it serves, so the
/// pre-send estimate must equal the usage it reports, for every model it serves with a catalog rule.
/// </summary>
public sealed class EstimateMatchesUsageTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData("gpt-4o")]
    [InlineData("gpt-4o-mini")]
    [InlineData("gpt-4.1")]
    [InlineData("Qwen/Qwen2.5-VL-7B-Instruct")]
    [InlineData("Qwen/Qwen2.5-VL-72B-Instruct")]
    public async Task The_estimate_equals_the_reported_prompt_tokens(string model)
    {
        ImagePart photo = ImagePartFactory.FromFile(Path.Combine(SharedPaths.Samples, "street_classic_cars.jpg"), "high");
        ImagePart small = ImagePartFactory.FromFile(SharedPaths.Image("png/rgba_8bit_basn6a08.png"), "low");
        ChatCall call = ChatCallBuilder.Build(f.Settings(model), "Compare these two images, please.", [photo, small]);

        ChatResult first = await f.RunAsync(call);

        Assert.Equal("estimate", first.Estimate!.Kind);
        Assert.False(first.Estimate.IsFallback);
        Assert.Equal(2, first.Estimate.Images.Count);
        Assert.Equal(first.Usage!.PromptTokens, first.Estimate.PromptTokens);

        // The next turn resends both images from the history; their sizes come from the data URLs' headers.
        ChatCall next = ChatCallBuilder.Build(f.Settings(model), "And the colours?", [], first.Messages);
        ChatResult second = await f.RunAsync(next);
        Assert.Equal(second.Usage!.PromptTokens, second.Estimate!.PromptTokens);
    }

    [Fact]
    public async Task Cost_comes_from_reported_usage_at_the_catalog_price()
    {
        ChatResult result = await f.RunAsync(ChatCallBuilder.Build(f.Settings("gpt-4o"), "Hello", []));

        // gpt-4o: 2.50 USD per 1M prompt tokens, 10.00 per 1M completion tokens (catalog).
        decimal expected = ((result.Usage!.PromptTokens * 2.5m) + (result.Usage.CompletionTokens * 10m)) / 1_000_000m;
        Assert.Equal(new Cost(expected, "USD"), result.Cost);
        Assert.Equal("USD", result.Estimate!.PromptCost!.Currency);
    }

    [Fact]
    public async Task A_model_the_catalog_does_not_price_has_no_cost_and_a_fallback_estimate()
    {
        ImagePart small = ImagePartFactory.FromFile(SharedPaths.Image("png/rgba_8bit_basn6a08.png"));

        ChatCall withImage = ChatCallBuilder.Build(f.Settings("text-only-model"), "Hi", [small]);
        Assert.True(withImage.Estimate.IsFallback);
        Assert.Null(withImage.Estimate.PromptCost);

        ChatResult result = await f.RunAsync(ChatCallBuilder.Build(f.Settings("text-only-model"), "Hi", []));
        Assert.NotNull(result.Usage);
        Assert.Null(result.Cost);
    }
}
