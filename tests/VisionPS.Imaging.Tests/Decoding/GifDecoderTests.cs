using VisionPS.Imaging;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.Decoding;

public sealed class GifDecoderTests
{
    public static TheoryData<string> ManifestGifs
    {
        get
        {
            TheoryData<string> data = DecodingFixtures.ManifestImages("gif");
            data.Add("corrupt/gif_truncated_50pct.gif"); // its first frame is complete, and ImageMagick decodes it
            return data;
        }
    }

    // -coalesce puts the first frame on the logical screen, as our decoder does ([0] alone gives just the frame rectangle).
    [Theory]
    [MemberData(nameof(ManifestGifs))]
    public void Manifest_gif_first_frame_matches_ImageMagick(string path)
    {
        DecodingFixtures.AssertMatchesMagick(SharedPaths.Image(path), "-coalesce");
    }

    [Fact]
    public void Frame_smaller_than_the_screen_is_transparent_outside()
    {
        PixelBuffer ours = DecodingFixtures.AssertMatchesMagick(SharedPaths.Image("gif/animated_5frames_mixed_disposal_32x32.gif"), "-coalesce");
        Assert.True(ours.HasAlpha);
        Assert.Equal(0, ours.GetRow(0)[3]);
    }

    [Fact]
    public void Interlaced_gif_from_ImageMagick_matches()
    {
        string path = DecodingFixtures.Generate("interlaced.gif", "-size", "53x41", "plasma:", "-interlace", "GIF");
        Assert.Equal(0x40, ImageDescriptorFlags(path) & 0x40); // ImageMagick really wrote an interlaced frame
        DecodingFixtures.AssertMatchesMagick(path, "-coalesce");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Lzw_table_grows_to_12_bits_with_and_without_a_clear_code(bool deferredClear)
    {
        var random = new Random(7);
        var indices = new byte[150 * 120];
        random.NextBytes(indices);
        var gif = new GifBytes { ScreenWidth = 150, ScreenHeight = 120, FrameWidth = 150, FrameHeight = 120, GlobalTable = Palette(256), DeferredClear = deferredClear };
        List<(int Code, int Bits)> codes = gif.Encode(indices);
        Assert.Contains(codes, c => c.Bits == 12);
        Assert.Equal(deferredClear, codes.Count(c => c.Code == 256) == 1); // deferred: only the initial clear code

        byte[] file = gif.Build(codes);
        PixelBuffer ours = AssertMatchesMagick(file);
        Assert.False(ours.HasAlpha);
        for (int i = 0; i < indices.Length; i++)
        {
            Assert.Equal(indices[i], ours.Data[i * 3]); // palette entry i is (i, 255 - i, i / 2)
        }
    }

    [Fact]
    public void Small_code_size_with_transparency_and_offset_frame_matches_ImageMagick()
    {
        byte[] indices = Enumerable.Range(0, 7 * 5).Select(i => (byte)(i % 4)).ToArray();
        var gif = new GifBytes
        {
            ScreenWidth = 10, ScreenHeight = 8, Left = 2, Top = 1, FrameWidth = 7, FrameHeight = 5,
            GlobalTable = Palette(4), BackgroundIndex = 1, TransparentIndex = 2, MinimumCodeSize = 2,
        };
        PixelBuffer ours = AssertMatchesMagick(gif.Build(indices));
        Assert.True(ours.HasAlpha);
    }

    [Fact]
    public void Lzw_data_with_fewer_pixels_than_the_frame_is_corrupt()
    {
        var gif = new GifBytes { ScreenWidth = 4, ScreenHeight = 4, FrameWidth = 4, FrameHeight = 4, GlobalTable = Palette(4), MinimumCodeSize = 2 };
        byte[] earlyEnd = gif.Build([(4, 3), (1, 3), (2, 3), (5, 3)]); // clear, two pixels, end code
        byte[] noEnd = gif.Build([(4, 3), (1, 3), (2, 3)]);
        Assert.Throws<CorruptImageDataException>(() => Decode(earlyEnd));
        Assert.Throws<CorruptImageDataException>(() => Decode(noEnd));
    }

    [Fact]
    public void Lzw_data_too_short_for_a_large_frame_is_rejected_before_allocating()
    {
        var gif = new GifBytes { ScreenWidth = 10_000, ScreenHeight = 10_000, FrameWidth = 10_000, FrameHeight = 10_000, GlobalTable = Palette(4), MinimumCodeSize = 2 };
        byte[] file = gif.Build([(4, 3), (1, 3), (5, 3)]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<CorruptImageDataException>(() => Decode(file));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000_000);
    }

    [Fact]
    public void Lzw_code_beyond_the_table_is_corrupt()
    {
        var gif = new GifBytes { ScreenWidth = 4, ScreenHeight = 4, FrameWidth = 4, FrameHeight = 4, GlobalTable = Palette(4), MinimumCodeSize = 2 };
        byte[] file = gif.Build([(4, 3), (1, 3), (7, 3), (5, 3)]); // after one literal only code 6 may be defined
        Assert.Throws<CorruptImageDataException>(() => Decode(file));
    }

    [Fact]
    public void Gif_without_an_image_is_corrupt()
    {
        byte[] file = [.. "GIF89a"u8, 1, 0, 1, 0, 0, 0, 0, 0x3B];
        Assert.Throws<CorruptImageDataException>(() => Decode(file));
    }

    [Fact]
    public void Static_gif_cut_inside_its_image_data_is_corrupt()
    {
        Assert.Throws<CorruptImageDataException>(() => Decode(File.ReadAllBytes(SharedPaths.Image("corrupt/gif_static_truncated_50pct.gif"))));
    }

    [Fact]
    public void Pixel_limit_is_checked_before_decoding()
    {
        var gif = new GifBytes { ScreenWidth = 60_000, ScreenHeight = 60_000, FrameWidth = 1, FrameHeight = 1, GlobalTable = Palette(2), MinimumCodeSize = 2 };
        Assert.Throws<ImageTooLargeException>(() => Decode(gif.Build([0])));
        var frame = new GifBytes { ScreenWidth = 2, ScreenHeight = 2, FrameWidth = 60_000, FrameHeight = 60_000, GlobalTable = Palette(2), MinimumCodeSize = 2 };
        Assert.Throws<ImageTooLargeException>(() => Decode(frame.Build([0])));
    }

    private static byte[] Palette(int entries) =>
        Enumerable.Range(0, entries).SelectMany(i => new[] { (byte)i, (byte)(255 - i), (byte)(i / 2) }).ToArray();

    private static int ImageDescriptorFlags(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        int position = 13 + ((file[10] & 0x80) != 0 ? 3 << ((file[10] & 7) + 1) : 0);
        while (file[position] == 0x21)
        {
            position += 2;
            while (file[position] != 0)
            {
                position += file[position] + 1;
            }

            position++;
        }

        Assert.Equal(0x2C, file[position]);
        return file[position + 9];
    }

    private static PixelBuffer Decode(byte[] gif) => BuiltInImageEngine.Instance.Decode(gif, DecodeOptions.Default, "test.gif");

    private static PixelBuffer AssertMatchesMagick(byte[] gif)
    {
        PixelBuffer ours = Decode(gif);
        RawImage reference = ReferenceTools.Run("convert", ["gif:-[0]", "-coalesce", "-depth", "8", "-alpha", "on", "pam:-"], gif) is { } pam
            ? Netpbm.Parse(pam)
            : throw new InvalidOperationException();
        Assert.Equal(0, ImageCompare.MaxDifference(reference, ours));
        return ours;
    }
}
