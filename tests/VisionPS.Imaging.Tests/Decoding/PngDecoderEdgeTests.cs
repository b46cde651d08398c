using VisionPS.Imaging;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.Decoding;

public sealed class PngDecoderEdgeTests
{
    // 4x1 gray 16-bit: only the exact 16-bit key is transparent, not its 8-bit neighbours.
    [Fact]
    public void Gray16_colour_key_is_compared_at_16_bits()
    {
        byte[] raw = [0, 0x12, 0x34, 0x12, 0x35, 0x12, 0x00, 0xFF, 0xFF];
        byte[] png = new PngBytes().Chunk("IHDR", PngBytes.Ihdr(4, 1, 16, 0)).Chunk("tRNS", [0x12, 0x34]).Chunk("IDAT", PngBytes.Zlib(raw)).End();
        PixelBuffer ours = AssertMatchesMagick(png);
        Assert.Equal(new byte[] { 0, 255, 255, 255 }, AlphaOf(ours));
    }

    [Fact]
    public void Rgb16_colour_key_is_compared_at_16_bits()
    {
        byte[] raw = [0, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 7];
        byte[] png = new PngBytes().Chunk("IHDR", PngBytes.Ihdr(2, 1, 16, 2)).Chunk("tRNS", [1, 2, 3, 4, 5, 6]).Chunk("IDAT", PngBytes.Zlib(raw)).End();
        PixelBuffer ours = AssertMatchesMagick(png);
        Assert.Equal(new byte[] { 0, 255 }, AlphaOf(ours));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Low_depth_gray_colour_key_matches_ImageMagick(int depth)
    {
        // 8 pixels counting 0, 1, ... wrapped to the depth; key 1.
        var samples = Enumerable.Range(0, 8).Select(i => i % (1 << depth)).ToArray();
        var row = new byte[((8 * depth) + 7) / 8];
        for (int i = 0; i < 8; i++)
        {
            int bit = i * depth;
            row[bit / 8] |= (byte)(samples[i] << (8 - depth - (bit % 8)));
        }

        byte[] png = new PngBytes().Chunk("IHDR", PngBytes.Ihdr(8, 1, depth, 0)).Chunk("tRNS", [0, 1]).Chunk("IDAT", PngBytes.Zlib([0, .. row])).End();
        PixelBuffer ours = AssertMatchesMagick(png);
        Assert.Equal(samples.Select(s => s == 1 ? (byte)0 : (byte)255), AlphaOf(ours));
    }

    [Fact]
    public void Palette_trns_and_every_filter_match_ImageMagick()
    {
        // 4 rows of 4 palette pixels, filtered Sub, Up, Paeth and Average.
        byte[] raw = [1, 0, 1, 1, 1, 2, 0, 0, 0, 0, 4, 1, 0, 0, 0, 3, 2, 0, 1, 0];
        byte[] plte = [255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9];
        byte[] png = new PngBytes().Chunk("IHDR", PngBytes.Ihdr(4, 4, 8, 3)).Chunk("PLTE", plte).Chunk("tRNS", [0, 128])
            .Chunk("IDAT", PngBytes.Zlib(raw)).End();
        PixelBuffer ours = AssertMatchesMagick(png);
        Assert.True(ours.HasAlpha);
    }

    [Fact]
    public void Idat_split_into_one_byte_chunks_and_ancillary_chunks_with_bad_crc_decode()
    {
        byte[] raw = Enumerable.Range(0, 4).SelectMany(y => new byte[] { 0 }.Concat(Enumerable.Range(0, 15).Select(x => (byte)(x * 17 + y)))).ToArray();
        byte[] zlib = PngBytes.Zlib(raw);
        var builder = new PngBytes().Chunk("IHDR", PngBytes.Ihdr(5, 4, 8, 2)).Chunk("gAMA", [0, 1, 0x86, 0xA0])
            .Chunk("tEXt", "Comment\0x"u8.ToArray(), corruptCrc: true).Chunk("tRNS", [0, 0, 0, 17, 0, 34], corruptCrc: true);
        foreach (byte b in zlib)
        {
            builder.Chunk("IDAT", [b]);
        }

        PixelBuffer ours = AssertMatchesMagick(builder.End());
        Assert.False(ours.HasAlpha); // the tRNS with the bad CRC is ignored
        Assert.Equal(raw[1..16], ours.GetRow(0).ToArray());
    }

    [Fact]
    public void Apng_decodes_the_default_image()
    {
        byte[] fctl = new byte[26];
        fctl[7] = 2; // width 2
        fctl[11] = 1; // height 1
        byte[] png = new PngBytes().Chunk("IHDR", PngBytes.Ihdr(2, 1, 8, 0)).Chunk("acTL", [0, 0, 0, 2, 0, 0, 0, 0])
            .Chunk("fcTL", fctl).Chunk("IDAT", PngBytes.Zlib([0, 10, 20]))
            .Chunk("fcTL", fctl).Chunk("fdAT", [0, 0, 0, 2, .. PngBytes.Zlib([0, 200, 210])]).End();
        PixelBuffer ours = AssertMatchesMagick(png);
        Assert.Equal(new byte[] { 10, 10, 10, 20, 20, 20 }, ours.Data);
    }

    [Fact]
    public void A_decompression_bomb_inflates_only_what_IHDR_implies()
    {
        // 16x16 gray, followed in the same zlib stream by 200 MB of zeros.
        var raw = new byte[(17 * 16) + 200_000_000];
        byte[] png = new PngBytes().Chunk("IHDR", PngBytes.Ihdr(16, 16, 8, 0)).Chunk("IDAT", PngBytes.Zlib(raw)).End();
        long before = GC.GetAllocatedBytesForCurrentThread();
        PixelBuffer ours = Decode(png);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(16 * 16 * 3, ours.Data.Length);
        Assert.True(allocated < 4_000_000, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Idat_too_short_for_a_large_header_is_rejected_before_allocating()
    {
        byte[] png = new PngBytes().Chunk("IHDR", PngBytes.Ihdr(10_000, 10_000, 8, 6)).Chunk("IDAT", PngBytes.Zlib(new byte[1000])).End();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<CorruptImageDataException>(() => Decode(png));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000_000);
    }

    [Fact]
    public void Too_little_image_data_is_corrupt()
    {
        byte[] png = new PngBytes().Chunk("IHDR", PngBytes.Ihdr(16, 16, 8, 0)).Chunk("IDAT", PngBytes.Zlib(new byte[17 * 15])).End();
        Assert.Throws<CorruptImageDataException>(() => Decode(png));
    }

    [Fact]
    public void Filter_type_5_is_corrupt()
    {
        byte[] png = new PngBytes().Chunk("IHDR", PngBytes.Ihdr(1, 1, 8, 0)).Chunk("IDAT", PngBytes.Zlib([5, 0])).End();
        Assert.Throws<CorruptImageDataException>(() => Decode(png));
    }

    [Fact]
    public void Bad_ihdr_or_plte_crc_is_corrupt()
    {
        byte[] badHeader = new PngBytes().Chunk("IHDR", PngBytes.Ihdr(1, 1, 8, 0), corruptCrc: true).Chunk("IDAT", PngBytes.Zlib([0, 0])).End();
        byte[] badPalette = new PngBytes().Chunk("IHDR", PngBytes.Ihdr(1, 1, 8, 3)).Chunk("PLTE", [1, 2, 3], corruptCrc: true).Chunk("IDAT", PngBytes.Zlib([0, 0])).End();
        Assert.Throws<CorruptImageDataException>(() => Decode(badHeader));
        Assert.Throws<CorruptImageDataException>(() => Decode(badPalette));
    }

    [Fact]
    public void Palette_image_without_plte_is_corrupt()
    {
        byte[] png = new PngBytes().Chunk("IHDR", PngBytes.Ihdr(1, 1, 8, 3)).Chunk("IDAT", PngBytes.Zlib([0, 0])).End();
        Assert.Throws<CorruptImageDataException>(() => Decode(png));
    }

    [Fact]
    public void Unknown_critical_chunk_is_unsupported()
    {
        byte[] png = new PngBytes().Chunk("IHDR", PngBytes.Ihdr(1, 1, 8, 0)).Chunk("ABCD", [1]).Chunk("IDAT", PngBytes.Zlib([0, 0])).End();
        Assert.Throws<UnsupportedImageFeatureException>(() => Decode(png));
    }

    [Fact]
    public void Missing_iend_after_complete_data_still_decodes()
    {
        byte[] png = new PngBytes().Chunk("IHDR", PngBytes.Ihdr(1, 1, 8, 0)).Chunk("IDAT", PngBytes.Zlib([0, 77])).WithoutEnd();
        Assert.Equal(new byte[] { 77, 77, 77 }, Decode(png).Data);
    }

    [Theory]
    [InlineData(100_000, 100_000, 120_000_000L)]
    [InlineData(2_000, 2_000, 1_000_000L)]
    public void Pixel_limit_is_checked_before_decoding(int width, int height, long maxPixels)
    {
        byte[] png = new PngBytes().Chunk("IHDR", PngBytes.Ihdr(width, height, 16, 6)).Chunk("IDAT", PngBytes.Zlib([0])).End();
        var options = new DecodeOptions { MaxPixels = maxPixels };
        Assert.Throws<ImageTooLargeException>(() => BuiltInImageEngine.Instance.Decode(png, options, "big.png"));
    }

    [Theory]
    [InlineData("corrupt/png_truncated_50pct.png")]
    [InlineData("corrupt/png_bad_idat_crc_xcsn0g01.png")]
    public void Corrupt_manifest_pngs_are_rejected(string path)
    {
        Assert.Throws<CorruptImageDataException>(() => Decode(File.ReadAllBytes(SharedPaths.Image(path))));
    }

    private static PixelBuffer Decode(byte[] png) => BuiltInImageEngine.Instance.Decode(png, DecodeOptions.Default, "test.png");

    private static PixelBuffer AssertMatchesMagick(byte[] png)
    {
        PixelBuffer ours = Decode(png);
        RawImage reference = DecodingFixtures.WithoutGrayAlpha(ReferenceTools.MagickRgba(png));
        Assert.Equal(0, ImageCompare.MaxDifference(reference, ours));
        return ours;
    }

    private static byte[] AlphaOf(PixelBuffer pixels)
    {
        Assert.True(pixels.HasAlpha);
        return pixels.Data.Where((_, i) => i % 4 == 3).ToArray();
    }
}
