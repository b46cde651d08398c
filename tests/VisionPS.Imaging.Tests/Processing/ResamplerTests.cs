using VisionPS.Imaging;
using VisionPS.Imaging.Processing;
using VisionPS.Imaging.Tests.TestSupport;
using Xunit.Abstractions;

namespace VisionPS.Imaging.Tests.Processing;

/// <summary>
/// Our resampler against ImageMagick 6's <c>-resize W×H!</c>, which filters the stored sRGB values (no linearisation in
/// IM6 unless asked) with the named filter stretched by the shrink factor; its "Lanczos" is sinc windowed by sinc, support 3.
/// </summary>
public class ResamplerTests(ITestOutputHelper output)
{
    public static TheoryData<string, int, int> PhotoCases => new()
    {
        { "bird_northern_cardinal.jpg", 1000, 563 },      // 1.92x
        { "bird_northern_cardinal.jpg", 960, 540 },       // exactly 2x
        { "street_classic_cars.jpg", 682, 455 },          // 3.3x
        { "street_classic_cars.jpg", 281, 187 },          // 8x
        { "house_pool_enclosure.jpg", 512, 384 },         // non-uniform: 3x by 4x
        { "document_1871_senate_message.jpg", 512, 778 }, // text, 1.95x
    };

    [Theory]
    [MemberData(nameof(PhotoCases))]
    public void Lanczos_shrinking_a_photo_matches_ImageMagick(string sample, int width, int height)
    {
        PixelBuffer source = MagickPixels.ToBuffer(ReferenceTools.Djpeg(Path.Combine(SharedPaths.Samples, sample)));

        PixelBuffer ours = BuiltInImageEngine.Instance.Resize(source, width, height);
        RawImage reference = MagickPixels.Convert(source, "-filter", "Lanczos", "-resize", $"{width}x{height}!");

        double psnr = ImageCompare.Psnr(reference, ours);
        output.WriteLine($"{sample} {source.Width}x{source.Height} -> {width}x{height}: PSNR {psnr:F2} dB, max difference {ImageCompare.MaxDifference(reference, ours)}");
        Assert.True(psnr >= 40, $"PSNR {psnr:F2} dB");
    }

    [Theory]
    [InlineData(1000, 750, 512, 384)]
    [InlineData(997, 601, 100, 61)]
    [InlineData(640, 480, 640, 120)]
    [InlineData(300, 200, 71, 200)]
    [InlineData(120, 90, 333, 250)]  // upscaling
    [InlineData(64, 48, 65, 47)]     // nearly the same size
    public void Lanczos_on_a_synthetic_test_card_matches_ImageMagick(int sourceWidth, int sourceHeight, int width, int height)
    {
        PixelBuffer source = TestPatterns.TestCard(sourceWidth, sourceHeight, seed: 7);

        PixelBuffer ours = Resampler.Resize(source, width, height);
        RawImage reference = MagickPixels.Convert(source, "-filter", "Lanczos", "-resize", $"{width}x{height}!");

        double psnr = ImageCompare.Psnr(reference, ours);
        output.WriteLine($"test card {sourceWidth}x{sourceHeight} -> {width}x{height}: PSNR {psnr:F2} dB, max difference {ImageCompare.MaxDifference(reference, ours)}");
        Assert.True(psnr >= 40, $"PSNR {psnr:F2} dB");
    }

    [Theory]
    [InlineData("Triangle", 400, 300, 150, 113)]
    [InlineData("Triangle", 100, 80, 250, 170)]
    [InlineData("Mitchell", 400, 300, 150, 113)]
    [InlineData("Mitchell", 100, 80, 250, 170)]
    public void Other_kernels_match_ImageMagick_filters_of_the_same_name(string filter, int sourceWidth, int sourceHeight, int width, int height)
    {
        PixelBuffer source = TestPatterns.TestCard(sourceWidth, sourceHeight, seed: 3);

        PixelBuffer ours = filter == "Triangle"
            ? Resampler.Resize(source, width, height, new TriangleKernel())
            : Resampler.Resize(source, width, height, BicubicKernel.Mitchell);
        RawImage reference = MagickPixels.Convert(source, "-filter", filter, "-resize", $"{width}x{height}!");

        double psnr = ImageCompare.Psnr(reference, ours);
        output.WriteLine($"{filter} {sourceWidth}x{sourceHeight} -> {width}x{height}: PSNR {psnr:F2} dB");
        Assert.True(psnr >= 40, $"PSNR {psnr:F2} dB");
    }

    [Theory]
    [InlineData(101, 77, 13, 9)]
    [InlineData(40, 30, 97, 61)]
    [InlineData(500, 20, 7, 20)]
    public void A_constant_image_stays_exactly_constant(int sourceWidth, int sourceHeight, int width, int height)
    {
        foreach (byte[] pixel in new[] { new byte[] { 0, 0, 0 }, [255, 255, 255], [17, 200, 93], [17, 200, 93, 128], [250, 3, 77, 1], [9, 9, 9, 255] })
        {
            PixelBuffer resized = Resampler.Resize(TestPatterns.Constant(sourceWidth, sourceHeight, pixel), width, height);

            Assert.Equal((width, height, pixel.Length), (resized.Width, resized.Height, resized.BytesPerPixel));
            for (int i = 0; i < resized.Data.Length; i++)
            {
                Assert.Equal(pixel[i % pixel.Length], resized.Data[i]);
            }
        }
    }

    [Theory]
    [InlineData(333, 250, 120, 91)]
    [InlineData(64, 48, 150, 100)]
    public void An_opaque_rgba_image_gives_the_colours_of_its_rgb_version(int sourceWidth, int sourceHeight, int width, int height)
    {
        PixelBuffer rgb = TestPatterns.TestCard(sourceWidth, sourceHeight, seed: 5);
        var rgba = new PixelBuffer(sourceWidth, sourceHeight, PixelLayout.Rgba32);
        for (int i = 0, n = sourceWidth * sourceHeight; i < n; i++)
        {
            rgb.Data.AsSpan(i * 3, 3).CopyTo(rgba.Data.AsSpan(i * 4, 3));
            rgba.Data[(i * 4) + 3] = 255;
        }

        PixelBuffer fromRgb = Resampler.Resize(rgb, width, height);
        PixelBuffer fromRgba = Resampler.Resize(rgba, width, height);

        for (int i = 0, n = width * height; i < n; i++)
        {
            Assert.Equal(fromRgb.Data.AsSpan(i * 3, 3).ToArray(), fromRgba.Data.AsSpan(i * 4, 3).ToArray());
            Assert.Equal(255, fromRgba.Data[(i * 4) + 3]);
        }
    }

    [Fact]
    public void Transparent_red_next_to_opaque_white_leaves_no_fringe()
    {
        // Vertical and horizontal bands and a disc of opaque white on fully transparent (but red) pixels.
        var source = new PixelBuffer(120, 90, PixelLayout.Rgba32);
        for (int y = 0; y < 90; y++)
        {
            for (int x = 0; x < 120; x++)
            {
                bool white = (x / 10 % 2 == 0) || (y / 15 % 2 == 0) || (((x - 60) * (x - 60)) + ((y - 45) * (y - 45)) < 400);
                byte[] pixel = white ? [255, 255, 255, 255] : [255, 0, 0, 0];
                pixel.CopyTo(source.Data.AsSpan(((y * 120) + x) * 4));
            }
        }

        int partlyTransparent = 0;
        foreach ((int width, int height) in new[] { (37, 29), (240, 180), (120, 31) })
        {
            PixelBuffer resized = BuiltInImageEngine.Instance.Resize(source, width, height);
            for (int i = 0; i < resized.Data.Length; i += 4)
            {
                if (resized.Data[i + 3] > 0)
                {
                    partlyTransparent += resized.Data[i + 3] < 255 ? 1 : 0;
                    Assert.True(resized.Data[i + 1] == 255 && resized.Data[i + 2] == 255, $"pixel {i / 4} of {width}x{height}: ({resized.Data[i]}, {resized.Data[i + 1]}, {resized.Data[i + 2]}, {resized.Data[i + 3]})");
                }
            }
        }

        Assert.True(partlyTransparent > 100, $"only {partlyTransparent} partly transparent pixels: the test would not see a fringe");
    }

    [Fact]
    public void Transparent_image_resizes_like_ImageMagick_once_both_are_flattened()
    {
        // ImageMagick also weights colour by alpha when resizing; colours under alpha 0 are arbitrary, so compare on white.
        PixelBuffer source = TestPatterns.Noise(300, 200, PixelLayout.Rgba32, seed: 11);
        PixelBuffer card = TestPatterns.TestCard(300, 200, seed: 11);
        for (int i = 0, n = 300 * 200; i < n; i++)
        {
            card.Data.AsSpan(i * 3, 3).CopyTo(source.Data.AsSpan(i * 4, 3));
            int x = i % 300;
            source.Data[(i * 4) + 3] = (byte)(x < 100 ? 255 : x < 200 ? source.Data[(i * 4) + 3] : (x / 7 % 2) * 255);
        }

        PixelBuffer ours = BuiltInImageEngine.Instance.FlattenAlpha(Resampler.Resize(source, 97, 71), 255, 255, 255);
        RawImage reference = MagickPixels.Convert(source, "-filter", "Lanczos", "-resize", "97x71!", "-background", "white", "-alpha", "remove", "-alpha", "off");

        double psnr = ImageCompare.Psnr(reference, ours);
        output.WriteLine($"RGBA 300x200 -> 97x71 flattened on white: PSNR {psnr:F2} dB, max difference {ImageCompare.MaxDifference(reference, ours)}");
        Assert.True(psnr >= 40, $"PSNR {psnr:F2} dB");
    }

    [Fact]
    public void Same_size_returns_an_equal_copy()
    {
        PixelBuffer source = TestPatterns.Noise(9, 5, PixelLayout.Rgba32, seed: 4);

        PixelBuffer result = BuiltInImageEngine.Instance.Resize(source, 9, 5);

        Assert.NotSame(source, result);
        Assert.NotSame(source.Data, result.Data);
        Assert.Equal(source.Data, result.Data);
    }

    [Fact]
    public void One_by_one_in_and_out_works()
    {
        PixelBuffer one = Resampler.Resize(TestPatterns.Constant(1, 1, 10, 20, 30), 5, 3);
        PixelBuffer back = Resampler.Resize(TestPatterns.Noise(50, 40, PixelLayout.Rgb24, seed: 1), 1, 1);

        Assert.All(Enumerable.Range(0, 15), i => Assert.Equal(new byte[] { 10, 20, 30 }, one.Data.AsSpan(i * 3, 3).ToArray()));
        Assert.Equal((1, 1), (back.Width, back.Height));
    }
}
