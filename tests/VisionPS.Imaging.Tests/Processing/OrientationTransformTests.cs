using VisionPS.Imaging;
using VisionPS.Imaging.Tests.TestSupport;
using Xunit.Abstractions;

namespace VisionPS.Imaging.Tests.Processing;

/// <summary>EXIF orientations against the ImageMagick operation <c>-auto-orient</c> uses for each value.</summary>
public class OrientationTransformTests(ITestOutputHelper output)
{
    private static readonly string[][] MagickOperations =
    [
        [],
        ["-flop"],
        ["-rotate", "180"],
        ["-flip"],
        ["-transpose"],
        ["-rotate", "90"],
        ["-transverse"],
        ["-rotate", "270"],
    ];

    [Theory]
    [InlineData(1, PixelLayout.Rgb24)]
    [InlineData(2, PixelLayout.Rgb24)]
    [InlineData(3, PixelLayout.Rgb24)]
    [InlineData(4, PixelLayout.Rgb24)]
    [InlineData(5, PixelLayout.Rgb24)]
    [InlineData(6, PixelLayout.Rgb24)]
    [InlineData(7, PixelLayout.Rgb24)]
    [InlineData(8, PixelLayout.Rgb24)]
    [InlineData(2, PixelLayout.Rgba32)]
    [InlineData(5, PixelLayout.Rgba32)]
    [InlineData(6, PixelLayout.Rgba32)]
    [InlineData(7, PixelLayout.Rgba32)]
    [InlineData(8, PixelLayout.Rgba32)]
    public void Each_orientation_equals_the_ImageMagick_operation(int orientation, PixelLayout layout)
    {
        PixelBuffer source = TestPatterns.Noise(7, 4, layout, seed: orientation);

        PixelBuffer ours = BuiltInImageEngine.Instance.ApplyOrientation(source, orientation);
        RawImage reference = MagickPixels.Convert(source, MagickOperations[orientation - 1]);

        Assert.Equal(orientation >= 5 ? (4, 7) : (7, 4), (ours.Width, ours.Height));
        Assert.True(MagickPixels.SameBytes(reference, ours), $"orientation {orientation}: {MagickPixels.CountDifferent(reference, ours)} samples differ");
    }

    [Fact]
    public void Orientation_1_returns_the_same_instance()
    {
        PixelBuffer source = TestPatterns.Noise(3, 2, PixelLayout.Rgb24, seed: 1);

        Assert.Same(source, BuiltInImageEngine.Instance.ApplyOrientation(source, 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(-1)]
    public void Values_outside_1_to_8_are_rejected(int orientation)
    {
        PixelBuffer source = TestPatterns.Noise(3, 2, PixelLayout.Rgb24, seed: 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => BuiltInImageEngine.Instance.ApplyOrientation(source, orientation));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Exif_sample_turns_upright_like_ImageMagick_auto_orient(int orientation)
    {
        string path = SharedPaths.Image($"exif/landscape_orientation_{orientation}.jpg");
        PixelBuffer stored = MagickPixels.ToBuffer(ReferenceTools.Djpeg(path));

        PixelBuffer upright = BuiltInImageEngine.Instance.ApplyOrientation(stored, orientation);
        RawImage reference = ReferenceTools.MagickRgba(path, "-auto-orient");

        Assert.Equal((600, 450), (upright.Width, upright.Height));
        double psnr = ImageCompare.Psnr(reference, upright);
        output.WriteLine($"orientation {orientation}: PSNR {psnr:F2} dB, max difference {ImageCompare.MaxDifference(reference, upright)}");
        Assert.True(psnr >= 40, $"PSNR {psnr:F2} dB");
    }
}
