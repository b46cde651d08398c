using VisionPS.Imaging;

namespace VisionPS.Imaging.Tests;

/// <summary>Per-format cases built in code: EXIF byte orders, APNG, legacy PNG EXIF, odd sizes, corrupt fields.</summary>
public partial class ImageIdentifierTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Identify_JpegWithExifOrientation6_ReportsItInEitherByteOrder(bool littleEndian)
    {
        byte[] jpeg = SyntheticImages.Jpeg(40, 30, SyntheticImages.ExifOrientation(6, littleEndian));

        ImageInfo info = ImageIdentifier.Identify(jpeg);

        Assert.Equal(new ImageInfo(ImageFormat.Jpeg, 40, 30) { Orientation = 6, BitDepth = 8, IsLossy = true }, info);
        Assert.Equal((30, 40), (info.DisplayWidth, info.DisplayHeight));
    }

    [Theory]
    [InlineData(0xC2, 8)]
    [InlineData(0xC1, 12)]
    [InlineData(0xC3, 16)]
    [InlineData(0xC9, 8)]
    public void Identify_JpegFrameTypes_ReadSizeAndPrecision(byte sofMarker, int precision)
    {
        ImageInfo info = ImageIdentifier.Identify(SyntheticImages.Jpeg(17, 9, sofMarker: sofMarker, precision: precision));

        Assert.Equal((17, 9, precision), (info.Width, info.Height, info.BitDepth));
    }

    [Fact]
    public void Identify_JpegFrameHeaderSaysZeroByZero_IsInvalid()
    {
        var invalid = Assert.Throws<InvalidImageContentException>(() => ImageIdentifier.Identify(SyntheticImages.Jpeg(0, 0), "zero.jpg"));

        Assert.Equal(ImageFormat.Jpeg, invalid.Format);
        Assert.Equal("the SOF0 frame header gives an image size of 0x0 (each side must be 1 to 65535)", invalid.Problem);
        Assert.Contains("'zero.jpg'", invalid.Message);
    }

    [Fact]
    public void Identify_JpegCutBeforeFrameHeader_IsInvalid()
    {
        byte[] jpeg = SyntheticImages.Jpeg(40, 30);
        int frameHeader = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xC0]);

        var invalid = Assert.Throws<InvalidImageContentException>(() => ImageIdentifier.Identify(jpeg.AsSpan(0, frameHeader + 6)));

        Assert.Equal($"the data ends after {frameHeader + 6} bytes, inside the SOF0 frame header", invalid.Problem);
    }

    [Fact]
    public void Identify_JpegWithFillBytesAndStrayBytes_StillFindsTheFrameHeader()
    {
        byte[] jpeg = SyntheticImages.Jpeg(40, 30);
        int dqt = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xDB]);
        byte[] padded = [.. jpeg[..dqt], 0x00, 0x00, 0xFF, 0xFF, 0xFF, .. jpeg[dqt..]];

        ImageInfo info = ImageIdentifier.Identify(padded);

        Assert.Equal((40, 30), (info.Width, info.Height));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 }, "the image ends (EOI marker at offset 2) before any frame header (SOF) gives its size")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDA, 0, 8 }, "scan data (SOS marker at offset 2) starts before any frame header (SOF) gives the image size")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 1 }, "the APP0 segment at offset 2 has an impossible length of 1")]
    public void Identify_JpegWithoutFrameHeader_IsInvalid(byte[] jpeg, string problem)
    {
        var invalid = Assert.Throws<InvalidImageContentException>(() => ImageIdentifier.Identify(jpeg));

        Assert.Equal(problem, invalid.Problem);
    }

    [Fact]
    public void Identify_PngWithAnimationControl_IsAnimated()
    {
        ImageInfo info = ImageIdentifier.Identify(SyntheticImages.Png(20, 10, chunks: SyntheticImages.AnimationControl(3)));

        Assert.True(info.IsAnimated);
        Assert.Equal(3, info.FrameCount);
    }

    [Fact]
    public void Identify_PngAnimationControlAfterImageData_IsStatic()
    {
        byte[] png = SyntheticImages.Png(20, 10);
        int iend = png.Length - 12;
        var (type, data) = SyntheticImages.AnimationControl(3);
        byte[] late = [.. png[..iend], .. SyntheticImages.PngChunk(type, data), .. png[iend..]];

        Assert.False(ImageIdentifier.Identify(late).IsAnimated);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Identify_PngExifChunk_ReportsOrientation(bool littleEndian)
    {
        byte[] png = SyntheticImages.Png(20, 10, chunks: ("eXIf", SyntheticImages.ExifOrientation(8, littleEndian)));

        ImageInfo info = ImageIdentifier.Identify(png);

        Assert.Equal(8, info.Orientation);
        Assert.Equal((10, 20), (info.DisplayWidth, info.DisplayHeight));
    }

    public static TheoryData<string> LegacyExifChunkKinds() => ["tEXt", "zTXt", "iTXt"];

    [Theory]
    [MemberData(nameof(LegacyExifChunkKinds))]
    public void Identify_PngLegacyRawProfileExif_ReportsOrientation(string chunkType)
    {
        byte[] tiff = SyntheticImages.ExifOrientation(3, littleEndian: false);
        (string, byte[]) chunk = chunkType switch
        {
            "tEXt" => SyntheticImages.LegacyExifText(tiff),
            "zTXt" => SyntheticImages.LegacyExifCompressedText(tiff),
            _ => SyntheticImages.LegacyExifInternationalText(tiff),
        };

        byte[] png = SyntheticImages.Png(20, 10, chunks: [("tEXt", "Comment\0hello"u8.ToArray()), chunk]);

        Assert.Equal(3, ImageIdentifier.Identify(png).Orientation);
    }

    [Fact]
    public void Identify_PngWithExifChunkAndLegacyText_PrefersTheExifChunk()
    {
        byte[] png = SyntheticImages.Png(
            20,
            10,
            chunks: [SyntheticImages.LegacyExifText(SyntheticImages.ExifOrientation(3, true)), ("eXIf", SyntheticImages.ExifOrientation(6, true))]);

        Assert.Equal(6, ImageIdentifier.Identify(png).Orientation);
    }

    [Fact]
    public void Identify_PngLegacyTextWithBrokenZlib_IgnoresIt()
    {
        byte[] png = SyntheticImages.Png(20, 10, chunks: ("zTXt", [.. "Raw profile type exif\0"u8.ToArray(), 0, 0x78, 0x9C, 0xFF, 0xFF, 0x00]));

        Assert.Equal(1, ImageIdentifier.Identify(png).Orientation);
    }

    [Theory]
    [InlineData(0, 10, 8, 2, "the IHDR chunk gives an image size of 0x10 (each side must be 1 to 2147483647)")]
    [InlineData(10, 10, 16, 3, "the IHDR chunk gives colour type 3 with bit depth 16, a combination PNG does not allow")]
    [InlineData(10, 10, 8, 5, "the IHDR chunk gives colour type 5 with bit depth 8, a combination PNG does not allow")]
    public void Identify_PngImpossibleHeader_IsInvalid(int width, int height, byte bitDepth, byte colourType, string problem)
    {
        var invalid = Assert.Throws<InvalidImageContentException>(() => ImageIdentifier.Identify(SyntheticImages.Png(width, height, bitDepth, colourType)));

        Assert.Equal(problem, invalid.Problem);
    }

    [Fact]
    public void Identify_PngCutAfterHeader_StillReportsTheSize()
    {
        byte[] png = SyntheticImages.Png(20, 10, chunks: ("tEXt", "Comment\0hello"u8.ToArray()));

        ImageInfo info = ImageIdentifier.Identify(png.AsSpan(0, 40));

        Assert.Equal((20, 10), (info.Width, info.Height));
    }

    [Fact]
    public void Identify_GifWithZeroLogicalScreen_UsesTheFirstFrame()
    {
        ImageInfo info = ImageIdentifier.Identify(SyntheticImages.Gif(0, 0, frames: 1, frameWidth: 12, frameHeight: 7));

        Assert.Equal((12, 7), (info.Width, info.Height));
    }

    [Fact]
    public void Identify_GifWithTwoFramesAndNoTrailer_IsAnimated()
    {
        ImageInfo info = ImageIdentifier.Identify(SyntheticImages.Gif(16, 16, frames: 2, trailer: false));

        Assert.True(info.IsAnimated);
        Assert.Equal(2, info.FrameCount);
    }

    [Fact]
    public void Identify_GifCutInsideLogicalScreen_IsInvalid()
    {
        var invalid = Assert.Throws<InvalidImageContentException>(() => ImageIdentifier.Identify("GIF89a\u0010\0"u8));

        Assert.Equal("the data ends after 8 bytes, inside the logical screen descriptor", invalid.Problem);
    }

    [Fact]
    public void Identify_WebPExtendedWithExifChunk_ReportsOrientation()
    {
        byte[] exif = [.. "Exif\0\0"u8.ToArray(), .. SyntheticImages.ExifOrientation(5, littleEndian: true)];
        byte[] webp = SyntheticImages.WebPExtended(300, 200, flags: 0x08, ("VP8L", new byte[7]), ("EXIF", exif));

        ImageInfo info = ImageIdentifier.Identify(webp);

        Assert.Equal((300, 200, 5), (info.Width, info.Height, info.Orientation));
        Assert.False(info.IsAnimated);
    }

    [Fact]
    public void Identify_WebPExtendedAnimated_CountsFrames()
    {
        byte[] webp = SyntheticImages.WebPExtended(64, 64, flags: 0x02, ("ANIM", new byte[6]), ("ANMF", new byte[17]), ("ANMF", new byte[17]));

        ImageInfo info = ImageIdentifier.Identify(webp);

        Assert.True(info.IsAnimated);
        Assert.Equal(2, info.FrameCount);
    }

    [Fact]
    public void Identify_WebPWithUnknownFirstChunk_IsInvalid()
    {
        byte[] webp = [.. "RIFF"u8.ToArray(), 20, 0, 0, 0, .. "WEBPJUNK"u8.ToArray(), 8, 0, 0, 0, .. new byte[8]];

        var invalid = Assert.Throws<InvalidImageContentException>(() => ImageIdentifier.Identify(webp));

        Assert.Equal("the first chunk is 'JUNK', but a WebP must start with 'VP8 ', 'VP8L' or 'VP8X'", invalid.Problem);
    }

    [Fact]
    public void Identify_BmpTopDown_ReportsPositiveHeight()
    {
        ImageInfo info = ImageIdentifier.Identify(SyntheticImages.Bmp(17, -9, bitsPerPixel: 32));

        Assert.Equal(new ImageInfo(ImageFormat.Bmp, 17, 9) { BitDepth = 32 }, info);
        Assert.Equal("image/bmp", info.MimeType);
    }

    [Theory]
    [InlineData(int.MinValue, 10, 24)]
    [InlineData(10, int.MinValue, 24)]
    [InlineData(10, 0, 24)]
    [InlineData(10, 10, 7)]
    public void Identify_BmpImpossibleHeader_IsInvalid(int width, int height, int bitsPerPixel)
    {
        var invalid = Assert.Throws<InvalidImageContentException>(() => ImageIdentifier.Identify(SyntheticImages.Bmp(width, height, bitsPerPixel)));

        Assert.Equal(ImageFormat.Bmp, invalid.Format);
    }

    [Fact]
    public void Identify_BmpUnknownHeaderSize_IsInvalid()
    {
        var invalid = Assert.Throws<InvalidImageContentException>(() => ImageIdentifier.Identify(SyntheticImages.Bmp(10, 10, headerSize: 99)));

        Assert.Equal("the DIB header size is 99, which is none of the BMP header versions (12, 16-64, 108, 124)", invalid.Problem);
    }
}
