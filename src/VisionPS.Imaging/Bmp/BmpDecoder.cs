using System.Buffers.Binary;

namespace VisionPS.Imaging.Bmp;

/// <summary>BMP (core, info and V4/V5 headers; 1-32 bpp, RLE4/RLE8, bit fields) to RGB or RGBA.</summary>
/// <remarks>
/// Follows ImageMagick 6 where BMP leaves room: 16 bpp without masks is 5-5-5; a 32 bpp BI_RGB file with a 40-byte header
/// uses its fourth byte as alpha only when some pixel has it non-zero; alpha masks count only with BI_BITFIELDS; the
/// result is RGBA only when some pixel is not opaque.
/// </remarks>
internal static class BmpDecoder
{
    public static PixelBuffer Decode(ReadOnlySpan<byte> data, DecodeOptions options)
    {
        BmpInfoHeader header = BmpInfoHeader.Read(data);
        CheckSupported(header);
        PixelLimitSignal.ThrowIfTooLarge(header.Width, header.Height, options);
        if ((long)header.Width * header.Height * 4 > Array.MaxLength)
        {
            throw new PixelLimitSignal(header.Width, header.Height, options.MaxPixels); // only reachable with a raised MaxPixels
        }

        if (header.PixelOffset > data.Length)
        {
            throw new PixelDataCorruptException($"the pixel data offset {header.PixelOffset} is past the end of the {data.Length}-byte file");
        }

        ReadOnlySpan<byte> pixelData = data[(int)header.PixelOffset..];
        if (header.BitsPerPixel <= 8)
        {
            byte[] palette = ReadPalette(data, header);
            return header.Compression is BmpCompression.Rle8 or BmpCompression.Rle4
                ? BmpIndexedRows.FromRle(pixelData, header, palette)
                : BmpIndexedRows.FromPacked(pixelData, header, palette);
        }

        return header.BitsPerPixel == 24 ? BmpDirectRows.FromBgr24(pixelData, header) : BmpDirectRows.FromBitFields(pixelData, header);
    }

    private static void CheckSupported(BmpInfoHeader header)
    {
        switch (header.Compression)
        {
            case BmpCompression.Jpeg:
                throw new UnsupportedFeatureSignal("an embedded JPEG (BI_JPEG)");
            case BmpCompression.Png:
                throw new UnsupportedFeatureSignal("an embedded PNG (BI_PNG)");
            case BmpCompression.Rle8 when header.BitsPerPixel != 8:
            case BmpCompression.Rle4 when header.BitsPerPixel != 4:
                throw new HeaderCorruptException($"the BMP uses {header.Compression} compression with {header.BitsPerPixel} bits per pixel");
            case BmpCompression.BitFields or BmpCompression.AlphaBitFields when header.BitsPerPixel is not (16 or 24 or 32):
                throw new HeaderCorruptException($"the BMP uses bit fields with {header.BitsPerPixel} bits per pixel");
            case > BmpCompression.AlphaBitFields:
                throw new UnsupportedFeatureSignal($"BMP compression {(uint)header.Compression}");
        }

        if (header.BitsPerPixel is not (1 or 2 or 4 or 8 or 16 or 24 or 32))
        {
            throw header.BitsPerPixel == 64
                ? new UnsupportedFeatureSignal("64 bits per pixel")
                : new HeaderCorruptException($"the BMP gives {header.BitsPerPixel} bits per pixel, which BMP does not define");
        }
    }

    // 256 RGB entries; indices past the palette get entry 0, the index ImageMagick substitutes for them.
    private static byte[] ReadPalette(ReadOnlySpan<byte> file, BmpInfoHeader header)
    {
        int maximum = 1 << header.BitsPerPixel;
        if (header.ColoursUsed > maximum)
        {
            throw new HeaderCorruptException($"the BMP declares {header.ColoursUsed} palette colours for {header.BitsPerPixel} bits per pixel");
        }

        int colours = header.ColoursUsed == 0 ? maximum : (int)header.ColoursUsed;
        int entryBytes = header.PaletteEntryBytes;
        int start = BmpInfoHeader.FileHeaderLength + header.HeaderSize;
        if (file.Length - start < colours * entryBytes)
        {
            throw new PixelDataCorruptException($"the data ends inside the {colours}-colour palette");
        }

        var rgb = new byte[256 * 3];
        for (int i = 0; i < 256; i++)
        {
            int entry = start + ((i < colours ? i : 0) * entryBytes); // BGR(X)
            rgb[i * 3] = file[entry + 2];
            rgb[(i * 3) + 1] = file[entry + 1];
            rgb[(i * 3) + 2] = file[entry];
        }

        return rgb;
    }

    /// <summary>Bytes per stored row: rows are padded to a multiple of 4 bytes.</summary>
    internal static long RowStride(int width, int bitsPerPixel) => ((((long)width * bitsPerPixel) + 31) / 32) * 4;

    /// <summary>The stored rows, checked to be all present.</summary>
    internal static ReadOnlySpan<byte> RequireRows(ReadOnlySpan<byte> pixelData, BmpInfoHeader header, long stride)
    {
        long needed = stride * header.Height;
        if (needed > pixelData.Length)
        {
            throw new PixelDataCorruptException($"the pixel data is {pixelData.Length} bytes long, {needed} expected for {header.Height} rows");
        }

        return pixelData[..(int)needed];
    }

    /// <summary>Image row for stored row <paramref name="stored"/>.</summary>
    internal static int ImageRow(BmpInfoHeader header, int stored) => header.TopDown ? stored : header.Height - 1 - stored;

    internal static uint ReadPixel(ReadOnlySpan<byte> row, int offset, int bytes) =>
        bytes == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(row[offset..]) : BinaryPrimitives.ReadUInt32LittleEndian(row[offset..]);
}
