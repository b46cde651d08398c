using VisionPS.Core.Tokens;

namespace VisionPS.Core.Tests.Tokens;

public sealed class SiliconFlowQwenEstimatorTests
{
    private static readonly SiliconFlowQwenEstimator SiliconFlow = new();

    // vision-api-facts §2.5 [doc https://docs.siliconflow.cn/en/userguide/capabilities/vision ;
    // https://docs.siliconflow.com/en/userguide/capabilities/vision]: high → tokens = (h/28)·(w/28), examples
    // 224x448 → 128; 1024x1024 → 1036x1036 → 1369; 3172x4096 → 3136x4060 → 16240. SiliconFlow counts visual
    // tokens only; Tokens adds Qwen's 2 wrapper tokens (§2.3).
    [Theory]
    [InlineData(224, 448, "high", 224, 448, 128)]
    [InlineData(1024, 1024, "high", 1036, 1036, 1369)]
    [InlineData(3172, 4096, "high", 3136, 4060, 16240)]
    [InlineData(3172, 4096, null, 3136, 4060, 16240)] // §2.5 current docs: omitted → high-res
    public void HighRes_WorkedExamples(int width, int height, string? detail, int processedWidth, int processedHeight, int visualTokens)
    {
        ImageTokenEstimate estimate = SiliconFlow.Estimate(width, height, detail);

        Assert.Equal(new ImageTokenEstimate("siliconflow-qwen", visualTokens + 2, processedWidth, processedHeight, Patches: visualTokens), estimate);
    }

    // §2.5 [doc as above]: low → every image resized to 448x448 = 256 tokens; current docs: auto → low-res too.
    [Theory]
    [InlineData(224, 448, "low")]
    [InlineData(3172, 4096, "low")]
    [InlineData(1920, 1080, "auto")]
    [InlineData(20000, 10, "low")] // no 200:1 refusal: the image becomes 448x448 anyway
    public void LowRes_Is448Square_256VisualTokens(int width, int height, string detail)
    {
        ImageTokenEstimate estimate = SiliconFlow.Estimate(width, height, detail);

        Assert.Equal(new ImageTokenEstimate("siliconflow-qwen", 258, 448, 448, Patches: 256), estimate);
    }
}
