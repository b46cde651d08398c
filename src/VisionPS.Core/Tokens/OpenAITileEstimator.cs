namespace VisionPS.Core.Tokens;

/// <summary>
/// OpenAI's 512-px tile rule (vision-api-facts §2.1; GPT-4o, GPT-4.1, o1/o3, gpt-5 base...).
/// <c>low</c>: <see cref="BaseTokens"/> whatever the size. Otherwise (omitted, auto, high, original): fit inside
/// 2048×2048, then scale the shortest side down to <see cref="ShortSide"/> when it is longer (never enlarge);
/// tokens = base + tile × ceil(w/512) × ceil(h/512).
/// </summary>
public sealed class OpenAITileEstimator : IImageTokenEstimator
{
    public const string RuleName = "openai-tiles";
    private const int MaxSide = 2048;
    private const int TileSide = 512;

    /// <param name="baseTokens">Fixed part (gpt-4o: 85).</param>
    /// <param name="tileTokens">Cost of one 512-px tile (gpt-4o: 170).</param>
    /// <param name="shortSide">Target of the shortest side (768; GPT Image 1 inputs use 512).</param>
    public OpenAITileEstimator(int baseTokens = 85, int tileTokens = 170, int shortSide = 768)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(baseTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(tileTokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(shortSide, 1);
        BaseTokens = baseTokens;
        TileTokens = tileTokens;
        ShortSide = shortSide;
    }

    public int BaseTokens { get; }

    public int TileTokens { get; }

    public int ShortSide { get; }

    public string Rule => RuleName;

    public ImageTokenEstimate Estimate(int width, int height, string? detail)
    {
        EstimatorArgs.CheckSize(width, height);
        if (EstimatorArgs.Is(detail, "low"))
        {
            // The model sees a 512x512 low-res version; its size does not change the price.
            (long lw, long lh) = EstimatorArgs.FitInside(width, height, TileSide);
            return new ImageTokenEstimate(Rule, BaseTokens, (int)lw, (int)lh);
        }

        (long w, long h) = EstimatorArgs.FitInside(width, height, MaxSide);
        if (Math.Min(w, h) > ShortSide)
        {
            (w, h) = w >= h ? (w * ShortSide / h, (long)ShortSide) : ((long)ShortSide, h * ShortSide / w);
        }

        int tiles = EstimatorArgs.CeilDiv(w, TileSide) * EstimatorArgs.CeilDiv(h, TileSide);
        return new ImageTokenEstimate(Rule, checked(BaseTokens + (TileTokens * tiles)), (int)w, (int)h, Tiles: tiles);
    }
}
