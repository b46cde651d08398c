namespace VisionPS.TestServer;

/// <summary>
/// Qwen2-VL / Qwen2.5-VL counting (vision-api-facts §2.3): smart_resize with factor 28, then
/// tokens = (h'/28)·(w'/28) + 2 (the &lt;|vision_start|&gt; and &lt;|vision_end|&gt; wrapper tokens).
/// smart_resize: h' = max(28, round(h/28)·28) (Python round: halves to even), w' likewise;
/// if h'·w' &gt; max_pixels: b = sqrt(h·w/max_pixels), h' = max(28, floor(h/b/28)·28), w' likewise;
/// else if h'·w' &lt; min_pixels: b = sqrt(min_pixels/(h·w)), h' = ceil(h·b/28)·28, w' likewise.
/// Images whose long/short side ratio exceeds 200 are rejected, as qwen-vl-utils does.
/// <c>detail</c> is ignored (vLLM ignores it). Examples: 1024×1024 → 1036×1036 → 1369+2;
/// 1920×1080 → 1932×1092 → 2691+2; 3172×4096 → 3136×4060 → 16240+2.
/// URL images (size unknown): <see cref="UrlImageTokens"/> + 2 = 258 (the 448×448 "low" size of §2.5).
/// </summary>
public sealed record QwenRule(int MinPixels = 3136, int MaxPixels = 12845056, int UrlImageTokens = 256) : ImageTokenRule
{
    /// <summary>Pixels per token along each side (14-px ViT patches merged 2×2).</summary>
    public const int Factor = 28;

    /// <summary>&lt;|vision_start|&gt; and &lt;|vision_end|&gt; around each image.</summary>
    public const int WrapperTokens = 2;

    /// <inheritdoc/>
    public override int CountTokens(int width, int height, string? detail)
    {
        (int w, int h) = SmartResize(width, height);
        return checked((w / Factor) * (h / Factor)) + WrapperTokens;
    }

    /// <inheritdoc/>
    public override int CountUrlTokens(string? detail) => UrlImageTokens + WrapperTokens;

    /// <summary>The resized (width, height), both multiples of 28.</summary>
    public (int Width, int Height) SmartResize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        double h = height, w = width;
        long hBar = Math.Max(Factor, (long)Math.Round(h / Factor, MidpointRounding.ToEven) * Factor);
        long wBar = Math.Max(Factor, (long)Math.Round(w / Factor, MidpointRounding.ToEven) * Factor);
        if (hBar * wBar > MaxPixels)
        {
            double beta = Math.Sqrt(h * w / MaxPixels);
            hBar = Math.Max(Factor, (long)Math.Floor(h / beta / Factor) * Factor);
            wBar = Math.Max(Factor, (long)Math.Floor(w / beta / Factor) * Factor);
        }
        else if (hBar * wBar < MinPixels)
        {
            double beta = Math.Sqrt(MinPixels / (h * w));
            hBar = (long)Math.Ceiling(h * beta / Factor) * Factor;
            wBar = (long)Math.Ceiling(w * beta / Factor) * Factor;
        }

        return (checked((int)wBar), checked((int)hBar));
    }

    internal override string? RejectSize(int width, int height)
        => (double)Math.Max(width, height) / Math.Min(width, height) > 200
            ? $"absolute aspect ratio must be smaller than 200, got {(double)Math.Max(width, height) / Math.Min(width, height):0.##}"
            : null;
}
