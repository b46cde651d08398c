using VisionPS.Core.Models;
using VisionPS.Core.Tokens;

namespace VisionPS.Core.Images.Preparation;

/// <summary>
/// The size limits a catalog entry's image-token rule implies (vision-api-facts §2): what the provider would shrink
/// the image to anyway, so nothing larger is worth sending. The same numbers the token estimators use, so a user
/// catalog that changes a rule steers sizing too.
/// </summary>
internal static class RuleImageLimits
{
    /// <summary>
    /// DashScope's default per-image cap for Qwen: 1280 visual tokens. Self-hosted Qwen takes up to 16384, but at 1 MB
    /// those pixels would cost too much JPEG quality to be worth it.
    /// </summary>
    public const int QwenTokenCap = 1280;

    /// <summary>The limits for <paramref name="rule"/> at a detail other than low; null for an unknown rule.</summary>
    public static ImageSizeLimits? For(ImageTokenRuleSpec rule, string? detail)
    {
        return rule.Rule.Trim().ToLowerInvariant() switch
        {
            OpenAITileEstimator.RuleName => new ImageSizeLimits(2048, 2048) { MaxShortSide = Whole(rule, "shortSide", 768) },
            OpenAIPatchEstimator.RuleName => Square(Whole(rule, "maxSide", 2048)) with { MaxPixels = Whole(rule, "budget", 1536) * 32L * 32 },
            QwenSmartResizeEstimator.RuleName => Qwen(rule),
            SiliconFlowQwenEstimator.RuleName when detail != ImageDetail.High => Square(Whole(rule, "lowSide", 448)),
            SiliconFlowQwenEstimator.RuleName => Qwen(rule),
            InternVLEstimator.RuleName => Square(16384) with
            {
                MaxPixels = (long)Whole(rule, "maxTiles", 12) * Whole(rule, "imageSize", 448) * Whole(rule, "imageSize", 448),
            },
            FixedEstimator.RuleName when rule.Get("side", 1120) >= 1 => Square(Whole(rule, "side", 1120)),
            _ => null,
        };
    }

    private static ImageSizeLimits Qwen(ImageTokenRuleSpec rule)
    {
        long factor = Whole(rule, "factor", 28);
        return Square(16384) with { MaxPixels = Math.Min(Whole(rule, "maxPixels", 12845056), QwenTokenCap * factor * factor) };
    }

    private static ImageSizeLimits Square(int side) => new(side, side);

    // A rule's number, or the default when it is missing or not a usable whole number (sizing never fails on a catalog typo).
    private static int Whole(ImageTokenRuleSpec rule, string name, int fallback)
    {
        double value = rule.Get(name, fallback);
        return value >= 1 && value <= int.MaxValue && value == Math.Floor(value) ? (int)value : fallback;
    }
}
