using VisionPS.Core.Images.Preparation;
using VisionPS.Core.Images.Tiling;

namespace VisionPS.Core.Tests.Images.Tiling;

public sealed class TilePlannerTests
{
    private static readonly ImageSizeLimits Tiles = ModelImageLimits.OpenAITiles;

    [Fact]
    public void A_tall_receipt_becomes_full_width_strips_each_legible_at_the_models_size()
    {
        TilePlan plan = TilePlanner.Plan(1000, 8000, Tiles, TileSetting.Auto, lossless: true);

        // gpt-4o squeezes 1000x8000 into 256x2048 (scale 0.256); three strips of 1000x2800 fit at 2048/2800 = 0.73.
        Assert.Equal(0.256, plan.WholeScale, 3);
        Assert.Equal(3, plan.Tiles.Count);
        Assert.True(plan.TileScale >= TilePlanner.LegibleScale, $"tile scale {plan.TileScale}");
        Assert.All(plan.Tiles, t => Assert.Equal((0, 1000), (t.X, t.Width)));
        AssertCoversWithOverlap(plan.Tiles.Select(t => (t.Y, t.Height)).ToArray(), 8000);
    }

    [Fact]
    public void A_wide_strip_is_cut_into_columns_in_reading_order()
    {
        TilePlan plan = TilePlanner.Plan(8000, 1000, Tiles, TileSetting.Auto, lossless: true);

        Assert.True(plan.IsSplit);
        Assert.Equal(1, plan.Rows);
        Assert.All(plan.Tiles, t => Assert.Equal((0, 1000), (t.Y, t.Height)));
        Assert.Equal(plan.Tiles.OrderBy(t => t.X), plan.Tiles);
        AssertCoversWithOverlap(plan.Tiles.Select(t => (t.X, t.Width)).ToArray(), 8000);
    }

    [Theory]
    [InlineData(1000, 1000, true)] // fits the box at 0.768: legible, left whole
    [InlineData(1365, 768, true)] // exactly the box
    [InlineData(4000, 3000, false)] // a lossy camera photo of ordinary shape is never split by auto
    public void Auto_leaves_whole_what_needs_no_split(int width, int height, bool lossless)
    {
        TilePlan plan = TilePlanner.Plan(width, height, Tiles, TileSetting.Auto, lossless);

        Assert.False(plan.IsSplit);
        Assert.Equal(new TileRegion(1, 1, 0, 0, width, height), Assert.Single(plan.Tiles));
    }

    [Fact]
    public void Auto_splits_a_lossless_screenshot_of_ordinary_shape_and_a_lossy_panorama()
    {
        Assert.True(TilePlanner.Plan(4000, 3000, Tiles, TileSetting.Auto, lossless: true).IsSplit);
        Assert.True(TilePlanner.Plan(8000, 2000, Tiles, TileSetting.Auto, lossless: false).IsSplit);
    }

    [Fact]
    public void Off_never_splits()
    {
        TilePlan plan = TilePlanner.Plan(1000, 40000, Tiles, TileSetting.Off, lossless: true);

        Assert.Equal(new TileRegion(1, 1, 0, 0, 1000, 40000), Assert.Single(plan.Tiles));
        Assert.Equal(plan.WholeScale, plan.TileScale);
    }

    [Fact]
    public void Auto_stops_at_its_cap_when_even_that_many_tiles_are_shrunk()
    {
        TilePlan plan = TilePlanner.Plan(1000, 100_000, Tiles, TileSetting.Auto, lossless: true);

        Assert.Equal(TilePlanner.MaxAutoTiles, plan.Tiles.Count);
        Assert.True(plan.TileScale < TilePlanner.LegibleScale);
        Assert.True(plan.TileScale > plan.WholeScale * 5, "the cap still reads far better than the whole");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(7)]
    public void A_count_gives_exactly_that_many_tiles_even_when_the_image_would_fit(int count)
    {
        TilePlan plan = TilePlanner.Plan(1000, 3000, Tiles, TileSetting.Exactly(count), lossless: false);

        Assert.Equal(count, plan.Tiles.Count);
        Assert.Equal(Enumerable.Range(1, count), plan.Tiles.Select(t => t.Number));
        Assert.All(plan.Tiles, t => Assert.Equal(count, t.Count));
        AssertCoversWithOverlap(plan.Tiles.Select(t => (t.Y, t.Height)).ToArray(), 3000);
    }

    [Fact]
    public void A_count_too_high_for_the_image_is_lowered_so_no_tile_is_thinner_than_the_minimum()
    {
        // 1000 rows / 15 = 67 >= 64; / 16 = 63 < 64. 100 columns cannot be split at all.
        TilePlan plan = TilePlanner.Plan(100, 1000, Tiles, TileSetting.Exactly(32), lossless: true);

        Assert.Equal(15, plan.Tiles.Count);
        Assert.All(plan.Tiles, t => Assert.True(t.Height >= TilePlanner.MinTileSide));
    }

    [Fact]
    public void Qwen_pixel_budget_tiles_a_receipt_into_legible_strips()
    {
        TilePlan plan = TilePlanner.Plan(1000, 8000, ModelImageLimits.Qwen, TileSetting.Auto, lossless: true);

        Assert.True(plan.WholeScale < 0.4);
        Assert.True(plan.TileScale >= TilePlanner.LegibleScale);
        Assert.InRange(plan.Tiles.Count, 4, 6);
    }

    [Fact]
    public void Labels_name_the_part_and_its_rows_one_based_with_grouping()
    {
        TilePlan plan = TilePlanner.Plan(1000, 8000, Tiles, TileSetting.Auto, lossless: true);
        TileRegion second = plan.Tiles[1];

        Assert.Equal("receipt.png, part 2 of 3 (overlapping), rows 2,601-5,400 of 8,000", second.Label("receipt.png", 1000, 8000));
        Assert.Equal("wide.png, part 1 of 4 (overlapping), columns 1-2,100 of 8,000", new TileRegion(1, 4, 0, 0, 2100, 1000).Label("wide.png", 8000, 1000));
    }

    [Fact]
    public void Overlap_is_a_share_of_the_span_within_its_bounds()
    {
        Assert.Equal(TilePlanner.MinOverlap, TilePlanner.OverlapFor(100));
        Assert.Equal(133, TilePlanner.OverlapFor(2667));
        Assert.Equal(TilePlanner.MaxOverlap, TilePlanner.OverlapFor(100_000));
    }

    [Theory]
    [InlineData("auto", true, 0)]
    [InlineData(" AUTO ", true, 0)]
    [InlineData("", true, 0)]
    [InlineData("off", false, 1)]
    [InlineData("Off", false, 1)]
    [InlineData("1", false, 1)]
    [InlineData("5", false, 5)]
    [InlineData("32", false, 32)]
    public void Settings_parse(string text, bool auto, int count)
    {
        TileSetting setting = TileSetting.Parse(text);

        Assert.Equal((auto, count), (setting.IsAuto, setting.Count));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("33")]
    [InlineData("-2")]
    [InlineData("2.5")]
    [InlineData("many")]
    public void Bad_settings_name_what_is_accepted(string text)
    {
        var e = Assert.Throws<VisionPS.Core.Diagnostics.VisionArgumentException>(() => TileSetting.Parse(text));

        Assert.Equal(VisionPS.Core.Diagnostics.ErrorIds.InvalidTileSetting, e.ErrorId);
        Assert.Contains(text, e.Message);
        Assert.Contains("auto", e.RecommendedAction);
    }

    // Spans in order from the first edge to the other, each overlapping the next by at least MinOverlap.
    private static void AssertCoversWithOverlap((int Start, int Length)[] spans, int size)
    {
        Assert.Equal(0, spans[0].Start);
        Assert.Equal(size, spans[^1].Start + spans[^1].Length);
        for (int i = 1; i < spans.Length; i++)
        {
            int overlap = spans[i - 1].Start + spans[i - 1].Length - spans[i].Start;
            Assert.True(overlap >= TilePlanner.MinOverlap, $"spans {i} and {i + 1} overlap by {overlap}");
        }
    }
}
