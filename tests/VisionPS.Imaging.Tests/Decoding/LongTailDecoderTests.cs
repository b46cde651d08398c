using VisionPS.Imaging;
using VisionPS.Imaging.Tests.TestSupport;
using Xunit.Abstractions;

namespace VisionPS.Imaging.Tests.Decoding;

/// <summary>
/// WebP and TIFF through ImageSharp 2.1.13 (issue 11 point 3), checked against ImageMagick's decode (libwebp, libtiff),
/// never against our own output; and the gate in front of ImageSharp: our header reader sizes the file and the pixel
/// limit applies before any decode.
/// </summary>
public sealed class LongTailDecoderTests(ITestOutputHelper output)
{
    public static TheoryData<string> StillWebP() => new()
    {
        "webp/lossless_vp8l_386x395.webp",
        "webp/lossless_vp8l_palette2bit_230x128.webp",
        "webp/lossy_vp8_550x368.webp",
        "webp/extended_alpha_lossy_386x395.webp",
        "webp/extended_iccp_exif_xmp_10x7.webp",
        "exif/webp_orientation_6_128x128.webp",
    };

    [Theory]
    [MemberData(nameof(StillWebP))]
    public void A_still_WebP_decodes_to_libwebps_pixels(string image)
    {
        string path = SharedPaths.Image(image);
        PixelBuffer ours = BuiltInImageEngine.Instance.Decode(File.ReadAllBytes(path), DecodeOptions.Default, image);
        RawImage reference = ReferenceTools.MagickRgba(path);
        int maxDifference = ImageCompare.MaxDifference(reference, ours);
        double psnr = ImageCompare.Psnr(reference, ours);
        output.WriteLine($"{image}: {ours.Width}x{ours.Height} {ours.Layout}, max difference {maxDifference}, PSNR {psnr:0.0} dB");
        Assert.Equal(DecodingFixtures.HasTransparency(reference), ours.HasAlpha);
        if (image.Contains("lossless", StringComparison.Ordinal))
        {
            Assert.Equal(0, maxDifference);
        }
        else
        {
            // Lossy VP8: ImageSharp ports libwebp's decoder; the chroma upsampler may round a sample differently.
            Assert.True(psnr >= 45, $"PSNR {psnr:0.0} dB against libwebp");
        }
    }

    [Theory]
    [InlineData("none", "png/photo_rgb16_icc_149x227.png")]
    [InlineData("lzw", "png/rgba_8bit_basn6a08.png")]
    [InlineData("zip", "png/palette_8bit_basn3p08.png")]
    [InlineData("rle", "png/gray_16bit_basn0g16.png")]
    public void A_TIFF_decodes_to_libtiffs_pixels(string compression, string source)
    {
        string path = DecodingFixtures.Generate($"tiff-{compression}-{Path.GetFileNameWithoutExtension(source)}.tif",
            SharedPaths.Image(source), "-depth", "8", "-compress", compression, "TIFF:");
        byte[] data = File.ReadAllBytes(path);
        Assert.Equal(ImageFormat.Tiff, BuiltInImageEngine.Instance.Identify(data, path).Format);
        PixelBuffer ours = BuiltInImageEngine.Instance.Decode(data, DecodeOptions.Default, path);
        RawImage reference = DecodingFixtures.WithoutGrayAlpha(ReferenceTools.MagickRgba(path));
        Assert.Equal(0, ImageCompare.MaxDifference(reference, ours));
    }

    [Fact]
    // ImageSharp 2.1 reads all pages only when they share one size; page 1 of any TIFF always decodes.
    public void A_multi_page_TIFF_is_sized_and_counted_from_its_headers_and_any_page_decodes()
    {
        string path = DecodingFixtures.Generate("three-pages.tif",
            SharedPaths.Image("png/rgba_8bit_basn6a08.png"), SharedPaths.Image("png/palette_8bit_basn3p08.png"), SharedPaths.Image("png/rgb_16bit_basn2c16.png"),
            "-depth", "8", "-compress", "lzw", "TIFF:");
        byte[] data = File.ReadAllBytes(path);
        ImageInfo info = BuiltInImageEngine.Instance.Identify(data, path);
        Assert.Equal((32, 32, 3, false), (info.Width, info.Height, info.FrameCount, info.IsAnimated));

        PixelBuffer second = BuiltInImageEngine.Instance.Decode(data, DecodeOptions.Default with { Page = 1 }, path);
        RawImage reference = Netpbm.Parse(ReferenceTools.Run("convert", [path + "[1]", "-depth", "8", "-alpha", "on", "pam:-"], stdin: null));
        Assert.Equal((32, 32), (second.Width, second.Height));
        Assert.Equal(0, ImageCompare.MaxDifference(reference, second));

        var missing = Assert.Throws<ImagePageNotFoundException>(() => BuiltInImageEngine.Instance.Decode(data, DecodeOptions.Default with { Page = 3 }, "scan.tif"));
        Assert.Equal((4, 3), (missing.Page, missing.Pages));
        Assert.Contains("'scan.tif' is a TIFF with 3 pages, so there is no page 4", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_of_a_TIFF_whose_pages_differ_in_size_decodes_alone_to_libtiffs_pixels()
    {
        // ImageSharp 2.1 refuses such files when asked for all pages; the engine hands it the page as a TIFF of its own.
        string path = DecodingFixtures.Generate("mixed-sizes.tif",
            SharedPaths.Image("png/photo_rgb16_icc_149x227.png"), SharedPaths.Image("png/rgba_8bit_basn6a08.png"), "-depth", "8", "-compress", "lzw", "TIFF:");
        byte[] data = File.ReadAllBytes(path);

        PixelBuffer first = BuiltInImageEngine.Instance.Decode(data, DecodeOptions.Default, path);
        PixelBuffer second = BuiltInImageEngine.Instance.Decode(data, DecodeOptions.Default with { Page = 1 }, path);

        Assert.Equal((149, 227, 32, 32), (first.Width, first.Height, second.Width, second.Height));
        RawImage reference = Netpbm.Parse(ReferenceTools.Run("convert", [path + "[1]", "-depth", "8", "-alpha", "on", "pam:-"], stdin: null));
        Assert.Equal(0, ImageCompare.MaxDifference(reference, second));
    }

    [Fact]
    public void A_later_TIFF_page_over_the_pixel_limit_is_refused_by_its_own_size()
    {
        // Page 1 is small; page 2 declares 100000x100000. The limit applies to the page that is decoded.
        byte[] small = SyntheticImages.Tiff(littleEndian: true, 0, (256, 4, 1, 1), (257, 4, 1, 1), (258, 3, 1, 8));
        int secondIfd = small.Length;
        byte[] twoPages = [.. small[..^4], .. BitConverter.GetBytes(secondIfd), .. SyntheticImages.Tiff(littleEndian: true, 0,
            (256, 4, 1, 100_000), (257, 4, 1, 100_000), (258, 3, 1, 8))[8..]];

        var error = Assert.Throws<ImageTooLargeException>(() => BuiltInImageEngine.Instance.Decode(twoPages, DecodeOptions.Default with { Page = 1 }, "two.tif"));
        Assert.Equal((100_000, 100_000), (error.Width, error.Height));
    }

    [Fact]
    public void A_TIFF_declaring_more_pixels_than_the_limit_is_refused_before_ImageSharp_sees_it()
    {
        // 100000x100000 declared, no strips at all: a decoder that trusted the header would try to allocate 40 GB.
        byte[] tiff = SyntheticImages.Tiff(littleEndian: true, 0, (256, 4, 1, 100_000), (257, 4, 1, 100_000), (258, 3, 1, 8));
        var error = Assert.Throws<ImageTooLargeException>(() => BuiltInImageEngine.Instance.Decode(tiff, DecodeOptions.Default, "huge.tif"));
        Assert.Equal((100_000, 100_000), (error.Width, error.Height));
    }

    [Fact]
    public void A_JPEG_compressed_TIFF_is_refused_before_ImageSharp_sees_it()
    {
        // ImageSharp 2.1 decodes such strips by sniffing them as whole images: a TIFF in a strip recursed until the
        // stack overflowed (afl-fuzz; the file is in fuzz/regressions/imagesharp).
        string path = DecodingFixtures.Generate("jpeg-compressed.tif", SharedPaths.Image("png/photo_rgb16_icc_149x227.png"), "-depth", "8", "-compress", "jpeg", "TIFF:");

        var refused = Assert.Throws<UnsupportedImageFeatureException>(() => BuiltInImageEngine.Instance.Decode(File.ReadAllBytes(path), DecodeOptions.Default, "scan.tif"));

        Assert.Contains("scan.tif", refused.Message, StringComparison.Ordinal);
        Assert.Contains("JPEG compression", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("group4")]
    [InlineData("fax")]
    public void A_bilevel_fax_TIFF_decodes_to_libtiffs_pixels(string compression)
    {
        // Scans are often CCITT G3/G4: ImageSharp decodes them, and our strip check lets whole files through.
        string path = DecodingFixtures.Generate($"scan-{compression}.tif", SharedPaths.Image("png/photo_rgb16_icc_149x227.png"),
            "-colorspace", "gray", "-threshold", "50%", "-compress", compression, "TIFF:");
        byte[] data = File.ReadAllBytes(path);
        PixelBuffer ours = BuiltInImageEngine.Instance.Decode(data, DecodeOptions.Default, path);
        RawImage reference = DecodingFixtures.WithoutGrayAlpha(ReferenceTools.MagickRgba(path));
        Assert.Equal(0, ImageCompare.MaxDifference(reference, ours));
    }

    [Fact]
    public void A_TIFF_whose_strip_runs_past_the_end_is_refused_as_corrupt_before_ImageSharp_sees_it()
    {
        // ImageSharp trusts StripByteCounts and reads past the end: a 660-byte fuzzed file declaring 385 MB of CCITT
        // data took 23 s to decode into noise. Here: one 149x227 grey strip declared from byte 8, in a file of 100 bytes.
        byte[] cut = SyntheticImages.Tiff(littleEndian: true, 0,
            (256, 4, 1, 149), (257, 4, 1, 227), (258, 3, 1, 8), (262, 3, 1, 1), (273, 4, 1, 8), (279, 4, 1, 149 * 227));

        var refused = Assert.Throws<CorruptImageDataException>(() => BuiltInImageEngine.Instance.Decode(cut, DecodeOptions.Default, "cut.tif"));

        Assert.Contains("cut.tif", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"strip 1 of page 1 ends at byte {8 + (149 * 227):N0}, but the file has {cut.Length:N0} bytes", refused.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> FuzzedHangs()
    {
        var data = new TheoryData<string>();
        // The TIFF ones: afl also timed out once on a WebP while the machine was busy (0.2 s in a fresh process).
        foreach (string file in Directory.GetFiles(Path.Combine(SharedPaths.RepositoryRoot, "fuzz", "regressions", "imagesharp"), "hangs-*").Order())
        {
            if (File.ReadAllBytes(file) is [(byte)'I', (byte)'I', 42, 0, ..] or [(byte)'M', (byte)'M', 0, 42, ..])
            {
                data.Add(Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FuzzedHangs))]
    public void A_TIFF_that_hung_ImageSharp_is_refused_by_the_strip_check(string file)
    {
        byte[] data = File.ReadAllBytes(Path.Combine(SharedPaths.RepositoryRoot, "fuzz", "regressions", "imagesharp", file));
        var refused = Assert.Throws<CorruptImageDataException>(() => BuiltInImageEngine.Instance.Decode(data, DecodeOptions.Default, file));
        Assert.Matches("(strip|tile) .* of page 1 (ends at byte|lies outside)|table of page 1 lies outside", refused.Message);
    }

    [Fact]
    public void An_animated_WebP_stays_refused()
    {
        byte[] data = File.ReadAllBytes(SharedPaths.Image("webp/extended_animated_200x200.webp"));
        var error = Assert.Throws<UnsupportedImageFeatureException>(() => BuiltInImageEngine.Instance.Decode(data, DecodeOptions.Default, "anim.webp"));
        Assert.Contains("anim.webp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_WebP_raises_our_corrupt_data_error_naming_the_source()
    {
        byte[] data = File.ReadAllBytes(SharedPaths.Image("corrupt/webp_truncated_50pct.webp"));
        var error = Assert.ThrowsAny<ImageFormatException>(() => BuiltInImageEngine.Instance.Decode(data, DecodeOptions.Default, "cut.webp"));
        Assert.Contains("cut.webp", error.Message, StringComparison.Ordinal);
    }
}
