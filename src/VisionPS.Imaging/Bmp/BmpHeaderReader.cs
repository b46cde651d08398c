using System.Buffers.Binary;

namespace VisionPS.Imaging.Bmp;

/// <summary>
/// Reads a BMP's size and bits per pixel from the DIB header that follows the 14-byte file header:
/// BITMAPCOREHEADER (12 bytes, 16-bit sizes), OS/2 2.x headers (16..64 bytes), BITMAPINFOHEADER (40),
/// its V2/V3 extensions (52, 56), BITMAPV4HEADER (108) and BITMAPV5HEADER (124), whose first fields all agree.
/// </summary>
internal static class BmpHeaderReader
{
    private const int FileHeaderLength = 14;
    private const int CoreHeaderLength = 12;

    public static ImageInfo Read(HeaderBytes data)
    {
        uint headerLength = BinaryPrimitives.ReadUInt32LittleEndian(data.Read(FileHeaderLength, 4, "DIB header size"));
        return headerLength switch
        {
            CoreHeaderLength => ReadCoreHeader(data.Read(FileHeaderLength, CoreHeaderLength, "BITMAPCOREHEADER")),
            (>= 16 and <= 64) or 108 or 124 => ReadInfoHeader(data.Read(FileHeaderLength, 16, "BITMAPINFOHEADER")),
            _ => throw new HeaderCorruptException($"the DIB header size is {headerLength}, which is none of the BMP header versions (12, 16-64, 108, 124)"),
        };
    }

    // BITMAPCOREHEADER: size(4) width(2, unsigned) height(2, unsigned) planes(2) bits per pixel(2).
    private static ImageInfo ReadCoreHeader(ReadOnlySpan<byte> header)
    {
        int width = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        int height = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
        int bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
        return Create(width, height, bitsPerPixel, "BITMAPCOREHEADER");
    }

    // BITMAPINFOHEADER and later: size(4) width(4, signed) height(4, signed; negative = rows stored top-down)
    // planes(2) bits per pixel(2). The OS/2 2.x header shares this start.
    private static ImageInfo ReadInfoHeader(ReadOnlySpan<byte> header)
    {
        long width = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        long height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(header[8..])); // long: |int.MinValue| does not fit an int
        int bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(header[14..]);
        return Create(width, height, bitsPerPixel, "BITMAPINFOHEADER");
    }

    private static ImageInfo Create(long width, long height, int bitsPerPixel, string where)
    {
        HeaderChecks.Dimensions(width, height, int.MaxValue, where);

        // 0 means the pixel data is an embedded JPEG or PNG (BI_JPEG / BI_PNG); 2 and 64 are rare but valid.
        if (bitsPerPixel is not (0 or 1 or 2 or 4 or 8 or 16 or 24 or 32 or 64))
        {
            throw new HeaderCorruptException($"the {where} gives {bitsPerPixel} bits per pixel, which BMP does not define");
        }

        return new ImageInfo(ImageFormat.Bmp, (int)width, (int)height) { BitDepth = bitsPerPixel };
    }
}
