using VisionPS.Imaging;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.Metadata;

/// <summary>Truncated and bit-flipped files: the stripper returns or raises an <see cref="ImageFormatException"/>, nothing else.</summary>
public sealed class MetadataStripperRobustnessTests
{
    [Theory]
    [InlineData("jpeg/restart_markers_dri5_33x33.jpg")]
    [InlineData("jpeg/size_1x1.jpg")]
    [InlineData("jpeg/progressive_restart_noninterleaved_64x16.jpg")]
    [InlineData("png/trns_palette_tbbn3p08.png")]
    [InlineData("webp/extended_iccp_exif_xmp_10x7.webp")]
    [InlineData("gif/animated_5frames_mixed_disposal_32x32.gif")]
    [InlineData("bmp/top_down_pal8_6x6.bmp")]
    public void Every_truncation_and_random_bit_flips_fail_cleanly(string name)
    {
        byte[] original = File.ReadAllBytes(SharedPaths.Image(name));
        int failures = 0;
        for (int length = 0; length < original.Length; length++)
        {
            failures += Outcome(original[..length]);
        }

        var random = new Random(name.Length);
        for (int i = 0; i < 2000; i++)
        {
            byte[] mutated = (byte[])original.Clone();
            for (int flips = random.Next(1, 4); flips > 0; flips--)
            {
                int at = random.Next(mutated.Length);
                mutated[at] ^= (byte)(1 << random.Next(8));
            }

            failures += Outcome(mutated);
        }

        // Most cuts of a JPEG/PNG/GIF/WebP lose the end marker; BMP is copied as it is.
        if (!name.StartsWith("bmp", StringComparison.Ordinal))
        {
            Assert.True(failures > original.Length / 2, $"{failures} failures");
        }
    }

    private static int Outcome(byte[] data)
    {
        try
        {
            BuiltInImageEngine.Instance.StripMetadata(data, "mutated");
            return 0;
        }
        catch (ImageFormatException)
        {
            return 1;
        }
    }
}

public sealed class MetadataStripperFormatTests
{
    [Fact]
    public void Data_that_is_no_known_image_is_rejected() =>
        Assert.Throws<UnknownImageFormatException>(() => BuiltInImageEngine.Instance.StripMetadata("plain text, not an image"u8, "notes.txt"));

    [Fact]
    public void Recognised_but_unsupported_formats_are_rejected() =>
        Assert.Throws<UnsupportedImageFormatException>(() => BuiltInImageEngine.Instance.StripMetadata("II*\0\u0008\0\0\0\0\0\0\0"u8, "scan.tif"));
}
