namespace VisionPS.Imaging.Png;

/// <summary>
/// Turns one unfiltered scanline into 8-bit RGB or RGBA pixels. Sub-8-bit gray is scaled by 255 / (2^depth - 1);
/// 16-bit samples are reduced to floor(v * 255 / 65535) = floor(v / 257): measured over all 65536 values, that is what
/// ImageMagick 6.9 (Q16) writes at <c>-depth 8</c> (not the rounded value). ImageMagick 6 stores opacity (65535 - alpha),
/// so the same floor gives alpha 255 - floor((65535 - a) / 257), i.e. alpha rounds up.
/// </summary>
internal sealed class PngRowConverter
{
    private readonly PngImageHeader header;
    private readonly PngPalette? palette;
    private readonly PngColourKey? key;
    private readonly int outputBytesPerPixel;

    public PngRowConverter(PngImageHeader header, PngPalette? palette, PngColourKey? key)
    {
        this.header = header;
        this.palette = palette;
        this.key = key;
        HasAlpha = header.ColourType is PngColourType.GrayAlpha or PngColourType.Rgba || key is not null || palette is { HasAlpha: true };
        outputBytesPerPixel = HasAlpha ? 4 : 3;
    }

    public bool HasAlpha { get; }

    /// <summary>Writes the <paramref name="count"/> pixels of <paramref name="row"/> to x = <paramref name="xStart"/> + i × <paramref name="xStep"/> of <paramref name="output"/>.</summary>
    public void Convert(ReadOnlySpan<byte> row, int count, Span<byte> output, int xStart, int xStep)
    {
        int step = xStep * outputBytesPerPixel;
        int o = xStart * outputBytesPerPixel;
        switch (header.ColourType)
        {
            case PngColourType.Gray when header.BitDepth < 8:
                ConvertPackedGray(row, count, output, o, step);
                break;
            case PngColourType.Palette:
                ConvertPalette(row, count, output, o, step);
                break;
            case PngColourType.Gray:
            case PngColourType.GrayAlpha:
                ConvertGray(row, count, output, o, step);
                break;
            default:
                ConvertRgb(row, count, output, o, step);
                break;
        }
    }

    private static byte Reduce16(int value) => (byte)(value / 257);

    private static byte ReduceAlpha16(int alpha) => (byte)(255 - ((65535 - alpha) / 257));

    private void ConvertPackedGray(ReadOnlySpan<byte> row, int count, Span<byte> output, int o, int step)
    {
        int depth = header.BitDepth;
        int mask = (1 << depth) - 1;
        int scale = 255 / mask;
        int keyGray = key?.Red ?? -1;
        for (int i = 0; i < count; i++, o += step)
        {
            long bit = (long)i * depth;
            int sample = (row[(int)(bit >> 3)] >> (8 - depth - (int)(bit & 7))) & mask;
            byte value = (byte)(sample * scale);
            output[o] = output[o + 1] = output[o + 2] = value;
            if (HasAlpha)
            {
                output[o + 3] = sample == keyGray ? (byte)0 : (byte)255;
            }
        }
    }

    private void ConvertPalette(ReadOnlySpan<byte> row, int count, Span<byte> output, int o, int step)
    {
        byte[] rgba = palette!.Rgba;
        int depth = header.BitDepth;
        int mask = (1 << depth) - 1;
        for (int i = 0; i < count; i++, o += step)
        {
            long bit = (long)i * depth;
            int index = depth == 8 ? row[i] : (row[(int)(bit >> 3)] >> (8 - depth - (int)(bit & 7))) & mask;
            int p = index * 4;
            output[o] = rgba[p];
            output[o + 1] = rgba[p + 1];
            output[o + 2] = rgba[p + 2];
            if (HasAlpha)
            {
                output[o + 3] = rgba[p + 3];
            }
        }
    }

    // Gray (8/16) and gray+alpha (8/16).
    private void ConvertGray(ReadOnlySpan<byte> row, int count, Span<byte> output, int o, int step)
    {
        bool wide = header.BitDepth == 16;
        bool withAlpha = header.ColourType == PngColourType.GrayAlpha;
        int sampleBytes = wide ? 2 : 1;
        int pixelBytes = withAlpha ? 2 * sampleBytes : sampleBytes;
        int keyGray = key?.Red ?? -1;
        for (int i = 0, s = 0; i < count; i++, o += step, s += pixelBytes)
        {
            int gray = wide ? (row[s] << 8) | row[s + 1] : row[s];
            output[o] = output[o + 1] = output[o + 2] = wide ? Reduce16(gray) : (byte)gray;
            if (withAlpha)
            {
                output[o + 3] = wide ? ReduceAlpha16((row[s + 2] << 8) | row[s + 3]) : row[s + 1];
            }
            else if (HasAlpha)
            {
                output[o + 3] = gray == keyGray ? (byte)0 : (byte)255;
            }
        }
    }

    // RGB (8/16) and RGBA (8/16).
    private void ConvertRgb(ReadOnlySpan<byte> row, int count, Span<byte> output, int o, int step)
    {
        bool withAlpha = header.ColourType == PngColourType.Rgba;
        if (header.BitDepth == 8 && step == (withAlpha ? 4 : 3) && withAlpha == HasAlpha)
        {
            row[..(count * step)].CopyTo(output[o..]); // the output layout is the PNG's own
            return;
        }

        if (header.BitDepth == 8)
        {
            int pixelBytes = withAlpha ? 4 : 3;
            for (int i = 0, s = 0; i < count; i++, o += step, s += pixelBytes)
            {
                byte r = row[s], g = row[s + 1], b = row[s + 2];
                output[o] = r;
                output[o + 1] = g;
                output[o + 2] = b;
                if (withAlpha)
                {
                    output[o + 3] = row[s + 3];
                }
                else if (HasAlpha)
                {
                    output[o + 3] = IsKey(r, g, b) ? (byte)0 : (byte)255;
                }
            }

            return;
        }

        int wideBytes = withAlpha ? 8 : 6;
        for (int i = 0, s = 0; i < count; i++, o += step, s += wideBytes)
        {
            int r = (row[s] << 8) | row[s + 1], g = (row[s + 2] << 8) | row[s + 3], b = (row[s + 4] << 8) | row[s + 5];
            output[o] = Reduce16(r);
            output[o + 1] = Reduce16(g);
            output[o + 2] = Reduce16(b);
            if (withAlpha)
            {
                output[o + 3] = ReduceAlpha16((row[s + 6] << 8) | row[s + 7]);
            }
            else if (HasAlpha)
            {
                output[o + 3] = IsKey(r, g, b) ? (byte)0 : (byte)255;
            }
        }
    }

    private bool IsKey(int r, int g, int b) => key is { } k && k.Red == r && k.Green == g && k.Blue == b;
}
