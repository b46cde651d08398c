using VisionPS.Core.Diagnostics;

namespace VisionPS.Core.Tokens;

/// <summary>
/// Qwen2-VL / Qwen2.5-VL <c>smart_resize</c> (vision-api-facts §2.3, from qwen-vl-utils <c>vision_process.py</c>).
/// Each side is rounded to the nearest multiple of <see cref="Factor"/> (Python <c>round</c>: halves to even), at
/// least one factor. If the area exceeds <see cref="MaxPixels"/>: b = sqrt(h·w/max), sides = max(factor,
/// floor(side/b/factor)·factor); if under <see cref="MinPixels"/>: b = sqrt(min/(h·w)), sides = ceil(side·b/factor)·factor.
/// Visual tokens = (h'/factor)·(w'/factor), reported as <see cref="ImageTokenEstimate.Patches"/>; tokens add
/// <see cref="WrapperTokens"/> (&lt;|vision_start|&gt; and &lt;|vision_end|&gt;). <c>detail</c> is ignored
/// (vLLM ignores it). A long/short side ratio over 200 is refused, as qwen-vl-utils does.
/// </summary>
public sealed class QwenSmartResizeEstimator : IImageTokenEstimator
{
    public const string RuleName = "qwen-smart-resize";
    public const double MaxAspectRatio = 200;

    /// <param name="factor">Pixels per token along a side (28 = 14-px patches merged 2×2; Qwen3-VL: 32).</param>
    /// <param name="minPixels">Smallest area after resizing (4·28·28 = 3136).</param>
    /// <param name="maxPixels">Largest area after resizing (16384·28·28 = 12,845,056).</param>
    /// <param name="wrapperTokens">Tokens around each image (2).</param>
    public QwenSmartResizeEstimator(int factor = 28, int minPixels = 3136, int maxPixels = 12845056, int wrapperTokens = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minPixels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPixels, minPixels);
        ArgumentOutOfRangeException.ThrowIfNegative(wrapperTokens);
        Factor = factor;
        MinPixels = minPixels;
        MaxPixels = maxPixels;
        WrapperTokens = wrapperTokens;
    }

    public int Factor { get; }

    public int MinPixels { get; }

    public int MaxPixels { get; }

    public int WrapperTokens { get; }

    public string Rule => RuleName;

    public ImageTokenEstimate Estimate(int width, int height, string? detail)
    {
        (int w, int h) = SmartResize(width, height);
        int visual = checked((w / Factor) * (h / Factor));
        return new ImageTokenEstimate(Rule, checked(visual + WrapperTokens), w, h, Patches: visual);
    }

    /// <summary>The (width, height) the model processes, both multiples of <see cref="Factor"/>.</summary>
    /// <exception cref="VisionArgumentException">The long side is more than 200 times the short side.</exception>
    public (int Width, int Height) SmartResize(int width, int height)
    {
        EstimatorArgs.CheckSize(width, height);
        double ratio = (double)Math.Max(width, height) / Math.Min(width, height);
        if (ratio > MaxAspectRatio)
        {
            throw new VisionArgumentException(
                ErrorIds.ImageAspectRatioTooLarge,
                $"A {width}x{height} image has an aspect ratio of {ratio:0.##}; Qwen-VL models refuse images whose long side is more than {MaxAspectRatio} times the short side.",
                "Crop or pad the image so that its long side is at most 200 times its short side.");
        }

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
}
