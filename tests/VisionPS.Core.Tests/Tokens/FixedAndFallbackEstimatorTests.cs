using VisionPS.Core.Tokens;

namespace VisionPS.Core.Tests.Tokens;

public sealed class FixedAndFallbackEstimatorTests
{
    [Theory]
    [InlineData(1920, 1080, "high")]
    [InlineData(16, 16, "low")]
    [InlineData(4000, 20, null)]
    public void Glm4v9b_Is1602PerImage(int width, int height, string? detail)
    {
        // vision-api-facts §2.7 [doc https://huggingface.co/THUDM/glm-4v-9b/blob/main/config.json; code vLLM glm4v.py]:
        // (1120/14/2)² = 1600 + boi/eoi = 1602 per image.
        ImageTokenEstimate estimate = new FixedEstimator(tokens: 1602, side: 1120).Estimate(width, height, detail);

        Assert.Equal(new ImageTokenEstimate("fixed", 1602, 1120, 1120), estimate);
    }

    [Fact]
    public void Fixed_WithoutSide_ReportsTheSizeAsSent()
        => Assert.Equal(new ImageTokenEstimate("fixed", 100, 640, 480), new FixedEstimator(100, 0).Estimate(640, 480, null));

    [Theory]
    // The stated fallback: gpt-4o's tile numbers (§2.1), flagged as a fallback.
    [InlineData(1024, 1024, "high", 765)]
    [InlineData(4096, 8192, "low", 85)]
    [InlineData(1920, 1080, null, 1105)]
    public void Fallback_IsGpt4oTiles_FlaggedAsFallback(int width, int height, string? detail, int tokens)
    {
        ImageTokenEstimate estimate = FallbackEstimator.Instance.Estimate(width, height, detail);

        Assert.Equal((tokens, "unknown", true), (estimate.Tokens, estimate.Rule, estimate.IsFallback));
    }
}
