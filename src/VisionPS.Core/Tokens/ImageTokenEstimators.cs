using VisionPS.Core.Models;

namespace VisionPS.Core.Tokens;

/// <summary>
/// Turns a catalog rule (<see cref="ImageTokenRuleSpec"/>) into an estimator. Rule names are matched ignoring case;
/// a missing parameter takes the default from vision-api-facts §2. Parameters by rule:
/// <list type="bullet">
/// <item><c>openai-tiles</c>: <c>base</c> (85), <c>tile</c> (170), <c>shortSide</c> (768).</item>
/// <item><c>openai-patches</c>: <c>budget</c> (1536), <c>maxSide</c> (2048), <c>multiplier</c> (1).</item>
/// <item><c>qwen-smart-resize</c>: <c>factor</c> (28), <c>minPixels</c> (3136), <c>maxPixels</c> (12845056), <c>wrapperTokens</c> (2).</item>
/// <item><c>siliconflow-qwen</c>: the Qwen parameters, and <c>lowSide</c> (448).</item>
/// <item><c>internvl-tiles</c>: <c>imageSize</c> (448), <c>minTiles</c> (1), <c>maxTiles</c> (12), <c>thumbnail</c> (1 = yes, 0 = no), <c>tokensPerTile</c> (256), <c>wrapperTokens</c> (2).</item>
/// <item><c>fixed</c>: <c>tokens</c> (1602), <c>side</c> (1120; 0 = unknown).</item>
/// <item><c>unknown</c> and any other name: <see cref="FallbackEstimator"/>.</item>
/// </list>
/// </summary>
public static class ImageTokenEstimators
{
    /// <exception cref="ArgumentException">A parameter is not a whole number where one is needed, or is out of range.</exception>
    public static IImageTokenEstimator Create(ImageTokenRuleSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Rule.Trim().ToLowerInvariant() switch
        {
            OpenAITileEstimator.RuleName => new OpenAITileEstimator(
                Int(spec, "base", 85), Int(spec, "tile", 170), Int(spec, "shortSide", 768)),
            OpenAIPatchEstimator.RuleName => new OpenAIPatchEstimator(
                Int(spec, "budget", 1536), Int(spec, "maxSide", 2048), spec.Get("multiplier", 1.0)),
            QwenSmartResizeEstimator.RuleName => Qwen(spec),
            SiliconFlowQwenEstimator.RuleName => new SiliconFlowQwenEstimator(Qwen(spec), Int(spec, "lowSide", 448)),
            InternVLEstimator.RuleName => new InternVLEstimator(
                Int(spec, "imageSize", 448),
                Int(spec, "minTiles", 1),
                Int(spec, "maxTiles", 12),
                Int(spec, "thumbnail", 1) != 0,
                Int(spec, "tokensPerTile", 256),
                Int(spec, "wrapperTokens", 2)),
            FixedEstimator.RuleName => new FixedEstimator(Int(spec, "tokens", 1602), Int(spec, "side", 1120)),
            _ => FallbackEstimator.Instance,
        };
    }

    private static QwenSmartResizeEstimator Qwen(ImageTokenRuleSpec spec) => new(
        Int(spec, "factor", 28), Int(spec, "minPixels", 3136), Int(spec, "maxPixels", 12845056), Int(spec, "wrapperTokens", 2));

    private static int Int(ImageTokenRuleSpec spec, string name, int fallback)
    {
        double value = spec.Get(name, fallback);
        if (value != Math.Floor(value) || value < int.MinValue || value > int.MaxValue)
        {
            throw new ArgumentException(
                $"The image-token rule '{spec.Rule}' has {name} = {value}; it must be a whole number.", nameof(spec));
        }

        return (int)value;
    }
}
