namespace VisionPS.Core.Tokens;

/// <summary>
/// The stated fallback for a model with no known rule (<c>unknown</c>, or a rule name this version does not know):
/// the OpenAI tile rule with gpt-4o's numbers, base 85 and 170 per tile (vision-api-facts §2.1), so <c>low</c> = 85.
/// Results carry <see cref="ImageTokenEstimate.IsFallback"/> = true. A guess: real costs can differ a lot (§2: one
/// photo can cost 85 tokens or tens of thousands, depending on the model).
/// </summary>
public sealed class FallbackEstimator : IImageTokenEstimator
{
    public const string RuleName = "unknown";
    private readonly OpenAITileEstimator _tiles = new(baseTokens: 85, tileTokens: 170);

    public static FallbackEstimator Instance { get; } = new();

    public string Rule => RuleName;

    public ImageTokenEstimate Estimate(int width, int height, string? detail)
        => _tiles.Estimate(width, height, detail) with { Rule = Rule, IsFallback = true };
}
