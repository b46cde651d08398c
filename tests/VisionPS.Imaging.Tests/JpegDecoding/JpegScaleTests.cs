using VisionPS.Imaging;
using VisionPS.Imaging.Jpeg;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.JpegDecoding;

/// <summary>The IDCT scale chosen from MinimumWidth/MinimumHeight, and the output size that follows (ceil like libjpeg).</summary>
public class JpegScaleTests
{
    [Theory]
    [InlineData(4000, 3000, 0, 0, 1)]
    [InlineData(4000, 3000, 512, 0, 4)]     // 4000/8 = 500 < 512; 4000/4 = 1000
    [InlineData(4000, 3000, 500, 0, 8)]     // exactly 500 is enough
    [InlineData(4000, 3000, 0, 375, 8)]
    [InlineData(4000, 3000, 0, 376, 4)]
    [InlineData(4000, 3000, 500, 376, 4)]   // both sides must hold
    [InlineData(4000, 3000, 2001, 0, 1)]
    [InlineData(4000, 3000, 2000, 1500, 2)]
    [InlineData(227, 149, 29, 19, 8)]       // ceil(227/8) = 29, ceil(149/8) = 19
    [InlineData(227, 149, 30, 0, 4)]
    [InlineData(1, 1, 1, 1, 8)]
    [InlineData(100, 100, 5000, 5000, 1)]   // larger than the image: full size
    public void ChoosesLargestDenominatorKeepingTheMinimums(int width, int height, int minimumWidth, int minimumHeight, int expected) =>
        Assert.Equal(expected, JpegScale.ChooseDenominator(width, height, minimumWidth, minimumHeight));

    [Theory]
    [InlineData(0, 0, 227, 149)]
    [InlineData(100, 0, 114, 75)]
    [InlineData(50, 0, 57, 38)]
    [InlineData(29, 19, 29, 19)]
    public void DecodedSize_FollowsTheChosenScale(int minimumWidth, int minimumHeight, int expectedWidth, int expectedHeight)
    {
        byte[] bytes = File.ReadAllBytes(SharedPaths.Image("jpeg/baseline_420_227x149.jpg"));
        PixelBuffer pixels = BuiltInImageEngine.Instance.Decode(bytes, new DecodeOptions { MinimumWidth = minimumWidth, MinimumHeight = minimumHeight }, "test");
        Assert.Equal((expectedWidth, expectedHeight), (pixels.Width, pixels.Height));
    }
}
