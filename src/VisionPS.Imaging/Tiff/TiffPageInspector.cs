using static VisionPS.Imaging.Exif.ExifOrientationReader;
using static VisionPS.Imaging.Tiff.TiffTag;

namespace VisionPS.Imaging.Tiff;

/// <summary>
/// Checks one IFD before ImageSharp decodes its page: no JPEG compression, and every strip or tile
/// (StripOffsets 273 / StripByteCounts 279, TileOffsets 324 / TileByteCounts 325) inside the file.
/// </summary>
internal static class TiffPageInspector
{
    /// <param name="data">The whole file.</param>
    /// <param name="entries">The IFD's entries.</param>
    /// <param name="littleEndian">The file's byte order.</param>
    /// <param name="page">The page's number (1 = the first), for the message.</param>
    public static TiffPageProblem? ProblemIn(HeaderBytes data, ReadOnlySpan<byte> entries, bool littleEndian, int page)
    {
        ReadOnlySpan<byte> stripOffsets = default, stripCounts = default, tileOffsets = default, tileCounts = default;
        for (int i = 0; i + EntrySize <= entries.Length; i += EntrySize)
        {
            ReadOnlySpan<byte> entry = entries.Slice(i, EntrySize);
            switch (ReadUInt16(entry, littleEndian))
            {
                case Compression when ReadUInt16(entry[8..], littleEndian) is 6 or 7:
                    return new TiffPageProblem(Unsupported: true, "JPEG compression inside the TIFF");
                case StripOffsets:
                    stripOffsets = entry;
                    break;
                case StripByteCounts:
                    stripCounts = entry;
                    break;
                case TileOffsets:
                    tileOffsets = entry;
                    break;
                case TileByteCounts:
                    tileCounts = entry;
                    break;
            }
        }

        return PastEnd(data, stripOffsets, stripCounts, littleEndian, page, "strip")
            ?? PastEnd(data, tileOffsets, tileCounts, littleEndian, page, "tile");
    }

    // Each offset + byte count must end inside the file; an array that itself lies outside the file is damage too.
    private static TiffPageProblem? PastEnd(HeaderBytes data, ReadOnlySpan<byte> offsetsEntry, ReadOnlySpan<byte> countsEntry, bool littleEndian, int page, string unit)
    {
        if (offsetsEntry.IsEmpty || countsEntry.IsEmpty)
        {
            return null;
        }

        if (!TryArray(data, offsetsEntry, littleEndian, out ReadOnlySpan<byte> offsets, out int offsetSize)
            || !TryArray(data, countsEntry, littleEndian, out ReadOnlySpan<byte> counts, out int countSize))
        {
            return new TiffPageProblem(Unsupported: false, $"the {unit} table of page {page} lies outside the file");
        }

        int n = Math.Min(offsets.Length / offsetSize, counts.Length / countSize);
        for (int i = 0; i < n; i++)
        {
            long end = (long)Value(offsets, i, offsetSize, littleEndian) + Value(counts, i, countSize, littleEndian);
            if (end > data.Length)
            {
                return new TiffPageProblem(Unsupported: false,
                    $"{unit} {i + 1} of page {page} ends at byte {end:N0}, but the file has {data.Length:N0} bytes");
            }
        }

        return null;
    }

    // SHORT or LONG values: in the entry's value field when they fit in its 4 bytes, else at the offset it holds.
    private static bool TryArray(HeaderBytes data, ReadOnlySpan<byte> entry, bool littleEndian, out ReadOnlySpan<byte> values, out int size)
    {
        size = ReadUInt16(entry[2..], littleEndian) switch { TypeShort => 2, TypeLong => 4, _ => 0 };
        long bytes = (long)ReadUInt32(entry[4..], littleEndian) * size;
        if (size == 0)
        {
            values = default;
            return false;
        }

        if (bytes <= 4)
        {
            values = entry.Slice(8, (int)bytes);
            return true;
        }

        return data.TryRead(ReadUInt32(entry[8..], littleEndian), bytes, out values);
    }

    private static uint Value(ReadOnlySpan<byte> values, int index, int size, bool littleEndian) =>
        size == 2 ? ReadUInt16(values[(index * 2)..], littleEndian) : ReadUInt32(values[(index * 4)..], littleEndian);
}
