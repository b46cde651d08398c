namespace VisionPS.Imaging.Gif;

/// <summary>Global and local colour tables: 2^(N+1) RGB triples when the packed field's bit 7 is set.</summary>
internal static class GifColourTable
{
    /// <summary>The table's length in bytes, 0 when the packed field says there is none.</summary>
    public static int Bytes(byte packed) => (packed & 0x80) != 0 ? 3 << ((packed & 0x07) + 1) : 0;
}
