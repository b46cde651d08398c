namespace VisionPS.Imaging.Jpeg.Encoder;

/// <summary>Writes the marker segments of a baseline 3-component 4:2:0 JFIF file, in the order libjpeg writes them.</summary>
internal static class JpegMarkerWriter
{
    /// <summary>SOI and a JFIF 1.01 APP0 with 1:1 aspect ratio and no thumbnail.</summary>
    public static void WriteStartOfImage(JpegBitWriter output)
    {
        output.WriteBytes([0xFF, 0xD8]);
        output.WriteBytes([0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
    }

    /// <summary>One DQT segment holding one 8-bit table, in zig-zag order.</summary>
    public static void WriteQuantizationTable(JpegBitWriter output, int id, JpegQuantizationTable table)
    {
        output.WriteBytes([0xFF, 0xDB]);
        output.WriteUInt16(2 + 1 + 64);
        output.WriteByte((byte)id);
        ReadOnlySpan<byte> natural = JpegZigZag.ToNatural;
        for (int k = 0; k < 64; k++)
        {
            output.WriteByte(table.Natural[natural[k]]);
        }
    }

    /// <summary>SOF0: 8-bit, Y sampled 2×2 with table 0, Cb and Cr 1×1 with table 1.</summary>
    public static void WriteFrameHeader(JpegBitWriter output, int width, int height)
    {
        output.WriteBytes([0xFF, 0xC0]);
        output.WriteUInt16(8 + (3 * 3));
        output.WriteByte(8);
        output.WriteUInt16(height);
        output.WriteUInt16(width);
        output.WriteBytes([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    }

    /// <summary>One DHT segment; <paramref name="tableClass"/> is 0 for DC, 1 for AC.</summary>
    public static void WriteHuffmanTable(JpegBitWriter output, int tableClass, int id, JpegHuffmanTable table)
    {
        output.WriteBytes([0xFF, 0xC4]);
        output.WriteUInt16(2 + 1 + 16 + table.Symbols.Length);
        output.WriteByte((byte)((tableClass << 4) | id));
        output.WriteBytes(table.Counts);
        output.WriteBytes(table.Symbols);
    }

    /// <summary>SOS for one interleaved scan of all three components, spectral range 0..63.</summary>
    public static void WriteScanHeader(JpegBitWriter output)
    {
        output.WriteBytes([0xFF, 0xDA]);
        output.WriteUInt16(6 + (2 * 3));
        output.WriteBytes([3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);
    }

    public static void WriteEndOfImage(JpegBitWriter output) => output.WriteBytes([0xFF, 0xD9]);
}
