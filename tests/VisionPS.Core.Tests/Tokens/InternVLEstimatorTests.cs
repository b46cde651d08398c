using VisionPS.Core.Tokens;

namespace VisionPS.Core.Tests.Tokens;

public sealed class InternVLEstimatorTests
{
    // vision-api-facts §2.6 "Examples [local]" (dynamic_preprocess from the InternVL model card / internvl_chat
    // preprocessing; 256 tokens per tile from modeling_internvl_chat.py num_image_token). The doc's numbers are
    // tiles × 256; Tokens adds the <img> </img> wrapper (2).
    [Theory]
    [InlineData(448, 448, 12, 1, 1, 1, 256)] // §2.6: 448x448 → 1 tile → 256
    [InlineData(1920, 1080, 12, 4, 2, 9, 2304)] // §2.6: 1920x1080 (max_num 12) → 4x2 + thumb = 9 tiles → 2304
    [InlineData(1024, 768, 12, 4, 3, 13, 3328)] // §2.6: 1024x768 → 4x3 + thumb = 13 → 3328
    public void WorkedExamples(int width, int height, int maxTiles, int columns, int rows, int tiles, int tileTokens)
    {
        var internVL = new InternVLEstimator(maxTiles: maxTiles);

        ImageTokenEstimate estimate = internVL.Estimate(width, height, null);

        Assert.Equal((columns, rows), internVL.ChooseGrid(width, height));
        Assert.Equal(new ImageTokenEstimate("internvl-tiles", tileTokens + 2, 448 * columns, 448 * rows, Tiles: tiles), estimate);
        Assert.Equal(tileTokens, estimate.Tiles * 256);
    }

    [Fact]
    public void Tie_PrefersLargerGrid_OnlyWhenImageIsLargeEnough()
    {
        var internVL = new InternVLEstimator();

        // 1:1 ties between 1x1, 2x2 and 3x3; 2x2 needs area > 0.5·448²·4, 3x3 needs > 0.5·448²·9.
        Assert.Equal((1, 1), internVL.ChooseGrid(633, 633));
        Assert.Equal((2, 2), internVL.ChooseGrid(634, 634));
        Assert.Equal((2, 2), internVL.ChooseGrid(950, 950));
        Assert.Equal((3, 3), internVL.ChooseGrid(951, 951));
    }

    [Fact]
    public void MaxSix_LimitsTheGrid()
    {
        // §2.6: some model cards use max_num 6. 1920x1080 → 2x1 (4x2 is not allowed) + thumbnail = 3 tiles.
        ImageTokenEstimate estimate = new InternVLEstimator(maxTiles: 6).Estimate(1920, 1080, null);

        Assert.Equal((3, 3 * 256 + 2), (estimate.Tiles, estimate.Tokens));
    }

    [Fact]
    public void WithoutThumbnail_CountsGridTilesOnly()
        => Assert.Equal(8, new InternVLEstimator(useThumbnail: false).Estimate(1920, 1080, null).Tiles);
}
