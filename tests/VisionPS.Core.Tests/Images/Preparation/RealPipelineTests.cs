using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;
using VisionPS.Imaging;
using VisionPS.Core.Tests.TestSupport;

namespace VisionPS.Core.Tests.Images.Preparation;

/// <summary>The policy with the real codecs, checked with libjpeg-turbo and ImageMagick.</summary>
public sealed class RealPipelineTests
{
    private static string Bird => Path.Combine(SharedPaths.Samples, "bird_northern_cardinal.jpg");

    [Fact]
    public void A_photo_for_detail_low_arrives_as_a_512_px_jpeg_close_to_imagemagicks_resize()
    {
        ImagePart part = ImagePartFactory.FromFile(Bird, "low");

        RawImage sent = ReferenceTools.Djpeg(part.Data.ToArray());
        Assert.Equal((512, 288), (sent.Width, sent.Height));
        Assert.Equal((part.Width, part.Height), (sent.Width, sent.Height));
        RawImage reference = ReferenceTools.MagickRgba(Bird, "-filter", "Lanczos", "-resize", "512x288!");
        Assert.True(Psnr(reference, sent) >= 30, $"PSNR {Psnr(reference, sent):0.0} dB");
    }

    [Fact]
    public void An_exif_rotated_photo_arrives_upright()
    {
        string path = SharedPaths.Image("exif/landscape_orientation_6.jpg");

        ImagePart part = ImagePartFactory.FromFile(path);

        RawImage sent = ReferenceTools.Djpeg(part.Data.ToArray());
        RawImage upright = ReferenceTools.MagickRgba(path, "-auto-orient");
        Assert.Equal((600, 450), (sent.Width, sent.Height));
        Assert.True(Psnr(upright, sent) >= 30, $"PSNR {Psnr(upright, sent):0.0} dB");
        Assert.True(part.Changes.HasFlag(ImageChanges.Rotated));
    }

    [Fact]
    public void Stripping_keeps_every_pixel()
    {
        string path = SharedPaths.Image("jpeg/baseline_422_640x480.jpg");

        ImagePart part = ImagePartFactory.FromFile(path);

        Assert.Equal(ImageChanges.MetadataStripped, part.Changes);
        Assert.Equal(ReferenceTools.Djpeg(path).Data, ReferenceTools.Djpeg(part.Data.ToArray()).Data);
    }

    [Fact]
    public void A_tight_budget_is_met_and_the_result_still_decodes()
    {
        ImagePart part = ImagePartFactory.FromFile(Bird, null, new ImagePreparationOptions { MaxEncodedBytes = 20_000 });

        Assert.True(part.EncodedLength <= 20_000, $"{part.EncodedLength} bytes of base64");
        RawImage sent = ReferenceTools.Djpeg(part.Data.ToArray());
        Assert.Equal((part.Width, part.Height), (sent.Width, sent.Height));
        Assert.Equal(ImagePreparationOptions.LowestAutomaticQuality, part.Quality);
    }

    [Fact]
    public void A_bmp_becomes_a_png_with_the_same_pixels()
    {
        string path = SharedPaths.Image("bmp/rgb24_127x64.bmp");

        ImagePart part = ImagePartFactory.FromFile(path);

        Assert.Equal("image/png", part.MimeType);
        Assert.Equal(ReferenceTools.MagickRgba(path).Data, ReferenceTools.MagickRgba(part.Data.ToArray()).Data);
    }

    [Fact]
    public void The_verbose_summary_says_what_was_done()
    {
        ImagePart part = ImagePartFactory.FromFile(Bird, "low");

        string line = PreparationSummary.Of(part);

        Assert.Contains("1920x1080 image/jpeg 828,936 bytes -> 512x288 image/jpeg q85", line);
        Assert.Contains("Resized, Reencoded", line);
        Assert.Equal("https://example.com/a.jpg: sent as a URL (not downloaded).", PreparationSummary.Of(ImagePartFactory.FromUrl("https://example.com/a.jpg")));
    }

    internal static double Psnr(RawImage reference, RawImage actual)
    {
        RawImage a = reference.ToRgb(), b = actual.ToRgb();
        double sum = 0;
        for (int i = 0; i < a.Data.Length; i++)
        {
            int d = a.Data[i] - b.Data[i];
            sum += d * d;
        }

        return 10 * Math.Log10(255.0 * 255.0 / (sum / a.Data.Length));
    }
}
