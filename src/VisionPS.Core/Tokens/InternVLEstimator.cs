namespace VisionPS.Core.Tokens;

/// <summary>
/// InternVL 2 / 2.5 / 3 <c>dynamic_preprocess</c> (vision-api-facts §2.6). Among grids of i columns × j rows with
/// <see cref="MinTiles"/> ≤ i·j ≤ <see cref="MaxTiles"/>, taken in order of i·j, the grid whose i/j is closest to the
/// image's width/height wins; on a tie a later (larger) grid replaces the current one when the image's area exceeds
/// half the grid's area (0.5·448²·i·j). The image is resized to (448·i, 448·j) and cut into i·j tiles, plus one
/// 448×448 thumbnail when <see cref="UseThumbnail"/> and the grid is not 1×1. Tokens = 256 per tile + the
/// &lt;img&gt; &lt;/img&gt; wrapper; the doc's examples count tile tokens only (tiles × 256). <c>detail</c> is ignored.
/// </summary>
public sealed class InternVLEstimator : IImageTokenEstimator
{
    public const string RuleName = "internvl-tiles";
    private readonly (int Columns, int Rows)[] _grids;

    /// <param name="imageSize">Tile side (448).</param>
    /// <param name="minTiles">min_num (1).</param>
    /// <param name="maxTiles">max_num (12; some model cards use 6).</param>
    /// <param name="useThumbnail">Add a whole-image thumbnail tile when the grid has more than one tile (true).</param>
    /// <param name="tokensPerTile">(448/14)² × 0.5² = 256.</param>
    /// <param name="wrapperTokens">&lt;img&gt; and &lt;/img&gt; around each image (2).</param>
    public InternVLEstimator(int imageSize = 448, int minTiles = 1, int maxTiles = 12, bool useThumbnail = true, int tokensPerTile = 256, int wrapperTokens = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(imageSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minTiles, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTiles, minTiles);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxTiles, 1024);
        ArgumentOutOfRangeException.ThrowIfNegative(tokensPerTile);
        ArgumentOutOfRangeException.ThrowIfNegative(wrapperTokens);
        ImageSize = imageSize;
        MinTiles = minTiles;
        MaxTiles = maxTiles;
        UseThumbnail = useThumbnail;
        TokensPerTile = tokensPerTile;
        WrapperTokens = wrapperTokens;
        _grids = CandidateGrids(minTiles, maxTiles);
    }

    public int ImageSize { get; }

    public int MinTiles { get; }

    public int MaxTiles { get; }

    public bool UseThumbnail { get; }

    public int TokensPerTile { get; }

    public int WrapperTokens { get; }

    public string Rule => RuleName;

    public ImageTokenEstimate Estimate(int width, int height, string? detail)
    {
        (int columns, int rows) = ChooseGrid(width, height);
        int tiles = columns * rows;
        if (UseThumbnail && tiles != 1)
        {
            tiles++;
        }

        return new ImageTokenEstimate(Rule, checked((tiles * TokensPerTile) + WrapperTokens), ImageSize * columns, ImageSize * rows, Tiles: tiles);
    }

    /// <summary>The grid (columns along the width, rows along the height) the image is cut into.</summary>
    public (int Columns, int Rows) ChooseGrid(int width, int height)
    {
        EstimatorArgs.CheckSize(width, height);
        double aspect = (double)width / height;
        double area = (double)width * height;
        double bestDiff = double.PositiveInfinity;
        (int Columns, int Rows) best = (1, 1);
        foreach ((int columns, int rows) in _grids)
        {
            double diff = Math.Abs(aspect - ((double)columns / rows));
            if (diff < bestDiff)
            {
                bestDiff = diff;
                best = (columns, rows);
            }
            else if (diff == bestDiff && area > 0.5 * ImageSize * ImageSize * columns * rows)
            {
                best = (columns, rows);
            }
        }

        return best;
    }

    // Ordered by tile count; within a count by columns (the reference code's order there is a set's, unspecified).
    private static (int Columns, int Rows)[] CandidateGrids(int minTiles, int maxTiles)
    {
        var grids = new List<(int Columns, int Rows)>();
        for (int columns = 1; columns <= maxTiles; columns++)
        {
            for (int rows = 1; columns * rows <= maxTiles; rows++)
            {
                if (columns * rows >= minTiles)
                {
                    grids.Add((columns, rows));
                }
            }
        }

        return [.. grids.OrderBy(g => g.Columns * g.Rows).ThenBy(g => g.Columns)];
    }
}
