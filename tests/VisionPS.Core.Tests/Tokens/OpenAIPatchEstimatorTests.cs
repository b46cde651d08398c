using VisionPS.Core.Tokens;

namespace VisionPS.Core.Tests.Tokens;

public sealed class OpenAIPatchEstimatorTests
{
    private static readonly OpenAIPatchEstimator Budget1536 = new(budget: 1536, maxSide: 2048);

    [Theory]
    // vision-api-facts §2.2 [doc images-vision "Patch-based image tokenization"]: 1024x1024 → 1024 patches
    [InlineData(1024, 1024, 1024, 1024, 1024)]
    // §2.2 [doc, same section]: 1800x2400 → s=0.603 → adjusted ≈0.586 → 1056x1408 → 33×44 = 1452
    [InlineData(1800, 2400, 1056, 1408, 1452)]
    // §2.2 [local]: 1920x1080 → 1649x928 → 1508
    [InlineData(1920, 1080, 1649, 928, 1508)]
    // §2.2 [local]: 4000x1474 → 1449. UNCERTAIN: a community report saw this image billed at the 1536 cap
    // (https://community.openai.com/t/vision-pricing-calculator-inaccurate-resizing-rounding-vs-api-costs/1281361).
    [InlineData(4000, 1474, 1997, 736, 1449)] // processed size not in the doc: the short side lands on 23 whole patches = 736 px
    public void WorkedExamples(int width, int height, int processedWidth, int processedHeight, int patches)
    {
        ImageTokenEstimate estimate = Budget1536.Estimate(width, height, "high");

        Assert.Equal(new ImageTokenEstimate("openai-patches", patches, processedWidth, processedHeight, Patches: patches), estimate);
    }

    [Theory]
    // §2.2 multipliers (doc): billed = patches × multiplier. The doc does not say how fractions round; we round up.
    [InlineData(1.62, 1659)] // gpt-4.1-mini, gpt-5-mini: 1024 × 1.62 = 1658.88
    [InlineData(2.46, 2520)] // gpt-4.1-nano, gpt-5-nano: 1024 × 2.46 = 2519.04
    [InlineData(1.72, 1762)] // o4-mini: 1024 × 1.72 = 1761.28
    [InlineData(1.0, 1024)]
    public void Multiplier_AppliesToBilledTokens_NotToPatches(double multiplier, int billed)
    {
        ImageTokenEstimate estimate = new OpenAIPatchEstimator(1536, 2048, multiplier).Estimate(1024, 1024, null);

        Assert.Equal((1024, billed), (estimate.Patches, estimate.Tokens));
    }

    [Fact]
    public void Multiplier_ExactProducts_AreNotRoundedUp()
        => Assert.Equal(1620, new OpenAIPatchEstimator(1536, 2048, 1.62).Estimate(800, 1280, null).Tokens); // 25×40 = 1000 patches

    [Fact]
    public void MaxSide_ScalesDown_WhenItIsTheLesserConstraint()
    {
        // 4000x64 is only 125×2 = 250 patches, but its long side exceeds 2048: → 2048x32 → 64 patches.
        ImageTokenEstimate estimate = Budget1536.Estimate(4000, 64, null);

        Assert.Equal((2048, 32, 64), (estimate.Width, estimate.Height, estimate.Patches));
    }

    [Fact]
    public void LargerBudget_gpt54()
    {
        // §2.2: gpt-5.4/5.5 high ≤ 2500 patches. 1920x1080 = 60×34 = 2040 patches fits unchanged.
        ImageTokenEstimate estimate = new OpenAIPatchEstimator(2500, 2048).Estimate(1920, 1080, "high");

        Assert.Equal((1920, 1080, 2040), (estimate.Width, estimate.Height, estimate.Patches));
    }

    [Fact]
    public void ThinImage_DoesNotCollapse()
    {
        ImageTokenEstimate estimate = Budget1536.Estimate(100000, 10, null);

        Assert.True(estimate.Width >= 1 && estimate.Height >= 1);
        Assert.InRange(estimate.Patches!.Value, 1, 1536);
    }
}
