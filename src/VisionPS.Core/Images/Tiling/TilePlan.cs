namespace VisionPS.Core.Images.Tiling;

/// <summary>What <see cref="TilePlanner"/> decided for one image.</summary>
/// <param name="Tiles">The tiles in reading order; one tile covering the whole image when it is not split.</param>
/// <param name="WholeScale">How far the model's box would shrink the whole image (1 = not at all).</param>
/// <param name="TileScale">How far it shrinks each tile; equal to <paramref name="WholeScale"/> when not split.</param>
public sealed record TilePlan(IReadOnlyList<TileRegion> Tiles, double WholeScale, double TileScale)
{
    public bool IsSplit => Tiles.Count > 1;

    public int Columns => Tiles.Count(t => t.Y == Tiles[0].Y);

    public int Rows => Tiles.Count / Math.Max(1, Columns);
}
