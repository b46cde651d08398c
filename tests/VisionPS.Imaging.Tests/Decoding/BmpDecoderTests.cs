using VisionPS.Imaging;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.Decoding;

public sealed class BmpDecoderTests
{
    public static TheoryData<string> ManifestBmps => DecodingFixtures.ManifestImages("bmp");

    [Theory]
    [MemberData(nameof(ManifestBmps))]
    public void Manifest_bmp_decodes_to_ImageMagick_pixels(string path)
    {
        DecodingFixtures.AssertMatchesMagick(SharedPaths.Image(path), OpaqueUnlessAlpha);
    }

    // ImageMagick leaves the opacity of BMPs it reads without alpha undefined, and "-alpha on" exposes it (a 6x6 top-down
    // file shows one transparent pixel, 32-bit BI_RGB files all of them); "-alpha set" makes those images opaque and
    // keeps real alpha.
    private static readonly string[] OpaqueUnlessAlpha = ["-alpha", "set"];

    // name, convert arguments, expected (header size, bits per pixel, compression) so we know what ImageMagick wrote.
    public static TheoryData<string, string[], int, int, int> Generated => new()
    {
        { "pal1.bmp", ["-colors", "2", "BMP3:"], 40, 1, 0 },
        { "pal4.bmp", ["-colors", "16", "BMP3:"], 40, 4, 0 },
        { "pal8.bmp", ["-colors", "200", "-compress", "None", "BMP3:"], 40, 8, 0 },
        { "rle8.bmp", ["-colors", "200", "-compress", "RLE", "BMP3:"], 40, 8, 1 },
        { "rgb24.bmp", ["BMP3:"], 40, 24, 0 },
        { "core8.bmp", ["-colors", "200", "BMP2:"], 12, 8, 0 },
        { "core24.bmp", ["BMP2:"], 12, 24, 0 },
        { "rgb565.bmp", ["-define", "bmp:subtype=RGB565", "BMP:"], 124, 16, 3 },
        { "rgb555.bmp", ["-define", "bmp:subtype=RGB555", "BMP:"], 124, 16, 3 },
        { "argb4444.bmp", ["(", "-size", "61x37", "gradient:white-none", ")", "-compose", "CopyOpacity", "-composite", "-define", "bmp:subtype=ARGB4444", "BMP:"], 124, 16, 3 },
        { "argb1555.bmp", ["(", "-size", "61x37", "gradient:white-none", ")", "-compose", "CopyOpacity", "-composite", "-define", "bmp:subtype=ARGB1555", "BMP:"], 124, 16, 3 },
        { "argb32.bmp", ["(", "-size", "61x37", "gradient:white-none", ")", "-compose", "CopyOpacity", "-composite", "BMP:"], 124, 32, 3 },
    };

    [Theory]
    [MemberData(nameof(Generated))]
    public void ImageMagick_generated_bmp_matches(string name, string[] args, int headerSize, int bitsPerPixel, int compression)
    {
        string path = DecodingFixtures.Generate(name, ["-size", "61x37", "gradient:red-blue", "-swirl", "90", .. args]);
        byte[] file = File.ReadAllBytes(path);
        int size = BitConverter.ToInt32(file, 14);
        int bpp = size == 12 ? BitConverter.ToUInt16(file, 24) : BitConverter.ToUInt16(file, 28);
        int comp = size == 12 ? 0 : BitConverter.ToInt32(file, 30);
        Assert.Equal((headerSize, bitsPerPixel, compression), (size, bpp, comp));
        PixelBuffer ours = DecodingFixtures.AssertMatchesMagick(path, OpaqueUnlessAlpha);
        Assert.Equal(name.StartsWith("argb", StringComparison.Ordinal), ours.HasAlpha);
    }

    [Fact]
    public void Rle4_with_runs_literals_delta_and_early_end_of_line_matches_ImageMagick()
    {
        // ImageMagick reads two bytes past the end-of-bitmap code (it expects it after a final end of line), hence the padding.
        // 9x4, bottom-up. Row 0: run of 5 alternating 1/2, literal 3,4,5,6, end of line. Row 1: literal of 1 (padding),
        // delta right 3 / up 1 (skips the rest of row 1 and part of row 2), run. Row 3 missing: end of bitmap.
        byte[] rle =
        [
            5, 0x12, 0, 4, 0x34, 0x56, 0, 0,
            0, 3, 0x70, 0, 0, 2, 3, 1, 4, 0xAB, 0, 0,
            0, 1, 0, 0,
        ];
        byte[] file = BmpBytes.Build(9, 4, 4, 2, BmpBytes.Palette(16), rle);
        AssertMatchesMagick(file);
    }

    [Fact]
    public void Rle8_with_delta_and_odd_literal_matches_ImageMagick()
    {
        byte[] rle = [3, 7, 0, 3, 1, 2, 3, 0, 0, 2, 2, 1, 2, 9, 0, 0, 6, 4, 0, 1, 0, 0];
        byte[] file = BmpBytes.Build(6, 4, 8, 1, BmpBytes.Palette(10), rle);
        AssertMatchesMagick(file);
    }

    [Fact]
    public void Top_down_rows_match_ImageMagick()
    {
        byte[] rows = Enumerable.Range(0, 3 * 8).Select(i => (byte)(i * 10)).ToArray(); // 2x3 24-bit, rows padded to 8 bytes
        byte[] file = BmpBytes.Build(2, -3, 24, 0, [], rows);
        PixelBuffer ours = AssertMatchesMagick(file);
        Assert.Equal(new byte[] { 20, 10, 0 }, ours.GetRow(0)[..3].ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bmp3_32bit_uses_the_fourth_byte_only_when_some_pixel_sets_it(bool someAlpha)
    {
        byte[] pixels = [10, 20, 30, 0, 40, 50, 60, (byte)(someAlpha ? 128 : 0)];
        PixelBuffer ours = AssertMatchesMagick(BmpBytes.Build(2, 1, 32, 0, [], pixels));
        Assert.Equal(someAlpha, ours.HasAlpha);
    }

    [Fact]
    public void Bitfields_with_a_40_byte_header_match_ImageMagick()
    {
        // 32-bit 10-10-10 masks: fields wider than 8 bits keep their top bits.
        uint[] masks = [0x3FF00000, 0x000FFC00, 0x000003FF];
        byte[] pixels = [0xFF, 0x03, 0xF0, 0x3F, 0x01, 0x02, 0x03, 0x04];
        AssertMatchesMagick(BmpBytes.Build(2, 1, 32, 3, [], pixels, masks));
    }

    // 3x2 pixels of 16 or 32 bits with masks inside V2 (52), V3 (56) and V4 (108) headers, and 16-bit BI_RGB (5-5-5).
    [Theory]
    [InlineData(52, 16, 3, new uint[] { 0xF800, 0x07E0, 0x001F })]
    [InlineData(56, 16, 3, new uint[] { 0x0F00, 0x00F0, 0x000F, 0xF000 })]
    [InlineData(108, 32, 3, new uint[] { 0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000 })]
    [InlineData(108, 32, 3, new uint[] { 0x000000FF, 0x0000FF00, 0x00FF0000, 0 })]
    [InlineData(40, 16, 0, null)]
    public void Header_versions_and_masks_match_ImageMagick(int headerSize, int bitsPerPixel, uint compression, uint[]? masks)
    {
        int stride = ((3 * bitsPerPixel) + 31) / 32 * 4;
        byte[] pixels = Enumerable.Range(0, stride * 2).Select(i => (byte)((i * 73) + 19)).ToArray();
        // ImageMagick reads an alpha mask from the 4 bytes after a 52-byte header (the V2 header has none), so 4 zero
        // bytes go there instead of pixels; our decoder gives V2 no alpha.
        byte[] gap = headerSize == 52 ? new byte[4] : [];
        byte[] file = BmpBytes.Build(3, 2, bitsPerPixel, compression, gap, pixels, masks, headerSize);
        AssertMatchesMagick(file);
    }

    [Fact]
    public void Embedded_jpeg_is_unsupported()
    {
        byte[] file = BmpBytes.Build(2, 2, 0, 4, [], [0xFF, 0xD8, 0xFF, 0xD9]);
        Assert.Throws<UnsupportedImageFeatureException>(() => Decode(file));
    }

    [Fact]
    public void Truncated_pixel_data_is_corrupt()
    {
        Assert.Throws<CorruptImageDataException>(() => Decode(File.ReadAllBytes(SharedPaths.Image("corrupt/bmp_truncated_50pct.bmp"))));
        byte[] rle = [3, 7, 0, 3, 1, 2]; // the data ends inside an absolute run
        Assert.Throws<CorruptImageDataException>(() => Decode(BmpBytes.Build(6, 4, 8, 1, BmpBytes.Palette(10), rle)));
    }

    [Fact]
    public void Pixel_limit_is_checked_before_decoding()
    {
        byte[] file = BmpBytes.Build(50_000, 50_000, 24, 0, [], [1, 2, 3]);
        Assert.Throws<ImageTooLargeException>(() => Decode(file));
    }

    private static PixelBuffer Decode(byte[] bmp) => BuiltInImageEngine.Instance.Decode(bmp, DecodeOptions.Default, "test.bmp");

    private static PixelBuffer AssertMatchesMagick(byte[] bmp)
    {
        PixelBuffer ours = Decode(bmp);
        RawImage reference = ReferenceTools.Run("convert", ["bmp:-[0]", .. OpaqueUnlessAlpha, "-depth", "8", "-alpha", "on", "pam:-"], bmp) is { } pam
            ? Netpbm.Parse(pam)
            : throw new InvalidOperationException();
        Assert.Equal(0, ImageCompare.MaxDifference(reference, ours));
        return ours;
    }
}
