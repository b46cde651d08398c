namespace VisionPS.Imaging.Bmp;

/// <summary>Direct-colour images: 24-bit BGR and 16/32-bit bit fields.</summary>
internal static class BmpDirectRows
{
    public static PixelBuffer FromBgr24(ReadOnlySpan<byte> pixelData, BmpInfoHeader header)
    {
        long stride = BmpDecoder.RowStride(header.Width, 24);
        ReadOnlySpan<byte> rows = BmpDecoder.RequireRows(pixelData, header, stride);
        var pixels = new PixelBuffer(header.Width, header.Height, PixelLayout.Rgb24);
        for (int stored = 0; stored < header.Height; stored++)
        {
            ReadOnlySpan<byte> row = rows.Slice((int)(stored * stride), header.Width * 3);
            Span<byte> output = pixels.GetRow(BmpDecoder.ImageRow(header, stored));
            for (int i = 0; i < row.Length; i += 3)
            {
                output[i] = row[i + 2];
                output[i + 1] = row[i + 1];
                output[i + 2] = row[i];
            }
        }

        return pixels;
    }

    public static PixelBuffer FromBitFields(ReadOnlySpan<byte> pixelData, BmpInfoHeader header)
    {
        int bytes = header.BitsPerPixel / 8;
        long stride = BmpDecoder.RowStride(header.Width, header.BitsPerPixel);
        ReadOnlySpan<byte> rows = BmpDecoder.RequireRows(pixelData, header, stride);
        (BmpChannel red, BmpChannel green, BmpChannel blue, BmpChannel alpha) = Channels(header, rows, stride);
        bool hasAlpha = alpha.IsPresent && AnyTranslucent(rows, header, stride, alpha);
        int outBytes = hasAlpha ? 4 : 3;
        var pixels = new PixelBuffer(header.Width, header.Height, hasAlpha ? PixelLayout.Rgba32 : PixelLayout.Rgb24);
        for (int stored = 0; stored < header.Height; stored++)
        {
            ReadOnlySpan<byte> row = rows.Slice((int)(stored * stride), (int)stride);
            Span<byte> output = pixels.GetRow(BmpDecoder.ImageRow(header, stored));
            for (int x = 0, o = 0; x < header.Width; x++, o += outBytes)
            {
                uint pixel = BmpDecoder.ReadPixel(row, x * bytes, bytes);
                if (bytes == 2)
                {
                    output[o] = red.Scale16(pixel);
                    output[o + 1] = green.Scale16(pixel);
                    output[o + 2] = blue.Scale16(pixel);
                    if (hasAlpha)
                    {
                        output[o + 3] = alpha.Scale16(pixel);
                    }
                }
                else
                {
                    output[o] = red.Scale32(pixel);
                    output[o + 1] = green.Scale32(pixel);
                    output[o + 2] = blue.Scale32(pixel);
                    if (hasAlpha)
                    {
                        output[o + 3] = alpha.Scale32(pixel);
                    }
                }
            }
        }

        return pixels;
    }

    // BI_RGB: 5-5-5 at 16 bpp, 8-8-8 at 32 bpp, the 32-bit fourth byte as alpha only with a 40-byte header and some
    // non-zero value there (ImageMagick's heuristic for writers that put alpha in BMP3 files). Bit fields: the masks,
    // alpha only with BI_BITFIELDS (not BI_ALPHABITFIELDS, which ImageMagick 6 reads as opaque).
    private static (BmpChannel, BmpChannel, BmpChannel, BmpChannel) Channels(BmpInfoHeader header, ReadOnlySpan<byte> rows, long stride)
    {
        if (header.Compression != BmpCompression.Rgb)
        {
            uint alphaMask = header.Compression == BmpCompression.BitFields ? header.AlphaMask : 0;
            return (new BmpChannel(header.RedMask), new BmpChannel(header.GreenMask, isGreen: true), new BmpChannel(header.BlueMask),
                new BmpChannel(alphaMask, isAlpha: true));
        }

        if (header.BitsPerPixel == 16)
        {
            return (new BmpChannel(0x7C00), new BmpChannel(0x03E0, isGreen: true), new BmpChannel(0x001F), default);
        }

        bool fourthByteIsAlpha = header.HeaderSize == 40 && AnyFourthByteSet(rows, header, stride);
        return (new BmpChannel(0x00FF0000), new BmpChannel(0x0000FF00, isGreen: true), new BmpChannel(0x000000FF),
            new BmpChannel(fourthByteIsAlpha ? 0xFF000000 : 0, isAlpha: true));
    }

    private static bool AnyFourthByteSet(ReadOnlySpan<byte> rows, BmpInfoHeader header, long stride)
    {
        for (int stored = 0; stored < header.Height; stored++)
        {
            ReadOnlySpan<byte> row = rows.Slice((int)(stored * stride), header.Width * 4);
            for (int i = 3; i < row.Length; i += 4)
            {
                if (row[i] != 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool AnyTranslucent(ReadOnlySpan<byte> rows, BmpInfoHeader header, long stride, BmpChannel alpha)
    {
        int bytes = header.BitsPerPixel / 8;
        for (int stored = 0; stored < header.Height; stored++)
        {
            ReadOnlySpan<byte> row = rows.Slice((int)(stored * stride), (int)stride);
            for (int x = 0; x < header.Width; x++)
            {
                if (alpha.Field(BmpDecoder.ReadPixel(row, x * bytes, bytes)) != alpha.Maximum)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
