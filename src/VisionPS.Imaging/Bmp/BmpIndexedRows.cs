namespace VisionPS.Imaging.Bmp;

/// <summary>Palette images: packed 1, 2, 4 or 8 bits per index, or RLE-decoded indices.</summary>
internal static class BmpIndexedRows
{
    public static PixelBuffer FromPacked(ReadOnlySpan<byte> pixelData, BmpInfoHeader header, byte[] palette)
    {
        long stride = BmpDecoder.RowStride(header.Width, header.BitsPerPixel);
        ReadOnlySpan<byte> rows = BmpDecoder.RequireRows(pixelData, header, stride);
        int depth = header.BitsPerPixel;
        int mask = (1 << depth) - 1;
        var pixels = new PixelBuffer(header.Width, header.Height, PixelLayout.Rgb24);
        for (int stored = 0; stored < header.Height; stored++)
        {
            ReadOnlySpan<byte> row = rows.Slice((int)(stored * stride), (int)stride);
            Span<byte> output = pixels.GetRow(BmpDecoder.ImageRow(header, stored));
            for (int x = 0, o = 0; x < header.Width; x++, o += 3)
            {
                long bit = (long)x * depth;
                int index = (row[(int)(bit >> 3)] >> (8 - depth - (int)(bit & 7))) & mask;
                output[o] = palette[index * 3];
                output[o + 1] = palette[(index * 3) + 1];
                output[o + 2] = palette[(index * 3) + 2];
            }
        }

        return pixels;
    }

    public static PixelBuffer FromRle(ReadOnlySpan<byte> pixelData, BmpInfoHeader header, byte[] palette)
    {
        byte[] indices = BmpRleDecoder.Decode(pixelData, header.Width, header.Height, header.Compression == BmpCompression.Rle4);
        var pixels = new PixelBuffer(header.Width, header.Height, PixelLayout.Rgb24);
        for (int stored = 0; stored < header.Height; stored++)
        {
            ReadOnlySpan<byte> row = indices.AsSpan(stored * header.Width, header.Width);
            Span<byte> output = pixels.GetRow(BmpDecoder.ImageRow(header, stored));
            for (int x = 0, o = 0; x < row.Length; x++, o += 3)
            {
                int index = row[x];
                output[o] = palette[index * 3];
                output[o + 1] = palette[(index * 3) + 1];
                output[o + 2] = palette[(index * 3) + 2];
            }
        }

        return pixels;
    }
}
