namespace VisionPS.Core.Tokens;

/// <summary>
/// Qwen-VL as SiliconFlow serves it (vision-api-facts §2.5). Low-res mode: every image becomes
/// <see cref="LowSide"/>×<see cref="LowSide"/> (448×448 = 256 visual tokens). High-res mode: the Qwen rule
/// (<see cref="QwenSmartResizeEstimator"/>) with SiliconFlow's pixel range 3136..12,845,056.
/// Current docs: <c>low</c> and <c>auto</c> mean low-res; omitted and <c>high</c> mean high-res. UNCERTAIN
/// (facts §5.4): an older page said omitted meant low-res too.
/// Tokens include the Qwen wrapper tokens; SiliconFlow's own examples count visual tokens only
/// (<see cref="ImageTokenEstimate.Patches"/>).
/// </summary>
public sealed class SiliconFlowQwenEstimator : IImageTokenEstimator
{
    public const string RuleName = "siliconflow-qwen";

    /// <param name="highRes">The Qwen rule used in high-res mode.</param>
    /// <param name="lowSide">Side of the square every image becomes in low-res mode (448).</param>
    public SiliconFlowQwenEstimator(QwenSmartResizeEstimator? highRes = null, int lowSide = 448)
    {
        HighRes = highRes ?? new QwenSmartResizeEstimator();
        ArgumentOutOfRangeException.ThrowIfLessThan(lowSide, HighRes.Factor);
        LowSide = lowSide;
    }

    public QwenSmartResizeEstimator HighRes { get; }

    public int LowSide { get; }

    public string Rule => RuleName;

    public ImageTokenEstimate Estimate(int width, int height, string? detail)
    {
        if (EstimatorArgs.Is(detail, "low") || EstimatorArgs.Is(detail, "auto"))
        {
            EstimatorArgs.CheckSize(width, height);
            int side = LowSide / HighRes.Factor * HighRes.Factor;
            int visual = (side / HighRes.Factor) * (side / HighRes.Factor);
            return new ImageTokenEstimate(Rule, visual + HighRes.WrapperTokens, side, side, Patches: visual);
        }

        return HighRes.Estimate(width, height, detail) with { Rule = Rule };
    }
}
