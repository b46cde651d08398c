using VisionPS.Core.Models;

namespace VisionPS.Core.Images.Preparation;

/// <summary>
/// How large an image is still useful to a model, by model family and detail level (vision-api-facts §2):
/// anything larger is downscaled by the provider anyway, so sending it only costs upload time.
/// </summary>
public static class ModelImageLimits
{
    /// <summary><c>detail: low</c>: every family looks at a 512×512 version.</summary>
    public static ImageSizeLimits Low { get; } = new(512, 512);

    /// <summary>OpenAI tile models (gpt-4o, gpt-4.1, o1/o3, gpt-5): fit 2048×2048, then the shorter side to 768.</summary>
    public static ImageSizeLimits OpenAITiles { get; } = new(2048, 2048) { MaxShortSide = 768 };

    /// <summary>OpenAI 32-px patch models (gpt-4.1-mini/nano, o4-mini, gpt-5-mini/nano, gpt-5.x): 2048 px sides, 1536 patches.</summary>
    public static ImageSizeLimits OpenAIPatches { get; } = new(2048, 2048) { MaxPixels = 1536L * 32 * 32 };

    /// <summary>
    /// Qwen-VL (28-px tokens): 1280 visual tokens, DashScope's default per-image cap (1280 × 28 × 28 pixels). Self-hosted
    /// Qwen takes up to 16384 tokens, but at 1 MB those pixels would cost too much JPEG quality to be worth it.
    /// </summary>
    public static ImageSizeLimits Qwen { get; } = new(16384, 16384) { MaxPixels = RuleImageLimits.QwenTokenCap * 28L * 28 };

    /// <summary>
    /// The limits for <paramref name="model"/> at <paramref name="detail"/>: from the image-token rule of the model's
    /// entry in <paramref name="catalog"/> (the built-in one when null); for a model without a known rule, by its name;
    /// models nothing recognises get the OpenAI tile limits, a size (about 1365×768 for 16:9) every vision model resolves well.
    /// </summary>
    public static ImageSizeLimits For(string? model, string? detail, ModelCatalog? catalog = null)
    {
        if (detail == ImageDetail.Low)
        {
            return Low;
        }

        if (model is not null && (catalog ?? ModelCatalog.BuiltIn).Find(model) is { } entry && RuleImageLimits.For(entry.ImageTokens, detail) is { } fromRule)
        {
            return fromRule;
        }

        return ByName(model);
    }

    /// <summary>The fallback for models the catalog has no rule for: name patterns of the families.</summary>
    internal static ImageSizeLimits ByName(string? model)
    {
        string name = model is null ? string.Empty : model[(model.LastIndexOf('/') + 1)..].ToLowerInvariant();
        if (IsQwenVision(name))
        {
            return Qwen;
        }

        return IsOpenAIPatchModel(name) ? OpenAIPatches : OpenAITiles;
    }

    private static bool IsQwenVision(string name) =>
        (name.Contains("qwen", StringComparison.Ordinal) && (name.Contains("vl", StringComparison.Ordinal) || name.Contains("omni", StringComparison.Ordinal)))
        || name.StartsWith("qvq", StringComparison.Ordinal);

    private static bool IsOpenAIPatchModel(string name) =>
        name.StartsWith("gpt-4.1-mini", StringComparison.Ordinal)
        || name.StartsWith("gpt-4.1-nano", StringComparison.Ordinal)
        || name.StartsWith("o4-mini", StringComparison.Ordinal)
        || name.StartsWith("gpt-5-mini", StringComparison.Ordinal)
        || name.StartsWith("gpt-5-nano", StringComparison.Ordinal)
        || (name.StartsWith("gpt-5.", StringComparison.Ordinal) && name.Length > 6 && char.IsAsciiDigit(name[6]));
}
