using System.Buffers.Binary;
using System.Text;
using VisionPS.Imaging;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.Metadata;

public sealed class WebPGifBmpMetadataStripperTests
{
    [Fact]
    public void WebP_loses_EXIF_and_XMP_chunks_and_flags_and_keeps_ICC_and_pixels()
    {
        byte[] original = File.ReadAllBytes(SharedPaths.Image("webp/extended_iccp_exif_xmp_10x7.webp"));
        Assert.Equal(new[] { "VP8X", "ICCP", "VP8L", "EXIF", "XMP " }, Chunks(original).Select(c => c.FourCc));
        Assert.Equal(0x2C, original[20] & 0x2C); // ICC, EXIF and XMP flags set

        byte[] stripped = BuiltInImageEngine.Instance.StripMetadata(original, "tiny.webp");

        Assert.Equal(new[] { "VP8X", "ICCP", "VP8L" }, Chunks(stripped).Select(c => c.FourCc));
        Assert.Equal(0x20, stripped[20] & 0x2C);
        Assert.Equal((uint)(stripped.Length - 8), BinaryPrimitives.ReadUInt32LittleEndian(stripped.AsSpan(4)));
        HashSet<string> after = MetadataProbe.MagickFindings(stripped);
        Assert.DoesNotContain("exif", after);
        Assert.DoesNotContain("xmp", after);
        Assert.Contains("icc", after);
        Assert.Equal(ReferenceTools.MagickRgba(original).Data, ReferenceTools.MagickRgba(stripped).Data);
    }

    [Theory]
    [InlineData("webp/lossy_vp8_550x368.webp")]
    [InlineData("webp/lossless_vp8l_386x395.webp")]
    [InlineData("webp/extended_alpha_lossy_386x395.webp")]
    [InlineData("webp/extended_animated_200x200.webp")]
    [InlineData("bmp/rgba32_v5_127x64.bmp")]
    [InlineData("bmp/pal8_rle8_127x64.bmp")]
    [InlineData("gif/static_transparent_256x256.gif")]
    [InlineData("gif/animated_5frames_mixed_disposal_32x32.gif")]
    public void Files_without_metadata_come_back_unchanged(string name)
    {
        byte[] original = File.ReadAllBytes(SharedPaths.Image(name));

        Assert.Equal(original, BuiltInImageEngine.Instance.StripMetadata(original, name));
    }

    [Fact]
    public void WebP_with_orientation_EXIF_loses_it()
    {
        byte[] original = File.ReadAllBytes(SharedPaths.Image("exif/webp_orientation_6_128x128.webp"));

        byte[] stripped = BuiltInImageEngine.Instance.StripMetadata(original, null);

        Assert.DoesNotContain("EXIF", Chunks(stripped).Select(c => c.FourCc));
        Assert.Equal(0, stripped[20] & 0x0C);
        Assert.Equal(ReferenceTools.MagickRgba(original).Data, ReferenceTools.MagickRgba(stripped).Data);
    }

    [Fact]
    public void GIF_comment_and_XMP_application_extension_are_dropped_and_the_loop_extension_kept()
    {
        byte[] animated = File.ReadAllBytes(SharedPaths.Image("gif/animated_30frames_80x80.gif"));
        byte[] withComment = ReferenceTools.Run("convert", [SharedPaths.Image("gif/static_128x128.gif"), "-set", "comment", "secret words", "gif:-"], null);
        Assert.Contains("comment", MetadataProbe.MagickFindings(withComment));
        int afterColourTable = 13 + ((animated[10] & 0x80) != 0 ? 3 << ((animated[10] & 7) + 1) : 0);
        byte[] xmp = [0x21, 0xFF, 11, .. "XMP DataXMP"u8.ToArray(), 40, .. Encoding.ASCII.GetBytes("<x:xmpmeta>http://ns.adobe.com/xap/1.0/ "), 0];
        byte[] comment = [0x21, 0xFE, 6, .. "secret"u8.ToArray(), 0];
        byte[] animatedWithMetadata = MetadataProbe.Splice(animated, afterColourTable, xmp, comment);

        byte[] strippedComment = BuiltInImageEngine.Instance.StripMetadata(withComment, "c.gif");
        byte[] strippedAnimated = BuiltInImageEngine.Instance.StripMetadata(animatedWithMetadata, "a.gif");

        Assert.DoesNotContain("comment", MetadataProbe.MagickFindings(strippedComment));
        Assert.False(MetadataProbe.Contains(strippedComment, "secret words"));
        Assert.Equal(ReferenceTools.MagickRgba(withComment).Data, ReferenceTools.MagickRgba(strippedComment).Data);
        // This file has zero padding after its trailer, which is not copied.
        Assert.Equal(animated[..strippedAnimated.Length], strippedAnimated);
        Assert.Equal(0x3B, strippedAnimated[^1]);
        Assert.All(animated[strippedAnimated.Length..], b => Assert.Equal(0, b));
        Assert.True(MetadataProbe.Contains(strippedAnimated, "NETSCAPE2.0"));
    }

    [Fact]
    public void Truncated_GIF_and_WebP_are_reported_as_image_errors()
    {
        foreach (string name in new[] { "corrupt/gif_truncated_50pct.gif", "corrupt/gif_static_truncated_50pct.gif", "corrupt/webp_truncated_50pct.webp" })
        {
            byte[] data = File.ReadAllBytes(SharedPaths.Image(name));
            Assert.ThrowsAny<ImageFormatException>(() => BuiltInImageEngine.Instance.StripMetadata(data, name));
        }
    }

    private static List<(string FourCc, int Size)> Chunks(byte[] webp)
    {
        var chunks = new List<(string, int)>();
        for (int pos = 12; pos + 8 <= webp.Length;)
        {
            int size = (int)BinaryPrimitives.ReadUInt32LittleEndian(webp.AsSpan(pos + 4));
            chunks.Add((Encoding.ASCII.GetString(webp, pos, 4), size));
            pos += 8 + size + (size & 1);
        }

        return chunks;
    }
}
