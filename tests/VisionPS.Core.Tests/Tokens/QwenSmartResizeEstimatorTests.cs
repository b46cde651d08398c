using VisionPS.Core.Diagnostics;
using VisionPS.Core.Tokens;

namespace VisionPS.Core.Tests.Tokens;

public sealed class QwenSmartResizeEstimatorTests
{
    private static readonly QwenSmartResizeEstimator Qwen = new();

    // vision-api-facts §2.3 "Examples [local, matches §2.5]" (smart_resize from QwenLM/Qwen2-VL
    // qwen-vl-utils/src/qwen_vl_utils/vision_process.py). The doc's numbers are visual tokens, (h'/28)·(w'/28),
    // without the wrapper; §2.3 "Wrapping tokens" [doc HF Qwen/Qwen2.5-VL-7B-Instruct config.json] adds 2 per image,
    // so Tokens = example + 2.
    [Theory]
    [InlineData(224, 448, 224, 448, 128)] // §2.3: 224x448 → 128
    [InlineData(1024, 1024, 1036, 1036, 1369)] // §2.3: 1024x1024 → 1036x1036 → 1369
    [InlineData(3172, 4096, 3136, 4060, 16240)] // §2.3: 3172x4096 → 3136x4060 → 16240
    [InlineData(1920, 1080, 1932, 1092, 2691)] // §2.3: 1920x1080 → 1932x1092 → 2691
    [InlineData(448, 448, 448, 448, 256)] // §2.3: 448x448 → 256
    public void WorkedExamples_PlusTwoWrapperTokens(int width, int height, int processedWidth, int processedHeight, int visualTokens)
    {
        ImageTokenEstimate estimate = Qwen.Estimate(width, height, null);

        Assert.Equal(new ImageTokenEstimate("qwen-smart-resize", visualTokens + 2, processedWidth, processedHeight, Patches: visualTokens), estimate);
    }

    [Fact]
    public void Detail_IsIgnored()
        => Assert.Equal(Qwen.Estimate(1920, 1080, null), Qwen.Estimate(1920, 1080, "low"));

    [Fact]
    public void Rounding_IsPythonRound_HalvesToEven()
    {
        // 70/28 = 2.5 rounds to 2 (→ 56), not 3; 56x56 = 3136 is exactly min_pixels, so it stays.
        ImageTokenEstimate estimate = Qwen.Estimate(70, 70, null);

        Assert.Equal((56, 56, 4), (estimate.Width, estimate.Height, estimate.Patches));
    }

    [Fact]
    public void TinyImage_IsEnlargedToMinPixels()
    {
        // §2.3 min_pixels = 4·28·28 = 3136: 10x10 → 56x56 → 4 visual tokens.
        ImageTokenEstimate estimate = Qwen.Estimate(10, 10, null);

        Assert.Equal((56, 56, 4, 6), (estimate.Width, estimate.Height, estimate.Patches, estimate.Tokens));
    }

    [Fact]
    public void AspectRatioOver200_IsRefused()
    {
        VisionArgumentException error = Assert.Throws<VisionArgumentException>(() => Qwen.Estimate(201, 1, null));

        Assert.Equal(ErrorIds.ImageAspectRatioTooLarge, error.ErrorId);
        Assert.Contains("200", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AspectRatioOf200_IsAccepted()
        => Assert.True(Qwen.Estimate(1, 200, null).Tokens > 0);

    [Fact]
    public void Qwen3Factor32()
    {
        // §2.3 Qwen3-VL: factor 32, pixels = tokens × 32²: 1024x1024 → 32×32 = 1024 visual tokens.
        var qwen3 = new QwenSmartResizeEstimator(factor: 32, minPixels: 4 * 32 * 32, maxPixels: 16384 * 32 * 32);

        Assert.Equal(1024, qwen3.Estimate(1024, 1024, null).Patches);
    }
}
