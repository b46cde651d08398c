using System.Globalization;
using VisionPS.Core.Images.Tiling;
using VisionPS.Imaging;

namespace VisionPS.Core.Images.Preparation;

/// <summary>Tall and wide documents: the image as the tiles <see cref="TilePlanner"/> plans, each prepared like a whole image.</summary>
public sealed partial class ImagePreparer
{
    /// <summary>
    /// The image as one prepared picture (<see cref="Prepare"/>), or, when -Tile and the model's box call for it, as
    /// overlapping tiles in reading order, each with its <see cref="PreparedImage.Label"/>. The pixels are decoded once.
    /// </summary>
    /// <param name="data">The image file's bytes.</param>
    /// <param name="info">What <see cref="IImageEngine.Identify"/> said of them.</param>
    /// <param name="source">The name errors and warnings use.</param>
    /// <param name="name">What the labels call the image (a file name rather than a full path).</param>
    /// <param name="detail">The detail level the image is sent with (picks the size limits).</param>
    /// <param name="options">The user's choices, -Tile among them.</param>
    public IReadOnlyList<PreparedImage> PrepareAll(ReadOnlyMemory<byte> data, ImageInfo info, string source, string name, string? detail, ImagePreparationOptions options)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(options);
        // detail: low asks for the model's cheap overview: auto does not multiply it (a count still splits).
        if (options.Tile.IsOff || !options.Resize || !_engine.CanDecode(info.Format) || (options.Tile.IsAuto && detail == ImageDetail.Low))
        {
            return [Prepare(data, info, source, detail, options)];
        }

        ImageSizeLimits limits = options.LimitsFor(detail);
        TilePlan plan = TilePlanner.Plan(info.DisplayWidth, info.DisplayHeight, limits, options.Tile, IsLossless(info));
        if (!plan.IsSplit || info.IsAnimated || (info.Format == ImageFormat.Tiff && options.Page != 1))
        {
            // Animations and later TIFF pages keep their own paths (first frame, the page's own size).
            return [Prepare(data, info, source, detail, options)];
        }

        return Tiles(data, info, source, name, options, limits, plan);
    }

    private static bool IsLossless(ImageInfo info) => !info.IsLossy && info.Format is not (ImageFormat.Heic or ImageFormat.Avif);

    private List<PreparedImage> Tiles(ReadOnlyMemory<byte> data, ImageInfo info, string source, string name, ImagePreparationOptions options, ImageSizeLimits limits, TilePlan plan)
    {
        var decodeOptions = new DecodeOptions { MinimumWidth = info.Width, MinimumHeight = info.Height };
        using var scope = new PixelBufferScope();
        PixelBuffer decoded = scope.Track(_engine.Decode(data.Span, decodeOptions, source));
        PixelBuffer upright = scope.Track(_engine.ApplyOrientation(decoded, info.Orientation));
        if ((upright.Width, upright.Height) != (info.DisplayWidth, info.DisplayHeight))
        {
            // A decoder that crops (a HEIF clean aperture) gives another size than the header: plan on what came out.
            plan = TilePlanner.Plan(upright.Width, upright.Height, limits, options.Tile, IsLossless(info));
        }

        ImageChanges common = ImageChanges.Reencoded | ImageChanges.Tiled | (info.Orientation != 1 ? ImageChanges.Rotated : ImageChanges.None);
        var prepared = new List<PreparedImage>(plan.Tiles.Count);
        foreach (TileRegion region in plan.Tiles)
        {
            using var tileScope = new PixelBufferScope();
            PixelBuffer tile = tileScope.Track(_engine.Crop(upright, region.X, region.Y, region.Width, region.Height));
            (int width, int height) = limits.Fit(tile.Width, tile.Height);
            bool resize = (width, height) != (tile.Width, tile.Height);
            PixelBuffer pixels = resize ? tileScope.Track(_engine.Resize(tile, width, height)) : tile;
            PreparedImage image = Encode(tileScope, data, info, source, options, tile, pixels, common | (resize ? ImageChanges.Resized : ImageChanges.None));
            prepared.Add(image with
            {
                Label = region.Label(name, upright.Width, upright.Height),
                SourceSize = (upright.Width, upright.Height),
                Warnings = region.Number == 1 ? [TilingWarning(source, upright.Width, upright.Height, plan, options)] : [],
            });
        }

        return prepared;
    }

    private static string TilingWarning(string source, int width, int height, TilePlan plan, ImagePreparationOptions options)
    {
        string grid = plan.Columns > 1 ? string.Create(CultureInfo.InvariantCulture, $" ({plan.Columns} x {plan.Rows})") : string.Empty;
        string why = options.Tile.IsAuto
            ? string.Create(CultureInfo.InvariantCulture, $"fitting the model's box would shrink it to {plan.WholeScale * 100:0}%, too small for its text to stay legible, so it")
            : "it";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"'{source}' is {width:N0}x{height:N0}; {why} is sent as {plan.Tiles.Count} overlapping tiles{grid} in one request, each shrunk to {Math.Min(1, plan.TileScale) * 100:0}%. -Tile off sends it whole.");
    }
}
