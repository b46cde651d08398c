using VisionPS.Core.Images.Preparation;

namespace VisionPS.Core.Tests.Images.Preparation;

public sealed class ImageSizeLimitsTests
{
    [Theory]
    // detail low: fit 512x512
    [InlineData("low", 4000, 3000, 512, 384)]
    [InlineData("low", 3000, 4000, 384, 512)]
    [InlineData("low", 512, 512, 512, 512)]
    [InlineData("low", 300, 200, 300, 200)]
    [InlineData("low", 10000, 10, 512, 1)]
    // OpenAI tiles (vision-api-facts §2.1 worked examples): 2048 box, then shorter side 768
    [InlineData("tiles", 1024, 1024, 768, 768)]
    [InlineData("tiles", 2048, 4096, 768, 1536)]
    [InlineData("tiles", 1920, 1080, 1365, 768)]
    [InlineData("tiles", 4000, 3000, 1024, 768)]
    [InlineData("tiles", 700, 500, 700, 500)]
    // OpenAI patches: 2048 sides, 1536 32-px patches = 1,572,864 pixels
    [InlineData("patches", 4000, 3000, 1448, 1086)]
    [InlineData("patches", 1024, 1024, 1024, 1024)]
    // Qwen: 1280 tokens of 28x28 = 1,003,520 pixels
    [InlineData("qwen", 4000, 3000, 1156, 867)]
    [InlineData("qwen", 1000, 1000, 1000, 1000)]
    public void Fit_meets_every_limit_and_never_enlarges(string family, int width, int height, int expectedWidth, int expectedHeight)
    {
        ImageSizeLimits limits = family switch
        {
            "low" => ModelImageLimits.Low,
            "tiles" => ModelImageLimits.OpenAITiles,
            "patches" => ModelImageLimits.OpenAIPatches,
            _ => ModelImageLimits.Qwen,
        };

        (int w, int h) = limits.Fit(width, height);

        Assert.Equal((expectedWidth, expectedHeight), (w, h));
        Assert.Equal((w, h), limits.Fit(w, h));
    }

    [Theory]
    [InlineData("gpt-4o", "high", "tiles")]
    [InlineData("gpt-4o-mini", null, "tiles")]
    [InlineData("gpt-4.1", "auto", "tiles")]
    [InlineData("gpt-5", null, "tiles")]
    [InlineData("openai/gpt-4o", null, "tiles")]
    [InlineData("gpt-4.1-mini", null, "patches")]
    [InlineData("gpt-4.1-nano-2025-04-14", null, "patches")]
    [InlineData("o4-mini", null, "patches")]
    [InlineData("gpt-5-mini", null, "patches")]
    [InlineData("gpt-5.4", null, "patches")]
    [InlineData("Qwen/Qwen2.5-VL-72B-Instruct", null, "qwen")]
    [InlineData("qwen-vl-max", "high", "qwen")]
    [InlineData("qwen3-vl-plus", null, "qwen")]
    [InlineData("qvq-max", null, "qwen")]
    [InlineData("qwen2.5-72b-instruct", null, "tiles")]
    [InlineData("llava:13b", null, "tiles")]
    [InlineData(null, null, "tiles")]
    [InlineData("Qwen/Qwen2.5-VL-7B-Instruct", "low", "low")]
    [InlineData("gpt-4o", "low", "low")]
    public void The_family_comes_from_the_model_name(string? model, string? detail, string family)
    {
        ImageSizeLimits expected = family switch
        {
            "low" => ModelImageLimits.Low,
            "tiles" => ModelImageLimits.OpenAITiles,
            "patches" => ModelImageLimits.OpenAIPatches,
            _ => ModelImageLimits.Qwen,
        };

        Assert.Equal(expected, ModelImageLimits.For(model, detail));
    }

    [Fact]
    public void Encoded_length_is_base64_length()
    {
        Assert.Equal(0, ImagePreparationOptions.EncodedLength(0));
        Assert.Equal(4, ImagePreparationOptions.EncodedLength(1));
        Assert.Equal(4, ImagePreparationOptions.EncodedLength(3));
        Assert.Equal(8, ImagePreparationOptions.EncodedLength(4));
        Assert.Equal(1_000_000, ImagePreparationOptions.EncodedLength(750_000));
    }
}
