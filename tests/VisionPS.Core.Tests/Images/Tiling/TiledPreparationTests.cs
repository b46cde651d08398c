using VisionPS.Core.Images.Preparation;
using VisionPS.Core.Images.Tiling;
using VisionPS.Core.Tests.Images.Preparation;
using VisionPS.Imaging;

namespace VisionPS.Core.Tests.Images.Tiling;

/// <summary>ImagePreparer.PrepareAll with the recording engine: what it decodes, crops and resizes for each tile.</summary>
public sealed class TiledPreparationTests
{
    private readonly FakeImageEngine _engine = new();

    private IReadOnlyList<PreparedImage> PrepareAll(ImageInfo info, TileSetting tile, string? model = "gpt-4o", bool resize = true, string detail = "high")
    {
        _engine.Info = info;
        var options = new ImagePreparationOptions { Model = model, Tile = tile, Resize = resize };
        return new ImagePreparer(_engine).PrepareAll(new byte[10_000], info, "/tmp/scans/receipt.png", "receipt.png", detail, options);
    }

    [Fact]
    public void Detail_low_is_not_split_by_auto_but_is_by_a_count()
    {
        Assert.Single(PrepareAll(new ImageInfo(ImageFormat.Png, 1000, 8000), TileSetting.Auto, detail: "low"));
        Assert.Equal(2, PrepareAll(new ImageInfo(ImageFormat.Png, 1000, 8000), TileSetting.Exactly(2), detail: "low").Count);
    }

    [Fact]
    public void A_receipt_is_decoded_once_and_each_tile_cropped_fitted_and_labelled_in_order()
    {
        IReadOnlyList<PreparedImage> tiles = PrepareAll(new ImageInfo(ImageFormat.Png, 1000, 8000), TileSetting.Auto);

        Assert.Equal(3, tiles.Count);
        Assert.Single(_engine.Calls, c => c.StartsWith("Decode", StringComparison.Ordinal));
        Assert.Equal(["Crop 0,0 1000x2800", "Crop 0,2600 1000x2800", "Crop 0,5200 1000x2800"], _engine.Calls.Where(c => c.StartsWith("Crop", StringComparison.Ordinal)));

        // Each 1000x2800 tile fitted into gpt-4o's box: 2048 tall, 731 wide (shorter side under 768).
        Assert.All(tiles, t => Assert.Equal((731, 2048), (t.Width, t.Height)));
        Assert.All(tiles, t => Assert.True(t.Changes.HasFlag(ImageChanges.Tiled) && t.Changes.HasFlag(ImageChanges.Resized)));
        Assert.Equal(
            [
                "receipt.png, part 1 of 3 (overlapping), rows 1-2,800 of 8,000",
                "receipt.png, part 2 of 3 (overlapping), rows 2,601-5,400 of 8,000",
                "receipt.png, part 3 of 3 (overlapping), rows 5,201-8,000 of 8,000",
            ],
            tiles.Select(t => t.Label));

        // One warning, on the first tile, saying why and how to turn it off.
        string warning = Assert.Single(tiles[0].Warnings);
        Assert.Contains("3 overlapping tiles", warning);
        Assert.Contains("-Tile off", warning);
        Assert.All(tiles.Skip(1), t => Assert.Empty(t.Warnings));
    }

    [Fact]
    public void Off_prepares_the_whole_image_as_before()
    {
        IReadOnlyList<PreparedImage> whole = PrepareAll(new ImageInfo(ImageFormat.Png, 1000, 8000), TileSetting.Off);

        PreparedImage only = Assert.Single(whole);
        Assert.Null(only.Label);
        Assert.Equal((256, 2048), (only.Width, only.Height));
        Assert.DoesNotContain(_engine.Calls, c => c.StartsWith("Crop", StringComparison.Ordinal));
    }

    [Fact]
    public void NoResize_never_splits()
    {
        IReadOnlyList<PreparedImage> whole = PrepareAll(new ImageInfo(ImageFormat.Png, 1000, 8000), TileSetting.Exactly(4), resize: false);

        Assert.Null(Assert.Single(whole).Label);
        Assert.DoesNotContain(_engine.Calls, c => c.StartsWith("Decode", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rotated_scan_is_tiled_upright()
    {
        // Stored 8000x1000 with EXIF orientation 6: upright it is 1000x8000, so the strips are rows.
        IReadOnlyList<PreparedImage> tiles = PrepareAll(new ImageInfo(ImageFormat.Png, 8000, 1000) { Orientation = 6 }, TileSetting.Auto);

        Assert.Equal(3, tiles.Count);
        Assert.Contains("Orient 6", _engine.Calls);
        Assert.All(tiles, t => Assert.True(t.Changes.HasFlag(ImageChanges.Rotated)));
        Assert.Contains("rows 1-2,800 of 8,000", tiles[0].Label);
    }

    [Fact]
    public void A_count_splits_even_an_image_that_fits()
    {
        IReadOnlyList<PreparedImage> tiles = PrepareAll(new ImageInfo(ImageFormat.Jpeg, 700, 1400) { IsLossy = true }, TileSetting.Exactly(2));

        Assert.Equal(2, tiles.Count);
        Assert.Equal(["receipt.png, part 1 of 2 (overlapping)", "receipt.png, part 2 of 2 (overlapping)"], tiles.Select(t => t.Label![..38]));
        Assert.Contains(ImageFormat.Jpeg, tiles.Select(t => t.Format));
    }
}
