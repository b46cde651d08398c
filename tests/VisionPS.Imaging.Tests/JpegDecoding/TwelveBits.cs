using VisionPS.Imaging.Jpeg;

namespace VisionPS.Imaging.Tests.JpegDecoding;

/// <summary>
/// For checking multi-symbol lookahead tables entry by entry: a 12-bit index as scan data, read back one Huffman
/// symbol at a time through the real bit reader.
/// </summary>
internal static class TwelveBits
{
    /// <summary>The 12 bits of <paramref name="peek"/>, then zero bits; a first byte FF is stuffed as in a scan.</summary>
    public static JpegBitReader Reader(int peek)
    {
        byte[] bytes = peek >> 4 == 0xFF
            ? [0xFF, 0, (byte)((peek & 15) << 4), 0, 0, 0, 0, 0, 0, 0, 0]
            : [(byte)(peek >> 4), (byte)((peek & 15) << 4), 0, 0, 0, 0, 0, 0, 0, 0];
        return new JpegBitReader(bytes, 0);
    }

    /// <summary>The next symbol, and in <paramref name="length"/> how many bits its code took.</summary>
    public static int Symbol(ref JpegBitReader reader, JpegHuffmanTable table, out int length)
    {
        reader.Ensure32();
        int countBefore = reader.Count;
        int rs = reader.DecodeSymbol(table);
        length = countBefore - reader.Count;
        return rs;
    }
}
