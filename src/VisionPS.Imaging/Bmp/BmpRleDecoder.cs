namespace VisionPS.Imaging.Bmp;

/// <summary>
/// BI_RLE8 and BI_RLE4 to one palette index per byte, rows in file order (bottom row first unless top-down).
/// Pixels the stream skips (delta, early end of line or bitmap) keep index 0, as ImageMagick 6 leaves them.
/// </summary>
internal static class BmpRleDecoder
{
    public static byte[] Decode(ReadOnlySpan<byte> data, int width, int height, bool fourBit)
    {
        var indices = new byte[(long)width * height];
        long end = indices.Length;
        long p = 0;
        long x = 0, y = 0;
        int position = 0;

        // Every pass reads at least one byte, so the loop ends with the data at the latest.
        while (y < height && p < end)
        {
            if (data.Length - position < 2)
            {
                throw new PixelDataCorruptException($"the RLE data ends at row {y} of {height} without an end-of-bitmap code");
            }

            int count = data[position++];
            int value = data[position++];
            if (count > 0)
            {
                // Encoded mode: count pixels of one byte (RLE4: its two nibbles alternately).
                int run = (int)Math.Min(count, end - p);
                for (int i = 0; i < run; i++)
                {
                    indices[p++] = (byte)(!fourBit ? value : (i & 1) == 0 ? value >> 4 : value & 0x0F);
                }

                x += count;
                continue;
            }

            switch (value)
            {
                case 0: // end of line
                    x = 0;
                    y++;
                    p = y * width;
                    break;
                case 1: // end of bitmap
                    return indices;
                case 2: // delta: right dx, up (in file order: forward) dy
                    if (data.Length - position < 2)
                    {
                        throw new PixelDataCorruptException("the RLE data ends inside a delta escape");
                    }

                    x += data[position++];
                    y += data[position++];
                    p = (y * width) + x;
                    break;
                default: // absolute mode: value literal pixels, padded to a 16-bit boundary
                    int literal = value;
                    int bytes = fourBit ? (literal + 1) / 2 : literal;
                    int padded = bytes + (bytes & 1);
                    if (data.Length - position < bytes)
                    {
                        throw new PixelDataCorruptException("the RLE data ends inside an absolute run");
                    }

                    int copy = (int)Math.Min(literal, end - p);
                    for (int i = 0; i < copy; i++)
                    {
                        int b = data[position + (fourBit ? i >> 1 : i)];
                        indices[p++] = (byte)(!fourBit ? b : (i & 1) == 0 ? b >> 4 : b & 0x0F);
                    }

                    position = Math.Min(data.Length, position + padded);
                    x += literal;
                    break;
            }
        }

        return indices;
    }
}
