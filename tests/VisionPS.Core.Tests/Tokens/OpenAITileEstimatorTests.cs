using VisionPS.Core.Tokens;

namespace VisionPS.Core.Tests.Tokens;

public sealed class OpenAITileEstimatorTests
{
    private static readonly OpenAITileEstimator Gpt4o = new(baseTokens: 85, tileTokens: 170);

    [Theory]
    // vision-api-facts §2.1 [doc https://platform.openai.com/docs/guides/images-vision#calculating-costs]: 1024x1024 high → 768x768 → 4 tiles → 765
    [InlineData(1024, 1024, "high", 768, 768, 4, 765)]
    // §2.1 [doc, same page]: 2048x4096 high → 1024x2048 → 768x1536 → 6 tiles → 1105
    [InlineData(2048, 4096, "high", 768, 1536, 6, 1105)]
    // §2.1 [local]: 1920x1080 high → 1365x768 → 3x2 tiles → 1105
    [InlineData(1920, 1080, "high", 1365, 768, 6, 1105)]
    // §2.1 [local]: 512x512 → 255
    [InlineData(512, 512, "high", 512, 512, 1, 255)]
    // §2.1 [local]: 300x200 → 255
    [InlineData(300, 200, "high", 300, 200, 1, 255)]
    public void WorkedExamples_Gpt4o(int width, int height, string detail, int processedWidth, int processedHeight, int tiles, int tokens)
    {
        ImageTokenEstimate estimate = Gpt4o.Estimate(width, height, detail);

        Assert.Equal(new ImageTokenEstimate("openai-tiles", tokens, processedWidth, processedHeight, Tiles: tiles), estimate);
    }

    [Fact]
    public void WorkedExample_LowDetail_IsBaseTokens()
    {
        // vision-api-facts §2.1 [doc https://platform.openai.com/docs/guides/images-vision#calculating-costs]: 4096x8192 low → 85
        ImageTokenEstimate estimate = Gpt4o.Estimate(4096, 8192, "low");

        Assert.Equal(85, estimate.Tokens);
        Assert.Null(estimate.Tiles);
        Assert.Equal((256, 512), (estimate.Width, estimate.Height));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("auto")]
    [InlineData("original")]
    [InlineData("HIGH")]
    public void AnythingButLow_TilesLikeHigh(string? detail)
        => Assert.Equal(1105, Gpt4o.Estimate(2048, 4096, detail).Tokens);

    [Theory]
    // §2.1 per-model table, 1024x1024 high (4 tiles) computed from the table's base/tile numbers.
    [InlineData(70, 140, 630)] // gpt-5
    [InlineData(2833, 5667, 25501)] // gpt-4o-mini (also the test server README's example)
    [InlineData(75, 150, 675)] // o1, o1-pro, o3
    [InlineData(65, 129, 581)] // computer-use-preview
    public void OtherModels_UseTheirBaseAndTile(int baseTokens, int tileTokens, int expected)
        => Assert.Equal(expected, new OpenAITileEstimator(baseTokens, tileTokens).Estimate(1024, 1024, "high").Tokens);

    [Fact]
    public void ShortSide512_ForGptImage1Inputs()
    {
        // §2.1: GPT Image 1 inputs use shortest side 512 with base 65 / tile 129: 1024x1024 → 512x512 → 1 tile.
        ImageTokenEstimate estimate = new OpenAITileEstimator(65, 129, shortSide: 512).Estimate(1024, 1024, "high");

        Assert.Equal((512, 512, 194), (estimate.Width, estimate.Height, estimate.Tokens));
    }

    [Fact]
    public void SmallImages_AreNeverEnlarged()
    {
        ImageTokenEstimate estimate = Gpt4o.Estimate(100, 40, "high");

        Assert.Equal((100, 40, 1), (estimate.Width, estimate.Height, estimate.Tiles));
    }
}
