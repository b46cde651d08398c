using VisionPS.Core.Models;
using VisionPS.Core.Tokens;

namespace VisionPS.Core.Tests.Tokens;

/// <summary>The built-in catalog's rules, through the estimators, give the facts document's worked examples.</summary>
public sealed class CatalogEstimateTests
{
    [Theory]
    // vision-api-facts §2.1 (OpenAI images-vision "calculating costs"): gpt-4o 1024x1024 high → 765; 4096x8192 low → 85
    [InlineData("gpt-4o", 1024, 1024, "high", 765)]
    [InlineData("gpt-4o", 4096, 8192, "low", 85)]
    // §2.1 table: gpt-4o-mini 2833 + 5667 × 4 tiles for 1024x1024
    [InlineData("gpt-4o-mini", 1024, 1024, "high", 2833 + (4 * 5667))]
    // §2.2 (OpenAI "patch-based image tokenization"): 1024x1024 → 1024 patches × 1.62 (gpt-4.1-mini), rounded up
    [InlineData("gpt-4.1-mini", 1024, 1024, null, 1659)]
    // §2.3 (Qwen2-VL vision_process.py; HF discussion 47): 1024x1024 → 1036x1036 → 1369 tokens + 2 wrapper
    [InlineData("Qwen2.5-VL-7B-Instruct", 1024, 1024, null, 1369 + 2)]
    // §2.5 (SiliconFlow vision doc): low → 448x448 = 256 (+2 wrapper)
    [InlineData("Qwen/Qwen2-VL-72B-Instruct", 4000, 3000, "low", 256 + 2)]
    // §2.7 (THUDM/glm-4v-9b config; vLLM glm4v.py): 1602 per image
    [InlineData("glm-4v-9b", 800, 600, null, 1602)]
    public void Catalog_rules_give_the_documented_counts(string model, int width, int height, string? detail, int tokens)
    {
        ModelInfo info = ModelCatalog.BuiltIn.Find(model) ?? throw new Xunit.Sdk.XunitException($"{model} is not in the catalog");

        ImageTokenEstimate estimate = ImageTokenEstimators.Create(info.ImageTokens).Estimate(width, height, detail);

        Assert.Equal(tokens, estimate.Tokens);
        Assert.False(estimate.IsFallback);
    }

    [Fact]
    public void A_model_without_a_rule_gets_the_stated_fallback()
    {
        ModelInfo info = ModelCatalog.BuiltIn.Find("ERNIE-4.5-Turbo-32K")!;

        ImageTokenEstimate estimate = ImageTokenEstimators.Create(info.ImageTokens).Estimate(1024, 1024, "high");

        Assert.True(estimate.IsFallback);
        Assert.Equal(765, estimate.Tokens);
    }
}
