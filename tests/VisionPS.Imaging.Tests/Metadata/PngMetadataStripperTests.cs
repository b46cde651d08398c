using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using VisionPS.Imaging;
using VisionPS.Imaging.Tests.TestSupport;

namespace VisionPS.Imaging.Tests.Metadata;

/// <summary>PNG chunks spliced in by the test are dropped or kept as the spec of <see cref="IImageEngine.StripMetadata"/> says.</summary>
public sealed class PngMetadataStripperTests
{
    private const int AfterHeader = 8 + 25; // signature + IHDR chunk

    [Fact]
    public void Text_exif_and_time_chunks_are_dropped_and_pixels_unchanged()
    {
        byte[] original = File.ReadAllBytes(SharedPaths.Image("png/rgba_8bit_basn6a08.png"));
        byte[] spliced = MetadataProbe.Splice(
            original,
            AfterHeader,
            SyntheticImages.PngChunk("tEXt", Encoding.Latin1.GetBytes("Comment\0secret comment")),
            SyntheticImages.PngChunk("zTXt", [.. Encoding.Latin1.GetBytes("Author\0\0"), .. Deflate("zipped secret")]),
            SyntheticImages.PngChunk("iTXt", Encoding.UTF8.GetBytes("XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description xmlns:xmp='http://ns.adobe.com/xap/1.0/'/></rdf:RDF></x:xmpmeta>")),
            SyntheticImages.PngChunk("eXIf", MetadataProbe.ExifWithGps()[6..]),
            SyntheticImages.PngChunk("tIME", [0x07, 0xE8, 1, 2, 3, 4, 5]),
            SyntheticImages.PngChunk("prVt", "private"u8.ToArray()));
        spliced = MetadataProbe.Splice(spliced, spliced.Length - 12, SyntheticImages.PngChunk("tEXt", Encoding.Latin1.GetBytes("Software\0late secret")));
        HashSet<string> before = MetadataProbe.MagickFindings(spliced);
        Assert.Contains("comment", before);

        // ImageMagick 6.9 does not report eXIf or iTXt XMP, so those are checked at the byte level.

        byte[] stripped = BuiltInImageEngine.Instance.StripMetadata(spliced, "meta.png");

        Assert.Equal(ChunkTypes(original), ChunkTypes(stripped));
        Assert.Equal(original, stripped);
        Assert.False(MetadataProbe.Contains(stripped, MetadataProbe.GpsLatitudeBytes()));
        HashSet<string> after = MetadataProbe.MagickFindings(stripped);
        Assert.DoesNotContain("comment", after);
        Assert.DoesNotContain("exif", after);
        Assert.DoesNotContain("xmp", after);
        Assert.Equal(ReferenceTools.MagickRgba(spliced).Data, ReferenceTools.MagickRgba(stripped).Data);
    }

    [Fact]
    public void A_critical_chunk_with_a_bad_crc_is_refused_because_the_pixels_are_not_decoded_on_this_path()
    {
        string path = SharedPaths.Image("corrupt/png_bad_idat_crc_xcsn0g01.png");

        var error = Assert.Throws<CorruptImageDataException>(() => BuiltInImageEngine.Instance.StripMetadata(File.ReadAllBytes(path), path));

        Assert.Contains("CRC of the IDAT chunk", error.Message);
        Assert.Contains("xcsn0g01.png", error.Message);
    }

    [Fact]
    public void ImageMagick_legacy_exif_text_chunk_is_dropped()
    {
        byte[] original = File.ReadAllBytes(SharedPaths.Image("exif/png_legacy_exif_orientation_3_512x512.png"));
        Assert.Contains("exif", MetadataProbe.MagickFindings(original));

        byte[] stripped = BuiltInImageEngine.Instance.StripMetadata(original, null);

        Assert.DoesNotContain("exif", MetadataProbe.MagickFindings(stripped));
        Assert.False(MetadataProbe.Contains(stripped, "Raw profile type"));
        Assert.DoesNotContain("tEXt", ChunkTypes(stripped));
        Assert.Equal(ReferenceTools.MagickRgba(original).Data, ReferenceTools.MagickRgba(stripped).Data);
    }

    [Theory]
    [InlineData("png/photo_rgb16_icc_149x227.png")]
    [InlineData("png/trns_palette_tbbn3p08.png")]
    [InlineData("png/trns_rgb_tbrn2c08.png")]
    [InlineData("png/adam7_palette_8bit_basi3p08.png")]
    public void Colour_and_transparency_chunks_are_kept(string name)
    {
        byte[] original = File.ReadAllBytes(SharedPaths.Image(name));
        string[] keptTypes = ["IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "bKGD", "pHYs"];

        byte[] stripped = BuiltInImageEngine.Instance.StripMetadata(original, name);

        Assert.Equal(ChunkTypes(original).Where(keptTypes.Contains), ChunkTypes(stripped));
        Assert.Equal(MetadataProbe.MagickFindings(original).Contains("icc"), MetadataProbe.MagickFindings(stripped).Contains("icc"));
        Assert.Equal(ReferenceTools.MagickRgba(original).Data, ReferenceTools.MagickRgba(stripped).Data);
    }

    [Fact]
    public void APNG_animation_chunks_are_kept()
    {
        byte[] original = File.ReadAllBytes(SharedPaths.Image("png/rgba_8bit_basn6a08.png"));
        byte[] actl = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(actl, 1);
        byte[] fctl = new byte[26];
        BinaryPrimitives.WriteUInt32BigEndian(fctl.AsSpan(4), 32);
        BinaryPrimitives.WriteUInt32BigEndian(fctl.AsSpan(8), 32);
        fctl[21] = 1;
        int firstIdat = original.AsSpan().IndexOf("IDAT"u8) - 4;
        byte[] apng = MetadataProbe.Splice(original, firstIdat, SyntheticImages.PngChunk("acTL", actl), SyntheticImages.PngChunk("fcTL", fctl), SyntheticImages.PngChunk("tEXt", "Title\0x"u8.ToArray()));

        byte[] stripped = BuiltInImageEngine.Instance.StripMetadata(apng, "anim.png");

        Assert.Equal(MetadataProbe.Splice(original, firstIdat, SyntheticImages.PngChunk("acTL", actl), SyntheticImages.PngChunk("fcTL", fctl)), stripped);
    }

    [Fact]
    public void Truncated_PNG_is_reported_as_corrupt()
    {
        byte[] data = File.ReadAllBytes(SharedPaths.Image("corrupt/png_truncated_50pct.png"));

        Assert.ThrowsAny<ImageFormatException>(() => BuiltInImageEngine.Instance.StripMetadata(data, "cut.png"));
    }

    internal static List<string> ChunkTypes(byte[] png)
    {
        var types = new List<string>();
        for (int pos = 8; pos + 8 <= png.Length;)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos));
            types.Add(Encoding.ASCII.GetString(png, pos + 4, 4));
            pos += 12 + length;
        }

        return types;
    }

    private static byte[] Deflate(string text)
    {
        var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(Encoding.Latin1.GetBytes(text));
        }

        return buffer.ToArray();
    }
}
