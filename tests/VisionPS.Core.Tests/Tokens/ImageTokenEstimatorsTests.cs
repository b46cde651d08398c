using VisionPS.Core.Models;
using VisionPS.Core.Tokens;

namespace VisionPS.Core.Tests.Tokens;

public sealed class ImageTokenEstimatorsTests
{
    private static ImageTokenRuleSpec Spec(string rule, params (string Name, double Value)[] parameters)
        => new(rule, parameters.ToDictionary(p => p.Name, p => p.Value));

    [Theory]
    [InlineData("openai-tiles", typeof(OpenAITileEstimator))]
    [InlineData("openai-patches", typeof(OpenAIPatchEstimator))]
    [InlineData("qwen-smart-resize", typeof(QwenSmartResizeEstimator))]
    [InlineData("siliconflow-qwen", typeof(SiliconFlowQwenEstimator))]
    [InlineData("internvl-tiles", typeof(InternVLEstimator))]
    [InlineData("fixed", typeof(FixedEstimator))]
    [InlineData("OpenAI-Tiles", typeof(OpenAITileEstimator))]
    [InlineData("unknown", typeof(FallbackEstimator))]
    [InlineData("gemini-tiles", typeof(FallbackEstimator))]
    public void RuleNames_MapToEstimators(string rule, Type expected)
        => Assert.IsType(expected, ImageTokenEstimators.Create(Spec(rule)));

    [Fact]
    public void Unknown_IsTheFallback()
        => Assert.True(ImageTokenEstimators.Create(ImageTokenRuleSpec.Unknown).Estimate(1024, 1024, null).IsFallback);

    [Fact]
    public void MissingParameters_TakeTheFactsDocDefaults()
    {
        // §2.1 gpt-4o 85/170; §2.2 budget 1536; §2.3 Qwen 28 / 3136 / 12845056 + 2; §2.6 InternVL 12 tiles; §2.7 GLM 1602.
        Assert.Equal(765, ImageTokenEstimators.Create(Spec("openai-tiles")).Estimate(1024, 1024, "high").Tokens);
        Assert.Equal(1452, ImageTokenEstimators.Create(Spec("openai-patches")).Estimate(1800, 2400, "high").Tokens);
        Assert.Equal(16242, ImageTokenEstimators.Create(Spec("qwen-smart-resize")).Estimate(3172, 4096, null).Tokens);
        Assert.Equal(258, ImageTokenEstimators.Create(Spec("siliconflow-qwen")).Estimate(3172, 4096, "low").Tokens);
        Assert.Equal(2306, ImageTokenEstimators.Create(Spec("internvl-tiles")).Estimate(1920, 1080, null).Tokens);
        Assert.Equal(1602, ImageTokenEstimators.Create(Spec("fixed")).Estimate(1920, 1080, null).Tokens);
    }

    [Fact]
    public void Parameters_AreUsed()
    {
        Assert.Equal(
            2833 + (4 * 5667),
            ImageTokenEstimators.Create(Spec("openai-tiles", ("base", 2833), ("tile", 5667))).Estimate(1024, 1024, "high").Tokens);
        Assert.Equal(
            1659,
            ImageTokenEstimators.Create(Spec("openai-patches", ("multiplier", 1.62))).Estimate(1024, 1024, "high").Tokens);
        Assert.Equal(
            1369,
            ImageTokenEstimators.Create(Spec("qwen-smart-resize", ("wrapperTokens", 0))).Estimate(1024, 1024, null).Tokens);
        Assert.Equal(
            3 * 256 + 2,
            ImageTokenEstimators.Create(Spec("internvl-tiles", ("maxTiles", 6))).Estimate(1920, 1080, null).Tokens);
        Assert.Equal(
            8 * 256 + 2,
            ImageTokenEstimators.Create(Spec("internvl-tiles", ("thumbnail", 0))).Estimate(1920, 1080, null).Tokens);
        Assert.Equal(576, ImageTokenEstimators.Create(Spec("fixed", ("tokens", 576))).Estimate(10, 10, null).Tokens);
    }

    [Theory]
    [InlineData("openai-tiles", "base", 85.5)]
    [InlineData("qwen-smart-resize", "factor", double.NaN)]
    [InlineData("internvl-tiles", "maxTiles", 0)]
    [InlineData("openai-patches", "multiplier", -1)]
    public void BadParameters_AreRefused(string rule, string name, double value)
        => Assert.ThrowsAny<ArgumentException>(() => ImageTokenEstimators.Create(Spec(rule, (name, value))));
}
