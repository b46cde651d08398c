using VisionPS.Imaging.Exif;
using static VisionPS.Imaging.Exif.ExifOrientationReader;
using static VisionPS.Imaging.Tiff.TiffTag;

namespace VisionPS.Imaging.Tiff;

/// <summary>
/// Sizes a TIFF (TIFF 6.0, classic 32-bit offsets) from its first IFD: ImageWidth (256), ImageLength (257),
/// BitsPerSample (258) and Orientation (274); then counts the pages by following the IFD chain. ImageSharp never sees
/// a TIFF this reader has not sized, so the pixel limit applies before any decode.
/// </summary>
/// <remarks>
/// The chain walk stops at <see cref="MaxPages"/>, at an offset seen before (a cycle), or where the data ends: a page
/// count is a warning's detail, never a reason to read the whole file.
/// </remarks>
internal static class TiffHeaderReader
{
    public const int MaxPages = 10_000;

    /// <summary>BigTIFF (version 43, 64-bit offsets): recognised, not read.</summary>
    public static bool IsBigTiff(HeaderBytes data) => data.Length >= 4 && (data.Span[2] == 43 || data.Span[3] == 43);

    public static ImageInfo Read(HeaderBytes data)
    {
        ReadOnlySpan<byte> header = data.Read(0, 8, "TIFF header");
        bool littleEndian = header[0] == (byte)'I';

        long ifd = ReadUInt32(header[4..], littleEndian);
        int count = ReadUInt16(data.Read(ifd, 2, "first IFD"), littleEndian);
        ReadOnlySpan<byte> entries = data.Read(ifd + 2, count * EntrySize, "first IFD");
        long width = 0, height = 0;
        int bits = 0;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> entry = entries.Slice(i * EntrySize, EntrySize);
            ushort tag = ReadUInt16(entry, littleEndian);
            switch (tag)
            {
                case ImageWidth:
                    width = ReadScalar(entry, littleEndian);
                    break;
                case ImageLength:
                    height = ReadScalar(entry, littleEndian);
                    break;
                case BitsPerSample:
                    bits = ReadFirstShort(data, entry, littleEndian);
                    break;
            }
        }

        if (width is <= 0 or > int.MaxValue || height is <= 0 or > int.MaxValue)
        {
            throw new HeaderCorruptException($"the first IFD gives a size of {width}x{height}; a TIFF image needs a width and a height of at least 1");
        }

        int pages = Walk(data, ifd, littleEndian).Pages;
        int orientation = ExifOrientationReader.ReadFromTiff(data.Span);
        return new ImageInfo(ImageFormat.Tiff, (int)width, (int)height)
        {
            Orientation = orientation,
            BitDepth = bits == 0 ? 1 : bits,
            FrameCount = pages,
        };
    }

    /// <summary>
    /// What stops the first <paramref name="pages"/> pages from going to ImageSharp, or null when nothing does:
    /// <list type="bullet">
    /// <item>JPEG compression (6 or 7): ImageSharp 2.1 decodes such a strip by sniffing it as a whole image with the
    /// caller's formats, so a TIFF inside a TIFF strip recursed until the stack overflowed (found by afl-fuzz).</item>
    /// <item>A strip or tile that runs past the end of the file: ImageSharp believes the declared byte count and reads
    /// it past the end, so a 660-byte file declaring 385 MB of CCITT data took 23 s to decode into noise (found by
    /// afl-fuzz, fuzz/regressions/imagesharp/hangs-*). libtiff refuses such a strip too.</item>
    /// </list>
    /// </summary>
    public static TiffPageProblem? ProblemIn(ReadOnlySpan<byte> bytes, int pages)
    {
        var data = new HeaderBytes(bytes, isComplete: true);
        if (!data.TryRead(0, 8, out ReadOnlySpan<byte> header) || IsBigTiff(data))
        {
            return null;
        }

        bool littleEndian = header[0] == (byte)'I';
        return Walk(data, ReadUInt32(header[4..], littleEndian), littleEndian, pages).Problem;
    }

    /// <summary>Where page <paramref name="page"/> (0-based) starts: its IFD's offset, or null when there is no such page.</summary>
    public static long? IfdOfPage(ReadOnlySpan<byte> bytes, int page, out bool littleEndian)
    {
        var data = new HeaderBytes(bytes, isComplete: true);
        littleEndian = bytes.Length > 0 && bytes[0] == (byte)'I';
        if (!data.TryRead(0, 8, out ReadOnlySpan<byte> header) || IsBigTiff(data))
        {
            return null;
        }

        return Walk(data, ReadUInt32(header[4..], littleEndian), littleEndian, find: page).Found;
    }

    // Follows the IFD chain from the first IFD, counting the pages, inspecting the first 'inspect' of them and noting
    // where page 'find' (0-based) starts.
    private static (int Pages, TiffPageProblem? Problem, long? Found) Walk(HeaderBytes data, long firstIfd, bool littleEndian, int inspect = 0, int find = -1)
    {
        var seen = new HashSet<long>();
        int pages = 0;
        TiffPageProblem? problem = null;
        long? found = null;
        long ifd = firstIfd;
        while (pages < MaxPages && ifd != 0 && seen.Add(ifd) && data.TryRead(ifd, 2, out ReadOnlySpan<byte> countField))
        {
            if (pages == find)
            {
                found = ifd;
            }

            pages++;
            int count = ReadUInt16(countField, littleEndian);
            if (pages <= inspect && problem is null && data.TryRead(ifd + 2, count * (long)EntrySize, out ReadOnlySpan<byte> entries))
            {
                problem = TiffPageInspector.ProblemIn(data, entries, littleEndian, pages);
            }

            if (!data.TryRead(ifd + 2 + (count * (long)EntrySize), 4, out ReadOnlySpan<byte> link))
            {
                break;
            }

            ifd = ReadUInt32(link, littleEndian);
        }

        return (Math.Max(pages, 1), problem, found);
    }

    // ImageWidth/ImageLength are SHORT or LONG, stored in the entry's value field.
    private static long ReadScalar(ReadOnlySpan<byte> entry, bool littleEndian) => ReadUInt16(entry[2..], littleEndian) switch
    {
        TypeShort => ReadUInt16(entry[8..], littleEndian),
        TypeLong => ReadUInt32(entry[8..], littleEndian),
        ushort type => throw new HeaderCorruptException($"the image size is stored with field type {type}; TIFF allows SHORT (3) or LONG (4)"),
    };

    // BitsPerSample is one SHORT per sample: in the value field for up to two samples, else at an offset.
    private static int ReadFirstShort(HeaderBytes data, ReadOnlySpan<byte> entry, bool littleEndian)
    {
        uint count = ReadUInt32(entry[4..], littleEndian);
        if (count <= 2)
        {
            return ReadUInt16(entry[8..], littleEndian);
        }

        return data.TryRead(ReadUInt32(entry[8..], littleEndian), 2, out ReadOnlySpan<byte> value) ? ReadUInt16(value, littleEndian) : 0;
    }
}
