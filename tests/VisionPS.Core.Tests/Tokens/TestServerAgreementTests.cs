using VisionPS.Core.Tokens;
using VisionPS.TestServer;

namespace VisionPS.Core.Tests.Tokens;

/// <summary>
/// The test server counts image tokens on its own (issue 4 point 7); the estimators must predict its usage exactly
/// for the rules it serves (tiles, Qwen).
/// </summary>
public sealed class TestServerAgreementTests
{
    private static readonly int[] Sides = [1, 27, 28, 41, 42, 70, 100, 300, 447, 448, 511, 512, 513, 767, 768, 769, 1000, 1024, 1080, 1365, 1366, 1920, 2047, 2048, 2049, 3172, 4096, 5000, 8192];
    private static readonly string?[] Details = [null, "auto", "low", "high", "original"];

    [Theory]
    [InlineData(85, 170)]
    [InlineData(2833, 5667)]
    public void Tiles_MatchTheServer(int baseTokens, int tileTokens)
    {
        var estimator = new OpenAITileEstimator(baseTokens, tileTokens);
        ImageTokenRule served = ImageTokenRule.Tile(baseTokens, tileTokens);
        foreach (int w in Sides)
        {
            foreach (int h in Sides)
            {
                foreach (string? detail in Details)
                {
                    Assert.True(
                        served.CountTokens(w, h, detail) == estimator.Estimate(w, h, detail).Tokens,
                        $"{w}x{h} detail={detail}: server {served.CountTokens(w, h, detail)}, estimate {estimator.Estimate(w, h, detail).Tokens}");
                }
            }
        }
    }

    [Fact]
    public void Qwen_MatchesTheServer()
    {
        var estimator = new QwenSmartResizeEstimator();
        var served = (QwenRule)ImageTokenRule.Qwen;
        foreach (int w in Sides)
        {
            foreach (int h in Sides)
            {
                if (Math.Max(w, h) > 200 * Math.Min(w, h))
                {
                    continue;
                }

                ImageTokenEstimate estimate = estimator.Estimate(w, h, "high");
                Assert.Equal(served.SmartResize(w, h), (estimate.Width, estimate.Height));
                Assert.Equal(served.CountTokens(w, h, "high"), estimate.Tokens);
            }
        }
    }
}
