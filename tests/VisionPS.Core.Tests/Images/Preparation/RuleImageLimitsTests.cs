using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;
using VisionPS.Core.Models;

namespace VisionPS.Core.Tests.Images.Preparation;

/// <summary>
/// Model families in one place (issue 11 point 6): the preparation limits come from the catalog entry's image-token
/// rule, name patterns only for models the catalog has no rule for, so a user catalog steers sizing too.
/// </summary>
public sealed class RuleImageLimitsTests
{
    private static ImageTokenRuleSpec Rule(string name, params (string Key, double Value)[] parameters) =>
        new(name, parameters.ToDictionary(p => p.Key, p => p.Value));

    [Theory]
    [InlineData("openai-tiles", null, 4000, 3000, 1024, 768)]
    [InlineData("openai-patches", null, 4000, 3000, 1448, 1086)]
    [InlineData("qwen-smart-resize", null, 4000, 3000, 1156, 867)]
    [InlineData("siliconflow-qwen", null, 4000, 3000, 448, 336)]
    [InlineData("siliconflow-qwen", "high", 4000, 3000, 1156, 867)]
    [InlineData("internvl-tiles", null, 4000, 3000, 1792, 1344)]
    [InlineData("fixed", null, 4000, 3000, 1120, 840)]
    public void Each_rule_sizes_a_12MP_photo_to_what_the_provider_would_keep(string rule, string? detail, int width, int height, int expectedWidth, int expectedHeight)
    {
        ImageSizeLimits limits = RuleImageLimits.For(Rule(rule), detail)!;

        Assert.Equal((expectedWidth, expectedHeight), limits.Fit(width, height));
    }

    [Fact]
    public void The_rules_numbers_are_used_not_just_its_name()
    {
        Assert.Equal((1024, 512), RuleImageLimits.For(Rule("openai-tiles", ("shortSide", 512)), null)!.Fit(4000, 2000));
        Assert.Equal((896, 896), RuleImageLimits.For(Rule("fixed", ("side", 896)), null)!.Fit(3000, 3000));
        Assert.Equal(4L * 448 * 448, RuleImageLimits.For(Rule("internvl-tiles", ("maxTiles", 4)), null)!.MaxPixels);
    }

    [Fact]
    public void An_unknown_rule_gives_no_limits_so_the_name_patterns_decide()
    {
        Assert.Null(RuleImageLimits.For(ImageTokenRuleSpec.Unknown, null));
        Assert.Null(RuleImageLimits.For(Rule("fixed", ("side", 0)), null));
        Assert.Equal(ModelImageLimits.OpenAIPatches, ModelImageLimits.For("gpt-5.9-preview", null));
    }

    [Fact]
    public void A_user_catalog_steers_the_sizing_of_a_model_it_adds_and_of_one_it_replaces()
    {
        string file = Path.Combine(Path.GetTempPath(), $"visionps-catalog-{Guid.NewGuid()}.json");
        File.WriteAllText(file, """
            {
              "version": 1,
              "models": [
                { "id": "my-local-vlm", "provider": "local", "vision": true, "imageTokens": { "rule": "fixed", "tokens": 729, "side": 896 } },
                { "id": "gpt-4o", "provider": "openai", "vision": true, "imageTokens": { "rule": "openai-tiles", "base": 85, "tile": 170, "shortSide": 512 } }
              ]
            }
            """);
        try
        {
            ModelCatalog catalog = ModelCatalog.Load(file);

            Assert.Equal((896, 672), ModelImageLimits.For("my-local-vlm", null, catalog).Fit(4000, 3000));
            Assert.Equal((682, 512), ModelImageLimits.For("gpt-4o", null, catalog).Fit(4000, 3000));
            Assert.Equal((1024, 768), ModelImageLimits.For("gpt-4o", null).Fit(4000, 3000));
            Assert.Equal((512, 384), ModelImageLimits.For("my-local-vlm", ImageDetail.Low, catalog).Fit(4000, 3000));

            var options = new ImagePreparationOptions { Model = "my-local-vlm", Catalog = catalog };
            Assert.Equal((896, 672), options.LimitsFor(null).Fit(4000, 3000));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
