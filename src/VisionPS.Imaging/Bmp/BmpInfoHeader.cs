using System.Buffers.Binary;

namespace VisionPS.Imaging.Bmp;

/// <summary>
/// The 14-byte file header and the DIB header that follows it: BITMAPCOREHEADER (12 bytes, OS/2 1.x), BITMAPINFOHEADER (40)
/// with its V2 (52) and V3 (56) extensions, OS/2 2.x (64), BITMAPV4HEADER (108) and BITMAPV5HEADER (124).
/// </summary>
internal sealed record BmpInfoHeader
{
    public const int FileHeaderLength = 14;

    public required int HeaderSize { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }

    /// <summary>Rows stored top row first (negative height); otherwise bottom row first.</summary>
    public required bool TopDown { get; init; }

    public required int BitsPerPixel { get; init; }

    public required BmpCompression Compression { get; init; }

    /// <summary>biClrUsed: palette entries, 0 meaning 2^bpp.</summary>
    public required uint ColoursUsed { get; init; }

    /// <summary>bfOffBits: where the pixel data starts, from the start of the file.</summary>
    public required uint PixelOffset { get; init; }

    public uint RedMask { get; init; }

    public uint GreenMask { get; init; }

    public uint BlueMask { get; init; }

    public uint AlphaMask { get; init; }

    /// <summary>Palette entries are BGR triples in the OS/2 headers, BGRX quads otherwise.</summary>
    public int PaletteEntryBytes => HeaderSize is 12 or 64 ? 3 : 4;

    public static BmpInfoHeader Read(ReadOnlySpan<byte> file)
    {
        if (file.Length < FileHeaderLength + 4)
        {
            throw new HeaderTruncatedException(FileHeaderLength + 4, "DIB header size");
        }

        uint pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(file[10..]);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(file[FileHeaderLength..]);
        if (size is not (12 or 40 or 52 or 56 or 64 or 108 or 124))
        {
            throw size is > 12 and < 64
                ? new UnsupportedFeatureSignal($"an OS/2 2.x DIB header of {size} bytes")
                : new HeaderCorruptException($"the DIB header size is {size}, which is none of the BMP header versions (12, 40, 52, 56, 64, 108, 124)");
        }

        if (file.Length < FileHeaderLength + size)
        {
            throw new HeaderTruncatedException(FileHeaderLength + size, "DIB header");
        }

        ReadOnlySpan<byte> dib = file.Slice(FileHeaderLength, (int)size);
        return size == 12 ? ReadCore(dib, pixelOffset) : ReadInfo(dib, file, pixelOffset);
    }

    // BITMAPCOREHEADER: size(4) width(2) height(2) planes(2) bits per pixel(2); always bottom-up, uncompressed.
    private static BmpInfoHeader ReadCore(ReadOnlySpan<byte> dib, uint pixelOffset)
    {
        int width = BinaryPrimitives.ReadUInt16LittleEndian(dib[4..]);
        int height = BinaryPrimitives.ReadUInt16LittleEndian(dib[6..]);
        HeaderChecks.Dimensions(width, height, ushort.MaxValue, "BITMAPCOREHEADER");
        return new BmpInfoHeader
        {
            HeaderSize = 12, Width = width, Height = height, TopDown = false,
            BitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(dib[10..]),
            Compression = BmpCompression.Rgb, ColoursUsed = 0, PixelOffset = pixelOffset,
        };
    }

    // BITMAPINFOHEADER: size(4) width(4) height(4, negative = top-down) planes(2) bpp(2) compression(4) image size(4)
    // x/y resolution(8) colours used(4) colours important(4); V2 adds R, G, B masks, V3 the alpha mask. With a plain
    // 40-byte header, BI_BITFIELDS masks (and BI_ALPHABITFIELDS' alpha mask) follow the header.
    private static BmpInfoHeader ReadInfo(ReadOnlySpan<byte> dib, ReadOnlySpan<byte> file, uint pixelOffset)
    {
        long width = BinaryPrimitives.ReadInt32LittleEndian(dib[4..]);
        long signedHeight = BinaryPrimitives.ReadInt32LittleEndian(dib[8..]);
        HeaderChecks.Dimensions(width, Math.Abs(signedHeight), int.MaxValue, "BITMAPINFOHEADER");
        var compression = (BmpCompression)BinaryPrimitives.ReadUInt32LittleEndian(dib[16..]);
        var header = new BmpInfoHeader
        {
            HeaderSize = dib.Length, Width = (int)width, Height = (int)Math.Abs(signedHeight), TopDown = signedHeight < 0,
            BitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(dib[14..]),
            Compression = compression,
            ColoursUsed = BinaryPrimitives.ReadUInt32LittleEndian(dib[32..]),
            PixelOffset = pixelOffset,
        };

        ReadOnlySpan<byte> masks = dib.Length >= 52 ? dib[40..] : ReadOnlySpan<byte>.Empty;
        if (dib.Length == 40 && compression is BmpCompression.BitFields or BmpCompression.AlphaBitFields)
        {
            int maskBytes = compression == BmpCompression.AlphaBitFields ? 16 : 12;
            if (file.Length < FileHeaderLength + 40 + maskBytes)
            {
                throw new HeaderTruncatedException(FileHeaderLength + 40 + maskBytes, "bit field masks");
            }

            masks = file.Slice(FileHeaderLength + 40, maskBytes);
        }

        if (masks.Length < 12)
        {
            return header;
        }

        return header with
        {
            RedMask = BinaryPrimitives.ReadUInt32LittleEndian(masks),
            GreenMask = BinaryPrimitives.ReadUInt32LittleEndian(masks[4..]),
            BlueMask = BinaryPrimitives.ReadUInt32LittleEndian(masks[8..]),
            AlphaMask = masks.Length >= 16 ? BinaryPrimitives.ReadUInt32LittleEndian(masks[12..]) : 0,
        };
    }
}
