using System.Buffers.Binary;

namespace VisionPS.Imaging.Exif;

/// <summary>
/// Reads the Orientation tag (0x0112) from EXIF data (CIPA DC-008: a TIFF header and IFD0).
/// Metadata is ancillary: anything malformed gives 1 (upright) rather than an error.
/// </summary>
/// <remarks>
/// Only IFD0 is read: it describes the main image, while IFD1 describes the thumbnail. Following no IFD links
/// means a self-referencing or cyclic IFD chain cannot make this loop, and the entry loop is bounded by the
/// 16-bit entry count and by the data length.
/// </remarks>
internal static class ExifOrientationReader
{
    public const int Upright = 1;

    private const ushort OrientationTag = 0x0112;
    private const ushort TypeShort = 3;
    private const ushort TypeLong = 4;
    private const int TiffHeaderSize = 8;
    private const int IfdEntrySize = 12;

    /// <summary>The <c>Exif\0\0</c> identifier that precedes the TIFF header in JPEG APP1 (and in some PNG/WebP writers' output).</summary>
    public static ReadOnlySpan<byte> ExifIdentifier => "Exif\0\0"u8;

    /// <summary>Orientation from EXIF data that may or may not start with <c>Exif\0\0</c>.</summary>
    public static int ReadFromExifPayload(ReadOnlySpan<byte> payload) =>
        ReadFromTiff(payload.StartsWith(ExifIdentifier) ? payload[ExifIdentifier.Length..] : payload);

    /// <summary>Orientation from data starting at the TIFF header (<c>II*\0</c> or <c>MM\0*</c>); 1 when absent or invalid.</summary>
    public static int ReadFromTiff(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < TiffHeaderSize)
        {
            return Upright;
        }

        bool littleEndian;
        if (tiff[0] == (byte)'I' && tiff[1] == (byte)'I')
        {
            littleEndian = true;
        }
        else if (tiff[0] == (byte)'M' && tiff[1] == (byte)'M')
        {
            littleEndian = false;
        }
        else
        {
            return Upright;
        }

        if (ReadUInt16(tiff[2..], littleEndian) != 42)
        {
            return Upright;
        }

        long ifdOffset = ReadUInt32(tiff[4..], littleEndian);
        if (ifdOffset > tiff.Length - 2)
        {
            return Upright;
        }

        int ifd = (int)ifdOffset;
        int entryCount = ReadUInt16(tiff[ifd..], littleEndian);
        int available = (tiff.Length - ifd - 2) / IfdEntrySize;
        int entries = Math.Min(entryCount, available);
        for (int i = 0; i < entries; i++)
        {
            ReadOnlySpan<byte> entry = tiff.Slice(ifd + 2 + (i * IfdEntrySize), IfdEntrySize);
            if (ReadUInt16(entry, littleEndian) == OrientationTag)
            {
                return ReadOrientationValue(entry, littleEndian);
            }
        }

        return Upright;
    }

    // Entry layout: tag(2) type(2) count(4) value-or-offset(4). A single SHORT sits in the first two bytes of the
    // value field in the file's byte order. LONG is not what the standard says, but a few writers use it.
    private static int ReadOrientationValue(ReadOnlySpan<byte> entry, bool littleEndian)
    {
        ushort type = ReadUInt16(entry[2..], littleEndian);
        uint count = ReadUInt32(entry[4..], littleEndian);
        if (count < 1)
        {
            return Upright;
        }

        long value = type switch
        {
            TypeShort => ReadUInt16(entry[8..], littleEndian),
            TypeLong => ReadUInt32(entry[8..], littleEndian),
            _ => 0,
        };
        return value is >= 1 and <= 8 ? (int)value : Upright;
    }

    /// <summary>A TIFF SHORT in the file's byte order (the TIFF header reader uses it too).</summary>
    internal static ushort ReadUInt16(ReadOnlySpan<byte> span, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(span) : BinaryPrimitives.ReadUInt16BigEndian(span);

    /// <summary>A TIFF LONG in the file's byte order.</summary>
    internal static uint ReadUInt32(ReadOnlySpan<byte> span, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(span) : BinaryPrimitives.ReadUInt32BigEndian(span);
}
