using System.Buffers.Binary;
using static VisionPS.Imaging.Exif.ExifOrientationReader;
using static VisionPS.Imaging.Tiff.TiffTag;

namespace VisionPS.Imaging.Tiff;

/// <summary>
/// Makes one page of a multi-page TIFF a TIFF of its own, so ImageSharp decodes just that page: ImageSharp 2.1 reads
/// pages after the first only by decoding every page, and refuses files whose pages differ in size. TIFF offsets are
/// absolute, so a copy of the file whose header points at the page's IFD, with that IFD's link to the next cleared,
/// is a valid single-page TIFF; the other pages stay in the copy, unreachable.
/// </summary>
internal static class TiffPageExtractor
{
    /// <summary>The copy, or null when the file has no page <paramref name="page"/> (0-based).</summary>
    public static byte[]? SinglePage(ReadOnlySpan<byte> data, int page)
    {
        if (TiffHeaderReader.IfdOfPage(data, page, out bool littleEndian) is not long ifd)
        {
            return null;
        }

        long linkAt = ifd + 2 + ((long)ReadUInt16(data[(int)ifd..], littleEndian) * EntrySize);
        if (linkAt + 4 > data.Length)
        {
            return null;
        }

        byte[] copy = data.ToArray();
        Write(copy.AsSpan(4), (uint)ifd, littleEndian);
        Write(copy.AsSpan((int)linkAt), 0, littleEndian);
        return copy;
    }

    private static void Write(Span<byte> at, uint value, bool littleEndian)
    {
        if (littleEndian)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(at, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(at, value);
        }
    }
}
