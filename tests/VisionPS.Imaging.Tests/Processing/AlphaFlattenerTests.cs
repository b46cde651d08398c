using VisionPS.Imaging;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.Processing;

/// <summary>Flattening against ImageMagick's <c>-background C -alpha remove -alpha off</c>, every alpha with every colour value.</summary>
public class AlphaFlattenerTests
{
    [Theory]
    [InlineData(255, 255, 255)]
    [InlineData(0, 0, 0)]
    [InlineData(30, 140, 201)]
    [InlineData(1, 254, 128)]
    public void Every_alpha_and_colour_matches_ImageMagick_exactly(byte red, byte green, byte blue)
    {
        PixelBuffer source = AllAlphaColourPairs();

        PixelBuffer ours = BuiltInImageEngine.Instance.FlattenAlpha(source, red, green, blue);
        RawImage reference = MagickPixels.Convert(source, "-background", $"rgb({red},{green},{blue})", "-alpha", "remove", "-alpha", "off");

        Assert.Equal(PixelLayout.Rgb24, ours.Layout);
        Assert.Equal(0, MagickPixels.CountDifferent(reference, ours));
    }

    [Fact]
    public void Rgb_input_is_returned_as_it_is()
    {
        PixelBuffer source = TestPatterns.Noise(5, 3, PixelLayout.Rgb24, seed: 2);

        Assert.Same(source, BuiltInImageEngine.Instance.FlattenAlpha(source, 255, 255, 255));
    }

    /// <summary>256×256: row = alpha, column = a colour value; the three channels vary differently along the row.</summary>
    private static PixelBuffer AllAlphaColourPairs()
    {
        var buffer = new PixelBuffer(256, 256, PixelLayout.Rgba32);
        for (int alpha = 0; alpha < 256; alpha++)
        {
            Span<byte> row = buffer.GetRow(alpha);
            for (int c = 0; c < 256; c++)
            {
                row[c * 4] = (byte)c;
                row[(c * 4) + 1] = (byte)(255 - c);
                row[(c * 4) + 2] = (byte)(c * 7);
                row[(c * 4) + 3] = (byte)alpha;
            }
        }

        return buffer;
    }
}
