using VisionPS.Core.Images;
using VisionPS.Core.Images.Preparation;
using VisionPS.Imaging;

namespace VisionPS.Core.Tests.Images.Preparation;

/// <summary>
/// The policy for the long tail (issue 11 point 3) with the real engine: WebP and TIFF decoded through ImageSharp, the
/// first frame of an animated GIF or APNG sent with a warning, animated WebP refused; sent pixels checked against
/// ImageMagick's.
/// </summary>
public sealed class LongTailPipelineTests
{
    private static readonly string Work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "visionps-longtail-" + Environment.ProcessId)).FullName;

    private static string Bird => Path.Combine(SharedPaths.Samples, "bird_northern_cardinal.jpg");

    private static string Make(string name, params string[] convertArgs)
    {
        string path = Path.Combine(Work, name);
        bool prefixed = convertArgs[^1].EndsWith(':');
        string output = prefixed ? convertArgs[^1] + path : path;
        ReferenceTools.Run("convert", [.. (prefixed ? convertArgs[..^1] : convertArgs), output], stdin: null);
        return path;
    }

    [Fact]
    public void An_over_limit_WebP_is_resized_and_reencoded_close_to_imagemagicks_resize()
    {
        string webp = Make("big.webp", Bird, "-resize", "1920x1080", "-quality", "90");

        ImagePart part = ImagePartFactory.FromFile(webp, "low");

        Assert.True(part.Changes.HasFlag(ImageChanges.Resized) && part.Changes.HasFlag(ImageChanges.FormatChanged), part.Changes.ToString());
        Assert.Equal("image/webp", part.OriginalMimeType);
        Assert.Equal((512, 288), (part.Width, part.Height));
        RawImage sent = ReferenceTools.MagickRgba(part.Data.ToArray());
        RawImage reference = ReferenceTools.MagickRgba(webp, "-filter", "Lanczos", "-resize", "512x288!");
        Assert.True(RealPipelineTests.Psnr(reference, sent) >= 30, $"PSNR {RealPipelineTests.Psnr(reference, sent):0.0} dB");
    }

    [Fact]
    public void ConvertWebP_sends_a_small_WebP_as_PNG_with_its_pixels()
    {
        string webp = SharedPaths.Image("webp/lossless_vp8l_386x395.webp");

        ImagePart kept = ImagePartFactory.FromFile(webp);
        ImagePart converted = ImagePartFactory.FromFile(webp, preparation: new ImagePreparationOptions { ConvertWebP = true });

        Assert.Equal("image/webp", kept.MimeType);
        Assert.Equal("image/png", converted.MimeType);
        Assert.True(converted.Changes.HasFlag(ImageChanges.FormatChanged));
        Assert.Equal(ReferenceTools.MagickRgba(webp).Data, ReferenceTools.MagickRgba(converted.Data.ToArray()).Data);
    }

    [Fact]
    public void ConvertWebP_sends_a_lossy_WebP_photo_as_JPEG_not_as_a_PNG_many_times_its_size()
    {
        string webp = SharedPaths.Image("webp/lossy_vp8_550x368.webp");

        ImagePart converted = ImagePartFactory.FromFile(webp, preparation: new ImagePreparationOptions { ConvertWebP = true });

        Assert.Equal("image/jpeg", converted.MimeType);
        Assert.Equal((550, 368), (converted.Width, converted.Height));
        Assert.Equal(ImageChanges.Reencoded | ImageChanges.FormatChanged, converted.Changes);
        Assert.True(converted.ByteLength < new FileInfo(webp).Length * 3, $"{converted.ByteLength} bytes");
        RawImage sent = ReferenceTools.MagickRgba(converted.Data.ToArray());
        Assert.True(RealPipelineTests.Psnr(ReferenceTools.MagickRgba(webp), sent) >= 35, $"PSNR {RealPipelineTests.Psnr(ReferenceTools.MagickRgba(webp), sent):0.0} dB");
    }

    [Fact]
    public void An_animated_GIF_sends_its_first_frame_as_a_still_PNG_with_a_warning_naming_the_frames()
    {
        string gif = SharedPaths.Image("gif/animated_30frames_80x80.gif");

        ImagePart part = ImagePartFactory.FromFile(gif);

        Assert.Equal("image/png", part.MimeType);
        Assert.Equal(ReferenceTools.MagickRgba(gif, "-coalesce").Data, ReferenceTools.MagickRgba(part.Data.ToArray()).Data);
        string warning = Assert.Single(part.Warnings);
        Assert.Contains("animated_30frames_80x80.gif", warning, StringComparison.Ordinal);
        Assert.Contains("30 frames", warning, StringComparison.Ordinal);
        Assert.Contains("first frame", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void An_animated_PNG_sends_its_first_frame_with_a_warning()
    {
        // ImageMagick 6 here cannot write APNG, so an acTL goes in front of the IDAT of a plain PNG by hand: its
        // default image (the IDAT) is then the first frame, and ImageMagick still reads it as the PNG it was.
        string apng = Path.Combine(Work, "anim.png");
        File.WriteAllBytes(apng, WithAnimationControl(File.ReadAllBytes(SharedPaths.Image("png/rgba_8bit_basn6a08.png")), frames: 2));
        ImageInfo info = DefaultImageEngine.Instance.Identify(File.ReadAllBytes(apng), apng);
        Assert.True(info.IsAnimated, "ImageMagick wrote a plain PNG, not an APNG");

        ImagePart part = ImagePartFactory.FromFile(apng);

        Assert.Equal("image/png", part.MimeType);
        Assert.Equal(ReferenceTools.MagickRgba(SharedPaths.Image("png/rgba_8bit_basn6a08.png")).Data, ReferenceTools.MagickRgba(part.Data.ToArray()).Data);
        Assert.Contains(part.Warnings, w => w.Contains("first frame", StringComparison.Ordinal));
    }

    [Fact]
    public void A_three_page_TIFF_scan_sends_page_one_with_a_warning_naming_the_page_count()
    {
        string tiff = Make("scan.tif", Bird, Bird, Bird, "-compress", "lzw", "TIFF:");

        ImagePart part = ImagePartFactory.FromFile(tiff);

        Assert.Equal("image/tiff", part.OriginalMimeType);
        Assert.True(part.Changes.HasFlag(ImageChanges.FormatChanged));
        string warning = Assert.Single(part.Warnings);
        Assert.Contains("3 pages", warning, StringComparison.Ordinal);
        Assert.Contains("scan.tif", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_sends_another_page_of_a_TIFF_with_its_pixels()
    {
        string[] pages = ["png/rgba_8bit_basn6a08.png", "png/palette_8bit_basn3p08.png", "png/rgb_16bit_basn2c16.png"];
        string tiff = Make("pages.tif", [.. pages.Select(SharedPaths.Image), "-depth", "8", "-compress", "zip", "TIFF:"]);

        ImagePart part = ImagePartFactory.FromFile(tiff, preparation: new ImagePreparationOptions { Page = 2 });

        Assert.Equal(ReferenceTools.MagickRgba(SharedPaths.Image(pages[1])).Data, ReferenceTools.MagickRgba(part.Data.ToArray()).Data);
        Assert.Contains(part.Warnings, w => w.Contains("3 pages", StringComparison.Ordinal) && w.Contains("page 2 was sent", StringComparison.Ordinal));
    }

    [Fact]
    public void Page_sends_a_page_whose_size_differs_from_page_one_at_its_own_aspect()
    {
        // Identify reports page 1's size (32x32); page 2 is a 4000x3000 photo, fitted for "low" by its own size, not
        // squeezed into page 1's square.
        string photo = Make("wide.png", Bird, "-resize", "4000x3000!");
        string tiff = Make("mixed.tif", SharedPaths.Image("png/rgba_8bit_basn6a08.png"), photo, "-depth", "8", "-compress", "lzw", "TIFF:");

        ImagePart page1 = ImagePartFactory.FromFile(tiff, "low");
        ImagePart page2 = ImagePartFactory.FromFile(tiff, "low", new ImagePreparationOptions { Page = 2 });

        Assert.Equal((32, 32), (page1.Width, page1.Height));
        Assert.Equal((512, 384), (page2.Width, page2.Height));
        Assert.True(page2.Changes.HasFlag(ImageChanges.Resized));
        // The original size reported (and shown by -Verbose) is the page's, not page 1's.
        Assert.Equal((32, 32), (page1.OriginalWidth, page1.OriginalHeight));
        Assert.Equal((4000, 3000), (page2.OriginalWidth, page2.OriginalHeight));
    }

    [Fact]
    public void Page_past_the_last_page_is_an_error_naming_the_pages_for_a_TIFF_and_for_any_other_image()
    {
        string tiff = Make("two.tif", Bird, Bird, "-compress", "lzw", "TIFF:");

        var tiffError = Assert.Throws<ImagePageNotFoundException>(() => ImagePartFactory.FromFile(tiff, preparation: new ImagePreparationOptions { Page = 3 }));
        var jpegError = Assert.Throws<ImagePageNotFoundException>(() => ImagePartFactory.FromFile(Bird, preparation: new ImagePreparationOptions { Page = 2, Resize = false }));

        Assert.Equal((3, 2), (tiffError.Page, tiffError.Pages));
        Assert.Equal((2, 1), (jpegError.Page, jpegError.Pages));
        Assert.Contains("bird_northern_cardinal.jpg' is a JPEG with 1 page, so there is no page 2", jpegError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_animated_WebP_stays_refused_with_the_conversion_advice()
    {
        string webp = SharedPaths.Image("webp/extended_animated_200x200.webp");

        var refused = Assert.Throws<ImageNotSendableException>(() => ImagePartFactory.FromFile(webp));

        Assert.Contains("animated WebP", refused.Message, StringComparison.Ordinal);
        Assert.Contains("magick", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoResize_refuses_an_animated_GIF_and_a_TIFF_it_may_not_convert()
    {
        var noResize = new ImagePreparationOptions { Resize = false };
        string tiff = Make("plain.tif", SharedPaths.Image("png/rgba_8bit_basn6a08.png"), "TIFF:");

        Assert.Throws<ImageNotSendableException>(() => ImagePartFactory.FromFile(SharedPaths.Image("gif/animated_30frames_80x80.gif"), preparation: noResize));
        Assert.Throws<ImageNotSendableException>(() => ImagePartFactory.FromFile(tiff, preparation: noResize));
    }

    private static byte[] WithAnimationControl(byte[] png, int frames)
    {
        const int AfterIhdr = 8 + 25;
        byte[] payload = [.. "acTL"u8, 0, 0, 0, (byte)frames, 0, 0, 0, 0];
        uint crc = TestServer.TestPng.Crc32(payload);
        byte[] chunk = [0, 0, 0, 8, .. payload, (byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc];
        return [.. png.AsSpan(0, AfterIhdr), .. chunk, .. png.AsSpan(AfterIhdr)];
    }
}
