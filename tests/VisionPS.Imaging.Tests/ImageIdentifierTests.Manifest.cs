using VisionPS.Imaging;

namespace VisionPS.Imaging.Tests;

/// <summary>Checks against the 60 real files of shared/testdata/images and their MANIFEST.tsv.</summary>
public partial class ImageIdentifierTests
{
    public static TheoryData<string, string, string, string, int> ManifestRows()
    {
        var rows = new TheoryData<string, string, string, string, int>();
        foreach (ImageManifestEntry entry in ImageManifest.Entries)
        {
            rows.Add(entry.Path, entry.Format, entry.Width?.ToString() ?? "-", entry.Height?.ToString() ?? "-", entry.Orientation);
        }

        return rows;
    }

    public static TheoryData<string> ManifestPaths() => [.. ImageManifest.Entries.Select(entry => entry.Path)];

    // Files that are animated, with their frame counts (from the manifest notes; every other readable file is static).
    private static readonly Dictionary<string, int> AnimatedFrameCounts = new()
    {
        ["gif/animated_30frames_80x80.gif"] = 30,
        ["gif/animated_5frames_mixed_disposal_32x32.gif"] = 5,
        ["webp/extended_animated_200x200.webp"] = 6,
    };

    public static TheoryData<string, int> BitDepths() => new()
    {
        { "jpeg/baseline_420_227x149.jpg", 8 },
        { "jpeg/arithmetic_coded_sof9_227x149.jpg", 8 },
        { "jpeg/grayscale_32x32.jpg", 8 },
        { "png/gray_1bit_basn0g01.png", 1 },
        { "png/palette_2bit_basn3p02.png", 2 },
        { "png/gray_16bit_basn0g16.png", 16 },
        { "png/photo_rgb16_icc_149x227.png", 16 },
        { "gif/static_128x128.gif", 8 },
        { "webp/lossless_vp8l_386x395.webp", 8 },
        { "bmp/rgb24_127x64.bmp", 24 },
        { "bmp/rgb16_565_bitfields_127x64.bmp", 16 },
        { "bmp/rgba32_v5_127x64.bmp", 32 },
        { "bmp/os2_pal8_127x64.bmp", 8 },
    };

    [Theory]
    [MemberData(nameof(ManifestRows))]
    public void Identify_ManifestFile_MatchesManifest(string path, string format, string width, string height, int orientation)
    {
        ImageManifestEntry entry = ImageManifest.Get(path);
        byte[] bytes = File.ReadAllBytes(entry.FullPath);
        Assert.Equal(entry.ExpectedFormat, ImageIdentifier.DetectFormat(bytes));

        if (format == "unknown")
        {
            var unknown = Assert.Throws<UnknownImageFormatException>(() => ImageIdentifier.Identify(bytes, path));
            Assert.Equal(path, unknown.SourceName);
            Assert.Contains(path, unknown.Message);
            return;
        }

        if (width == "-" || height == "-")
        {
            var invalid = Assert.Throws<InvalidImageContentException>(() => ImageIdentifier.Identify(bytes, path));
            Assert.Equal(entry.ExpectedFormat, invalid.Format);
            Assert.Equal(path, invalid.SourceName);
            Assert.Contains(path, invalid.Message);
            return;
        }

        ImageInfo info = ImageIdentifier.Identify(bytes, path);
        Assert.Equal(entry.ExpectedFormat, info.Format);
        Assert.Equal(int.Parse(width), info.Width);
        Assert.Equal(int.Parse(height), info.Height);
        Assert.Equal(orientation, info.Orientation);
    }

    [Theory]
    [MemberData(nameof(ManifestPaths))]
    public void Identify_ManifestFile_AnimatedOnlyWhereExpected(string path)
    {
        ImageManifestEntry entry = ImageManifest.Get(path);
        if (entry.Width is null || path == "corrupt/gif_truncated_50pct.gif")
        {
            return; // unreadable, or checked on its own below
        }

        ImageInfo info = ImageIdentifier.Identify(File.ReadAllBytes(entry.FullPath), path);

        bool animated = AnimatedFrameCounts.TryGetValue(path, out int frames);
        Assert.Equal(animated, info.IsAnimated);
        Assert.Equal(animated ? frames : 1, info.FrameCount);
    }

    [Fact]
    public void Identify_GifCutMidStream_CountsTheFramesBeforeTheCut()
    {
        // chi.gif has 31 frames; the first 42769 bytes hold 19 image descriptors, the last (at 40342) cut short
        // (counted with a throwaway script walking the blocks).
        ImageInfo info = ImageIdentifier.Identify(File.ReadAllBytes(ImageManifest.Get("corrupt/gif_truncated_50pct.gif").FullPath));

        Assert.Equal((320, 240), (info.Width, info.Height));
        Assert.True(info.IsAnimated);
        Assert.Equal(19, info.FrameCount);
    }

    [Theory]
    [MemberData(nameof(BitDepths))]
    public void Identify_ManifestFile_ReportsBitDepth(string path, int bitDepth)
    {
        ImageInfo info = ImageIdentifier.Identify(File.ReadAllBytes(ImageManifest.Get(path).FullPath), path);

        Assert.Equal(bitDepth, info.BitDepth);
    }

    [Theory]
    [InlineData("webp/lossy_vp8_550x368.webp", true)]
    [InlineData("webp/extended_alpha_lossy_386x395.webp", true)] // VP8X, ALPH, then the lossy VP8 chunk
    [InlineData("exif/webp_orientation_6_128x128.webp", true)]
    [InlineData("webp/lossless_vp8l_386x395.webp", false)]
    [InlineData("webp/extended_iccp_exif_xmp_10x7.webp", false)] // VP8X, ICCP, then VP8L
    [InlineData("webp/extended_animated_200x200.webp", false)] // refused anyway; frames are not one still picture
    [InlineData("jpeg/baseline_420_227x149.jpg", true)]
    [InlineData("png/rgba_8bit_basn6a08.png", false)]
    [InlineData("gif/animated_30frames_80x80.gif", false)]
    [InlineData("bmp/rgb24_127x64.bmp", false)]
    public void Identify_ManifestFile_SaysWhetherItsCodingIsLossy(string path, bool lossy)
    {
        Assert.Equal(lossy, ImageIdentifier.Identify(File.ReadAllBytes(ImageManifest.Get(path).FullPath), path).IsLossy);
    }

    [Theory]
    [InlineData("exif/landscape_orientation_5.jpg")]
    [InlineData("exif/landscape_orientation_6.jpg")]
    [InlineData("exif/landscape_orientation_7.jpg")]
    [InlineData("exif/landscape_orientation_8.jpg")]
    public void Identify_QuarterTurnOrientation_SwapsDisplaySize(string path)
    {
        ImageInfo info = ImageIdentifier.Identify(File.ReadAllBytes(ImageManifest.Get(path).FullPath), path);

        Assert.Equal((450, 600), (info.Width, info.Height));
        Assert.Equal((600, 450), (info.DisplayWidth, info.DisplayHeight));
    }

    [Fact]
    public void Identify_TruncatedInJpegHeader_SaysWhereTheDataEnds()
    {
        const string path = "corrupt/jpeg_truncated_in_header.jpg";
        var invalid = Assert.Throws<InvalidImageContentException>(() => ImageIdentifier.Identify(File.ReadAllBytes(ImageManifest.Get(path).FullPath), path));

        Assert.Equal("the data ends after 120 bytes, inside the DQT segment", invalid.Problem);
        Assert.StartsWith($"'{path}' looks like a JPEG image", invalid.Message);
    }
}
