namespace VisionPS.Core.Tokens;

/// <summary>
/// The same number of tokens for every image, e.g. glm-4v-9b (vision-api-facts §2.7): a fixed 1120×1120 input,
/// (1120/14/2)² = 1600 tokens + boi/eoi = 1602. <c>detail</c> is ignored.
/// </summary>
public sealed class FixedEstimator : IImageTokenEstimator
{
    public const string RuleName = "fixed";

    /// <param name="tokens">Tokens per image, wrapper included (glm-4v-9b: 1602).</param>
    /// <param name="side">Side of the square the model resizes to (glm-4v-9b: 1120); 0 when unknown: the size as sent is reported.</param>
    public FixedEstimator(int tokens = 1602, int side = 1120)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        ArgumentOutOfRangeException.ThrowIfNegative(side);
        Tokens = tokens;
        Side = side;
    }

    public int Tokens { get; }

    public int Side { get; }

    public string Rule => RuleName;

    public ImageTokenEstimate Estimate(int width, int height, string? detail)
    {
        EstimatorArgs.CheckSize(width, height);
        return Side > 0
            ? new ImageTokenEstimate(Rule, Tokens, Side, Side)
            : new ImageTokenEstimate(Rule, Tokens, width, height);
    }
}
