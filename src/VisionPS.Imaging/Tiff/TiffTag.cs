namespace VisionPS.Imaging.Tiff;

/// <summary>The TIFF 6.0 tags and field types our readers look at, and the size of one IFD entry.</summary>
internal static class TiffTag
{
    public const ushort ImageWidth = 256;
    public const ushort ImageLength = 257;
    public const ushort BitsPerSample = 258;
    public const ushort Compression = 259;
    public const ushort StripOffsets = 273;
    public const ushort StripByteCounts = 279;
    public const ushort TileOffsets = 324;
    public const ushort TileByteCounts = 325;

    public const ushort TypeShort = 3;
    public const ushort TypeLong = 4;

    /// <summary>Tag (2 bytes), type (2), count (4), value or offset (4).</summary>
    public const int EntrySize = 12;
}
