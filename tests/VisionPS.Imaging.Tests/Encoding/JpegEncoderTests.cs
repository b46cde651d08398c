using VisionPS.Imaging;
using VisionPS.Imaging.Tests.TestSupport;
using Xunit.Abstractions;

namespace VisionPS.Imaging.Tests.EncodingTests;

/// <summary>Our baseline JPEG against libjpeg-turbo's cjpeg (same pixels, same quality, 4:2:0), read back by djpeg.</summary>
public sealed class JpegEncoderTests(ITestOutputHelper output)
{
    public static TheoryData<string, int> SyntheticCases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in new[] { "gradient 1x1", "gradient 17x9", "gradient 2049x3", "gradient 3x2049", "gradient 333x251", "shapes 100x77", "noise 64x64", "noise 31x47" })
        {
            foreach (int quality in new[] { 50, 85, 95 })
            {
                data.Add(name, quality);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SyntheticCases))]
    public void Synthetic_image_encodes_to_the_same_bytes_as_cjpeg(string name, int quality)
    {
        PixelBuffer image = Synthetic(name);

        byte[] ours = BuiltInImageEngine.Instance.EncodeJpeg(image, quality);
        byte[] reference = EncoderTestImages.Cjpeg(image, quality);

        Assert.Equal(reference, ours);
        double psnr = ImageCompare.Psnr(ReferenceTools.Djpeg(ours), image);
        double referencePsnr = ImageCompare.Psnr(ReferenceTools.Djpeg(reference), image);
        Assert.True(psnr >= referencePsnr - 0.5, $"PSNR {psnr:F2} dB, cjpeg {referencePsnr:F2} dB");
    }

    [Theory]
    [InlineData(50)]
    [InlineData(85)]
    [InlineData(95)]
    public void Photos_match_cjpeg_in_quality_size_and_bytes(int quality)
    {
        foreach (string path in EncoderTestImages.SamplePhotos())
        {
            PixelBuffer image = EncoderTestImages.Photo(path);

            byte[] ours = BuiltInImageEngine.Instance.EncodeJpeg(image, quality);
            byte[] reference = EncoderTestImages.Cjpeg(image, quality);

            double psnr = ImageCompare.Psnr(ReferenceTools.Djpeg(ours), image);
            double referencePsnr = ImageCompare.Psnr(ReferenceTools.Djpeg(reference), image);
            double sizeRatio = ours.Length / (double)reference.Length;
            output.WriteLine($"{Path.GetFileName(path)} {image.Width}x{image.Height} Q{quality}: PSNR {psnr:F3} dB (cjpeg {referencePsnr:F3}), {ours.Length} bytes (cjpeg {reference.Length}, ratio {sizeRatio:F4}), identical: {ours.AsSpan().SequenceEqual(reference)}");
            Assert.True(psnr >= referencePsnr - 0.5, $"{path}: PSNR {psnr:F2} dB, cjpeg {referencePsnr:F2} dB");
            Assert.InRange(sizeRatio, 0.95, 1.05);
            Assert.Equal(reference, ours);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(25)]
    [InlineData(50)]
    [InlineData(75)]
    [InlineData(85)]
    [InlineData(90)]
    [InlineData(100)]
    public void Quantisation_tables_equal_cjpeg(int quality)
    {
        PixelBuffer image = EncoderTestImages.Gradient(16, 16);

        byte[][] ours = Dqt(BuiltInImageEngine.Instance.EncodeJpeg(image, quality));
        byte[] referenceFile = EncoderTestImages.Cjpeg(image, quality, forceBaseline: true);
        byte[][] reference = Dqt(referenceFile);

        Assert.Equal(2, reference.Length);
        Assert.Equal(reference, ours);
        Assert.Equal(referenceFile, BuiltInImageEngine.Instance.EncodeJpeg(image, quality));
    }

    [Fact]
    public void Writes_only_the_segments_of_a_plain_baseline_JFIF_file()
    {
        byte[] jpeg = BuiltInImageEngine.Instance.EncodeJpeg(EncoderTestImages.Gradient(40, 30), 80);

        byte[] markers = [.. EncoderTestImages.HeaderSegments(jpeg).Select(s => s.Marker)];

        Assert.Equal(new byte[] { 0xD8, 0xE0, 0xDB, 0xDB, 0xC0, 0xC4, 0xC4, 0xC4, 0xC4, 0xDA }, markers);
        Assert.Equal("JFIF\0"u8.ToArray(), jpeg[6..11]);
        Assert.Equal(new byte[] { 0xFF, 0xD9 }, jpeg[^2..]);
    }

    [Fact]
    public void Alpha_is_ignored()
    {
        PixelBuffer rgba = EncoderTestImages.Gradient(37, 21, PixelLayout.Rgba32);
        PixelBuffer rgb = EncoderTestImages.Gradient(37, 21, PixelLayout.Rgb24);

        Assert.Equal(BuiltInImageEngine.Instance.EncodeJpeg(rgb, 75), BuiltInImageEngine.Instance.EncodeJpeg(rgba, 75));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Quality_outside_1_to_100_is_rejected(int quality) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BuiltInImageEngine.Instance.EncodeJpeg(EncoderTestImages.Gradient(8, 8), quality));

    [Fact]
    public void Width_beyond_65535_is_rejected() =>
        Assert.Throws<ArgumentException>(() => BuiltInImageEngine.Instance.EncodeJpeg(new PixelBuffer(65536, 1, PixelLayout.Rgb24), 75));

    private static PixelBuffer Synthetic(string name)
    {
        string[] parts = name.Split(' ');
        string[] size = parts[1].Split('x');
        int width = int.Parse(size[0], System.Globalization.CultureInfo.InvariantCulture);
        int height = int.Parse(size[1], System.Globalization.CultureInfo.InvariantCulture);
        return parts[0] switch
        {
            "gradient" => EncoderTestImages.Gradient(width, height),
            "shapes" => EncoderTestImages.Shapes(width, height),
            _ => EncoderTestImages.Noise(width, height, PixelLayout.Rgb24, seed: width * height),
        };
    }

    private static byte[][] Dqt(byte[] jpeg) =>
        [.. EncoderTestImages.HeaderSegments(jpeg).Where(s => s.Marker == 0xDB).Select(s => s.Segment)];
}
