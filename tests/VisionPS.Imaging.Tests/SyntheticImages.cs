using System.IO.Compression;
using System.Text;

namespace VisionPS.Imaging.Tests;

/// <summary>Minimal files built in code: headers only, enough for identification (not for decoding).</summary>
internal static class SyntheticImages
{
    /// <summary>A TIFF header plus IFD0 at offset 8 holding the given entries (value in the 4-byte value field).</summary>
    public static byte[] Tiff(bool littleEndian, uint nextIfdOffset, params (ushort Tag, ushort Type, uint Count, uint Value)[] entries)
    {
        var tiff = new ByteBuilder();
        if (littleEndian)
        {
            tiff.Ascii("II").UInt16LE(42).UInt32LE(8).UInt16LE(entries.Length);
            foreach (var (tag, type, count, value) in entries)
            {
                // A SHORT value sits in the first two bytes of the field, in the file's byte order.
                tiff.UInt16LE(tag).UInt16LE(type).UInt32LE(count).UInt32LE(value);
            }

            return tiff.UInt32LE(nextIfdOffset).ToArray();
        }

        tiff.Ascii("MM").UInt16BE(42).UInt32BE(8).UInt16BE(entries.Length);
        foreach (var (tag, type, count, value) in entries)
        {
            tiff.UInt16BE(tag).UInt16BE(type).UInt32BE(count);
            if (type == 3)
            {
                tiff.UInt16BE((int)value).UInt16BE(0);
            }
            else
            {
                tiff.UInt32BE(value);
            }
        }

        return tiff.UInt32BE(nextIfdOffset).ToArray();
    }

    /// <summary>EXIF with IFD0 holding only Orientation (SHORT).</summary>
    public static byte[] ExifOrientation(int orientation, bool littleEndian) =>
        Tiff(littleEndian, 0, (0x0112, 3, 1, (uint)orientation));

    /// <summary>SOI, optional APP1 Exif, a DQT-shaped segment, SOF (given marker), SOS, EOI.</summary>
    public static byte[] Jpeg(int width, int height, byte[]? exifTiff = null, byte sofMarker = 0xC0, int precision = 8)
    {
        var jpeg = new ByteBuilder().Bytes(0xFF, 0xD8);
        jpeg.Bytes(0xFF, 0xE0).UInt16BE(16).Ascii("JFIF\0").Bytes(1, 1, 0).UInt16BE(1).UInt16BE(1).Bytes(0, 0);
        if (exifTiff is not null)
        {
            jpeg.Bytes(0xFF, 0xE1).UInt16BE(2 + 6 + exifTiff.Length).Ascii("Exif\0\0").Bytes(exifTiff);
        }

        jpeg.Bytes(0xFF, 0xDB).UInt16BE(67).Bytes(0).Repeat(1, 64);
        jpeg.Bytes(0xFF, sofMarker).UInt16BE(11).Bytes((byte)precision).UInt16BE(height).UInt16BE(width).Bytes(1, 1, 0x11, 0);
        jpeg.Bytes(0xFF, 0xDA).UInt16BE(8).Bytes(1, 1, 0, 0, 63, 0).Bytes(0x12, 0x34);
        return jpeg.Bytes(0xFF, 0xD9).ToArray();
    }

    /// <summary>Signature, IHDR, the given chunks, one IDAT and IEND, with correct CRCs.</summary>
    public static byte[] Png(int width, int height, byte bitDepth = 8, byte colourType = 2, params (string Type, byte[] Data)[] chunks)
    {
        var png = new ByteBuilder().Bytes(0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A);
        png.Bytes(PngChunk("IHDR", new ByteBuilder().UInt32BE((uint)width).UInt32BE((uint)height).Bytes(bitDepth, colourType, 0, 0, 0).ToArray()));
        foreach (var (type, data) in chunks)
        {
            png.Bytes(PngChunk(type, data));
        }

        png.Bytes(PngChunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
        return png.Bytes(PngChunk("IEND", [])).ToArray();
    }

    public static byte[] PngChunk(string type, byte[] data)
    {
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        return new ByteBuilder().UInt32BE((uint)data.Length).Bytes(typeAndData).UInt32BE(Crc32(typeAndData)).ToArray();
    }

    /// <summary>acTL: num_frames, num_plays.</summary>
    public static (string, byte[]) AnimationControl(uint frames) => ("acTL", new ByteBuilder().UInt32BE(frames).UInt32BE(0).ToArray());

    /// <summary>ImageMagick's "Raw profile type exif" text: "\nexif\n  length\nHEX...\n".</summary>
    public static byte[] RawExifProfileText(byte[] tiff)
    {
        byte[] profile = [.. "Exif\0\0"u8.ToArray(), .. tiff];
        string hex = Convert.ToHexString(profile).ToLowerInvariant();
        var lines = Enumerable.Range(0, (hex.Length + 71) / 72).Select(i => hex.Substring(i * 72, Math.Min(72, hex.Length - (i * 72))));
        return Encoding.ASCII.GetBytes($"\nexif\n{profile.Length,8}\n{string.Join("\n", lines)}\n");
    }

    public static (string, byte[]) LegacyExifText(byte[] tiff) =>
        ("tEXt", [.. "Raw profile type exif\0"u8.ToArray(), .. RawExifProfileText(tiff)]);

    public static (string, byte[]) LegacyExifCompressedText(byte[] tiff) =>
        ("zTXt", [.. "Raw profile type exif\0"u8.ToArray(), 0, .. ZlibCompress(RawExifProfileText(tiff))]);

    public static (string, byte[]) LegacyExifInternationalText(byte[] tiff) =>
        ("iTXt", [.. "Raw profile type exif\0"u8.ToArray(), 1, 0, 0, 0, .. ZlibCompress(RawExifProfileText(tiff))]);

    /// <summary>GIF89a with a global colour table and the given frames (each one LZW sub-block), then the trailer.</summary>
    public static byte[] Gif(int screenWidth, int screenHeight, int frames, int frameWidth = 4, int frameHeight = 4, bool trailer = true)
    {
        var gif = new ByteBuilder().Ascii("GIF89a").UInt16LE(screenWidth).UInt16LE(screenHeight).Bytes(0x80, 0, 0).Repeat(0, 6);
        for (int i = 0; i < frames; i++)
        {
            gif.Bytes(0x21, 0xF9, 4, 0, 10, 0, 0, 0); // graphic control extension
            gif.Bytes(0x2C).UInt16LE(0).UInt16LE(0).UInt16LE(frameWidth).UInt16LE(frameHeight).Bytes(0);
            gif.Bytes(2, 2, 0x4C, 0x01, 0); // LZW minimum code size, one 2-byte sub-block, terminator
        }

        return trailer ? gif.Bytes(0x3B).ToArray() : gif.ToArray();
    }

    /// <summary>RIFF/WEBP with a VP8X chunk (canvas size, flags) followed by the given chunks.</summary>
    public static byte[] WebPExtended(int width, int height, byte flags, params (string FourCc, byte[] Data)[] chunks)
    {
        var body = new ByteBuilder().Ascii("WEBP").Ascii("VP8X").UInt32LE(10).Bytes(flags, 0, 0, 0)
            .Bytes((byte)(width - 1), (byte)((width - 1) >> 8), (byte)((width - 1) >> 16))
            .Bytes((byte)(height - 1), (byte)((height - 1) >> 8), (byte)((height - 1) >> 16));
        foreach (var (fourCc, data) in chunks)
        {
            body.Ascii(fourCc).UInt32LE((uint)data.Length).Bytes(data);
            if (data.Length % 2 == 1)
            {
                body.Bytes(0);
            }
        }

        byte[] content = body.ToArray();
        return new ByteBuilder().Ascii("RIFF").UInt32LE((uint)content.Length).Bytes(content).ToArray();
    }

    /// <summary>BITMAPFILEHEADER + BITMAPINFOHEADER (no pixels).</summary>
    public static byte[] Bmp(int width, int height, int bitsPerPixel = 24, int headerSize = 40) =>
        new ByteBuilder().Ascii("BM").UInt32LE(54).UInt32LE(0).UInt32LE(54)
            .UInt32LE((uint)headerSize).Int32LE(width).Int32LE(height).UInt16LE(1).UInt16LE(bitsPerPixel).Repeat(0, 24).ToArray();

    /// <summary>An ISO-BMFF box; <paramref name="fullBox"/> adds version 0 and zero flags.</summary>
    public static byte[] Box(string type, bool fullBox, params byte[][] content)
    {
        byte[] payload = [.. (fullBox ? new byte[4] : []), .. content.SelectMany(part => part)];
        return new ByteBuilder().UInt32BE((uint)(8 + payload.Length)).Ascii(type).Bytes(payload).ToArray();
    }

    public static byte[] FileType(string major, params string[] compatible) =>
        Box("ftyp", false, [.. Encoding.ASCII.GetBytes(major), 0, 0, 0, 0, .. Encoding.ASCII.GetBytes(string.Concat(compatible))]);

    public static byte[] ImageSpatialExtents(int width, int height) =>
        Box("ispe", true, new ByteBuilder().UInt32BE((uint)width).UInt32BE((uint)height).ToArray());

    // ftyp + meta { hdlr, pitm (item 1), [free padding], iprp { ipco { ispe 512x512, ispe 4032x3024 }, ipma } } + mdat.
    // The two ispe are the grid tiles and the primary item; ipma ties item 1 to property 2 and item 2 to property 1.
    public static byte[] HeicWithExtents(int paddingInMeta)
    {
        byte[] ipco = Box("ipco", false, ImageSpatialExtents(512, 512), ImageSpatialExtents(4032, 3024));
        byte[] ipma = Box("ipma", true, new ByteBuilder().UInt32BE(2)
            .UInt16BE(2).Bytes(1, 0x81)    // item 2 -> property 1 (essential)
            .UInt16BE(1).Bytes(1, 0x02)    // item 1 -> property 2
            .ToArray());
        byte[] meta = Box(
            "meta",
            true,
            Box("hdlr", true, new ByteBuilder().UInt32BE(0).Ascii("pict").Repeat(0, 13).ToArray()),
            Box("pitm", true, new ByteBuilder().UInt16BE(1).ToArray()),
            paddingInMeta > 0 ? Box("free", false, new byte[paddingInMeta]) : [],
            Box("iprp", false, ipco, ipma));
        return [.. FileType("heic", "mif1", "heic"), .. meta, .. Box("mdat", false, new byte[64])];
    }

    private static byte[] ZlibCompress(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    // CRC-32 as PNG defines it (ISO 3309, polynomial 0xEDB88320, reflected).
    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
