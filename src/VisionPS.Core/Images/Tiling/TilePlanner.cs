using VisionPS.Core.Images.Preparation;

namespace VisionPS.Core.Images.Tiling;

/// <summary>
/// Decides whether an image is split into overlapping tiles and where, from its size and the model's box alone
/// (a pure function: no pixels). A tile is a grid cell of equal size, grown by an overlap so that a text line cut at
/// one edge is whole in the neighbour; cells are spread evenly, so the last one ends at the image's edge.
/// </summary>
/// <remarks>
/// <c>auto</c> splits when the box would shrink the image below <see cref="LegibleScale"/> and the image is a
/// document-like shape or picture: at least <see cref="ElongatedAspect"/>:1, or coded losslessly (a screenshot or a
/// scan). A camera photo of ordinary shape is left whole: its fine detail is rarely text, and splitting it would
/// multiply its tokens. The grid chosen is the one with fewest tiles whose tiles the box shrinks no further than
/// <see cref="LegibleScale"/>, at most <see cref="MaxAutoTiles"/>; a count from the user picks the grid of exactly that
/// many tiles whose tiles are shrunk least.
/// </remarks>
public static class TilePlanner
{
    /// <summary>
    /// Below this downscale factor, text of ordinary screen size stops reading reliably: measured with tesseract on
    /// rendered text (bench/Legibility/Measure-TileLegibility.ps1 -Sweep, docs/documents.md), where word accuracy for
    /// 15 px DejaVu Sans stayed at 0.99 from scale 1.0 down to 0.7 and fell to 0.84 at 0.6 and 0.20 at 0.5
    /// (22 px DejaVu Sans Mono: 1.00 down to 0.6, 0.96 at 0.5, 0.79 at 0.4, 0 at 0.3).
    /// </summary>
    public const double LegibleScale = 0.7;

    /// <summary>Long side over short side from which an image counts as a strip (receipt, long screenshot, panorama).</summary>
    public const double ElongatedAspect = 2.0;

    /// <summary>The most tiles <c>auto</c> makes; beyond it the tiles are shrunk more than <see cref="LegibleScale"/>.</summary>
    public const int MaxAutoTiles = 12;

    /// <summary>Overlap as a share of a tile's span, within <see cref="MinOverlap"/>..<see cref="MaxOverlap"/> pixels.</summary>
    public const double OverlapShare = 0.05;

    public const int MinOverlap = 32;

    public const int MaxOverlap = 200;

    /// <summary>Tiles are never narrower or shorter than this many source pixels (a count asked for is lowered to fit).</summary>
    public const int MinTileSide = 64;

    /// <param name="width">The upright image's width.</param>
    /// <param name="height">The upright image's height.</param>
    /// <param name="limits">The model's box at the detail the image is sent with.</param>
    /// <param name="setting">-Tile.</param>
    /// <param name="lossless">True when the image is coded losslessly (PNG, GIF, BMP, TIFF, lossless WebP): screenshots and scans.</param>
    public static TilePlan Plan(int width, int height, ImageSizeLimits limits, TileSetting setting, bool lossless)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(setting);

        double whole = ScaleOf(limits, width, height);
        TilePlan single = new([new TileRegion(1, 1, 0, 0, width, height)], whole, whole);
        if (setting.IsOff)
        {
            return single;
        }

        if (setting.IsAuto)
        {
            bool elongated = (double)Math.Max(width, height) / Math.Min(width, height) >= ElongatedAspect;
            if (whole >= LegibleScale || !(elongated || lossless))
            {
                return single;
            }

            for (int count = 2; count <= MaxAutoTiles; count++)
            {
                if (Best(width, height, limits, count) is { } grid && grid.TileScale >= LegibleScale)
                {
                    return grid;
                }
            }

            return Best(width, height, limits, MaxAutoTiles) ?? single;
        }

        for (int count = setting.Count; count >= 2; count--)
        {
            if (Best(width, height, limits, count) is { } grid)
            {
                return grid;
            }
        }

        return single;
    }

    /// <summary>How far <paramref name="limits"/> shrink a <paramref name="width"/> x <paramref name="height"/> image (1 = not at all).</summary>
    public static double ScaleOf(ImageSizeLimits limits, int width, int height)
    {
        (int w, int h) = limits.Fit(width, height);
        return Math.Min((double)w / width, (double)h / height);
    }

    /// <summary>The overlap between neighbouring tiles whose span (without overlap) is <paramref name="span"/> pixels.</summary>
    public static int OverlapFor(int span) => Math.Clamp((int)Math.Round(span * OverlapShare), MinOverlap, MaxOverlap);

    // Of the grids of exactly `count` tiles, the one whose tiles are shrunk least; ties go to fewer columns (strips
    // read top to bottom). Null when every such grid would cut tiles thinner than MinTileSide.
    private static TilePlan? Best(int width, int height, ImageSizeLimits limits, int count)
    {
        TilePlan? best = null;
        for (int columns = 1; columns <= count; columns++)
        {
            if (count % columns != 0)
            {
                continue;
            }

            int rows = count / columns;
            if (Grid(width, height, limits, columns, rows) is { } plan && (best is null || plan.TileScale > best.TileScale + 1e-9))
            {
                best = plan;
            }
        }

        return best;
    }

    private static TilePlan? Grid(int width, int height, ImageSizeLimits limits, int columns, int rows)
    {
        if (Spans(width, columns) is not { } xs || Spans(height, rows) is not { } ys)
        {
            return null;
        }

        var tiles = new List<TileRegion>(columns * rows);
        foreach ((int y, int h) in ys)
        {
            foreach ((int x, int w) in xs)
            {
                tiles.Add(new TileRegion(tiles.Count + 1, columns * rows, x, y, w, h));
            }
        }

        return new TilePlan(tiles, ScaleOf(limits, width, height), ScaleOf(limits, xs[0].Length, ys[0].Length));
    }

    // `parts` equal spans covering `size`, each grown by the overlap and spread evenly (the last ends at the edge).
    private static (int Start, int Length)[]? Spans(int size, int parts)
    {
        if (parts == 1)
        {
            return [(0, size)];
        }

        int span = (size + parts - 1) / parts;
        int length = Math.Min(size, span + OverlapFor(span));
        if (span < MinTileSide || length >= size)
        {
            return null;
        }

        var spans = new (int Start, int Length)[parts];
        for (int i = 0; i < parts; i++)
        {
            spans[i] = ((int)Math.Round((double)i * (size - length) / (parts - 1)), length);
        }

        return spans;
    }
}
