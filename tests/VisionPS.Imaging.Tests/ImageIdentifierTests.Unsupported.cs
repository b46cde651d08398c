using VisionPS.Imaging;

namespace VisionPS.Imaging.Tests;

/// <summary>Formats that are recognised but refused (HEIC, AVIF, TIFF) and data that is no image at all.</summary>
public partial class ImageIdentifierTests
{
    [Theory]
    [InlineData("heic", new[] { "mif1", "heic" }, ImageFormat.Heic)]
    [InlineData("heix", new[] { "mif1", "heix" }, ImageFormat.Heic)]
    [InlineData("mif1", new[] { "mif1", "heic" }, ImageFormat.Heic)]
    [InlineData("msf1", new[] { "msf1", "hevc" }, ImageFormat.Heic)]
    [InlineData("mif1", new[] { "mif1" }, ImageFormat.Heic)]
    [InlineData("avif", new[] { "avif", "mif1", "miaf" }, ImageFormat.Avif)]
    [InlineData("avis", new[] { "avis", "msf1" }, ImageFormat.Avif)]
    [InlineData("mif1", new[] { "mif1", "miaf", "avif" }, ImageFormat.Avif)]
    public void Identify_HeifFileType_IsUnsupportedWithConversionAdvice(string major, string[] compatible, ImageFormat expected)
    {
        byte[] bytes = [.. SyntheticImages.FileType(major, compatible), .. SyntheticImages.Box("mdat", false, new byte[16])];
        Assert.Equal(expected, ImageIdentifier.DetectFormat(bytes));

        var unsupported = Assert.Throws<UnsupportedImageFormatException>(() => ImageIdentifier.Identify(bytes, "IMG_0001.heic"));

        Assert.Equal(expected, unsupported.Format);
        Assert.Equal("IMG_0001.heic", unsupported.SourceName);
        Assert.StartsWith("'IMG_0001.heic' is a", unsupported.Message);
        Assert.Contains("Convert it", unsupported.Message);
        Assert.Contains("magick \"IMG_0001.heic\" \"IMG_0001.jpg\"", unsupported.Message);
    }

    [Theory]
    [InlineData("isom", new[] { "isom", "iso2", "mp41" })]
    [InlineData("qt  ", new string[0])]
    public void Identify_OtherIsoBmffFile_IsUnknown(string major, string[] compatible)
    {
        byte[] bytes = SyntheticImages.FileType(major, compatible);

        Assert.Equal(ImageFormat.Unknown, ImageIdentifier.DetectFormat(bytes));
        Assert.Throws<UnknownImageFormatException>(() => ImageIdentifier.Identify(bytes));
    }

    [Fact]
    public void Identify_HeicWithPrimaryItemExtents_PutsTheSizeInTheMessage()
    {
        var unsupported = Assert.Throws<UnsupportedImageFormatException>(() => ImageIdentifier.Identify(SyntheticImages.HeicWithExtents(paddingInMeta: 0)));

        Assert.Equal((4032, 3024), (unsupported.Width, unsupported.Height));
        Assert.StartsWith("The image data is a HEIC image (4032x3024)", unsupported.Message);
        Assert.Contains("magick \"in.heic\" \"out.jpg\"", unsupported.Message);
    }

    [Fact]
    public void IdentifyStream_HeicWithLargeMetaBox_ReadsTheSizeLikeTheSpanOverload()
    {
        byte[] heic = SyntheticImages.HeicWithExtents(paddingInMeta: 10_000);

        var fromStream = Assert.Throws<UnsupportedImageFormatException>(() => ImageIdentifier.Identify(new TrickleReadStream(heic, maxChunk: 1000)));

        Assert.Equal((4032, 3024), (fromStream.Width, fromStream.Height));
        Assert.Equal(Assert.Throws<UnsupportedImageFormatException>(() => ImageIdentifier.Identify(heic)).Message, fromStream.Message);
    }

    [Fact]
    public void Identify_AvifWithoutItemProperties_HasNoSize()
    {
        byte[] bytes = [.. SyntheticImages.FileType("avif", "avif", "mif1", "miaf"), .. SyntheticImages.Box("meta", true)];

        var unsupported = Assert.Throws<UnsupportedImageFormatException>(() => ImageIdentifier.Identify(bytes, "a.avif"));

        Assert.Equal(ImageFormat.Avif, unsupported.Format);
        Assert.Equal((0, 0), (unsupported.Width, unsupported.Height));
        Assert.StartsWith("'a.avif' is an AVIF image, a format", unsupported.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x49, 0x49, 0x2B, 0x00, 8, 0, 0, 0 })]
    [InlineData(new byte[] { 0x4D, 0x4D, 0x00, 0x2B, 0, 8, 0, 0 })]
    public void Identify_BigTiff_IsUnsupported(byte[] bytes)
    {
        Assert.Equal(ImageFormat.Tiff, ImageIdentifier.DetectFormat(bytes));

        var unsupported = Assert.Throws<UnsupportedImageFormatException>(() => ImageIdentifier.Identify(bytes, "scan.tif"));

        Assert.Equal(ImageFormat.Tiff, unsupported.Format);
        Assert.Contains("magick \"scan.tif\" \"scan.png\"", unsupported.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Identify_ClassicTiff_IsSizedFromItsFirstIfd(bool littleEndian)
    {
        byte[] tiff = SyntheticImages.Tiff(littleEndian, 0, (256, 4, 1, 2480), (257, 3, 1, 3508), (258, 3, 1, 8), (0x0112, 3, 1, 6));

        ImageInfo info = ImageIdentifier.Identify(tiff, "scan.tif");

        Assert.Equal((ImageFormat.Tiff, 2480, 3508, 8, 6, 1), (info.Format, info.Width, info.Height, info.BitDepth, info.Orientation, info.FrameCount));
    }

    [Theory]
    [InlineData(new byte[] { 0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0 })]
    [InlineData(new byte[] { 0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8 })]
    [InlineData(new byte[] { 0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    public void Identify_TiffWithoutASize_IsInvalidContentNamingTheSource(byte[] bytes)
    {
        var invalid = Assert.Throws<InvalidImageContentException>(() => ImageIdentifier.Identify(bytes, "scan.tif"));

        Assert.Equal(ImageFormat.Tiff, invalid.Format);
        Assert.Contains("scan.tif", invalid.Message);
    }

    [Fact]
    public void Identify_Empty_IsUnknownAndSaysSo()
    {
        var unknown = Assert.Throws<UnknownImageFormatException>(() => ImageIdentifier.Identify([], "empty.jpg"));

        Assert.Equal(ImageFormat.Unknown, unknown.Format);
        Assert.Equal("'empty.jpg' is not an image VisionPS can read: it is empty (0 bytes). Supported formats are JPEG, PNG, GIF, WebP, BMP and TIFF; check that the path points to an image file.", unknown.Message);
    }

    [Fact]
    public void Identify_TextWithoutSourceName_CallsItTheImageData()
    {
        var unknown = Assert.Throws<UnknownImageFormatException>(() => ImageIdentifier.Identify("hello, world"u8));

        Assert.Null(unknown.SourceName);
        Assert.StartsWith("The image data is not an image VisionPS can read: its first bytes (68656C6C6F2C2077)", unknown.Message);
    }
}
