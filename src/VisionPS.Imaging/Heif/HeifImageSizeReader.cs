using System.Buffers.Binary;

namespace VisionPS.Imaging.Heif;

/// <summary>
/// Best-effort size of a HEIC/AVIF primary image, only used to make the "not supported" message more useful:
/// <c>meta</c> → <c>pitm</c> (primary item id) and <c>iprp</c> → <c>ipco</c> (properties) / <c>ipma</c> (which item
/// uses which property) → the <c>ispe</c> (image spatial extents) of the primary item (ISO/IEC 23008-12 6.5.3, 9.3).
/// Returns (0, 0) whenever something is missing or odd; the only exception is the request for more bytes of a stream.
/// </summary>
/// <remarks>The display size may still differ: <c>irot</c>, <c>imir</c> and <c>clap</c> are not applied.</remarks>
internal static class HeifImageSizeReader
{
    private static readonly uint Meta = IsoBmffBox.TypeCode("meta");
    private static readonly uint Pitm = IsoBmffBox.TypeCode("pitm");
    private static readonly uint Iprp = IsoBmffBox.TypeCode("iprp");
    private static readonly uint Ipco = IsoBmffBox.TypeCode("ipco");
    private static readonly uint Ipma = IsoBmffBox.TypeCode("ipma");
    private static readonly uint Ispe = IsoBmffBox.TypeCode("ispe");
    private static readonly uint Irot = IsoBmffBox.TypeCode("irot");

    // The meta box normally follows ftyp and is a few KiB; a file that puts it after the media data is not searched.
    private const long MaxSearchLength = 1 << 20;

    /// <exception cref="HeaderTruncatedException">The meta box goes past the bytes read so far and more may follow.</exception>
    public static (int Width, int Height) Read(HeaderBytes data) => ReadWithRotation(data) is var r ? (r.Width, r.Height) : default;

    /// <summary>
    /// The primary image's stored size and its <c>irot</c> rotation in quarter turns (0..3, anticlockwise): a decoder
    /// that applies the transforms (libheif does, by default) gives width and height swapped for 1 and 3.
    /// </summary>
    public static (int Width, int Height, int QuarterTurns) ReadWithRotation(HeaderBytes data)
    {
        // Top-level boxes: ftyp, meta, mdat, ...; meta is a FullBox (4 bytes of version and flags before its children).
        long offset = 0;
        while (offset < MaxSearchLength && data.TryRead(offset, 8, out ReadOnlySpan<byte> header))
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(header);
            if (size < 8)
            {
                return (0, 0, 0); // 0 ("to the end") and 1 (64-bit size) are not used for the boxes in front of meta
            }

            if (BinaryPrimitives.ReadUInt32BigEndian(header[4..]) == Meta)
            {
                return size <= MaxSearchLength && data.TryRead(offset, size, out ReadOnlySpan<byte> meta)
                    ? ReadMeta(meta, 12, meta.Length)
                    : (0, 0, 0);
            }

            offset += size;
        }

        return (0, 0, 0);
    }

    private static (int Width, int Height, int QuarterTurns) ReadMeta(ReadOnlySpan<byte> data, long start, long end)
    {
        long? primaryItem = null;
        IsoBmffBox? properties = null;
        IsoBmffBox? associations = null;
        for (long offset = start; IsoBmffBox.TryRead(data, offset, end, out IsoBmffBox box); offset = box.End)
        {
            if (box.Type == Pitm)
            {
                primaryItem = ReadPrimaryItem(data, box);
            }
            else if (box.Type == Iprp)
            {
                for (long inner = box.ContentStart; IsoBmffBox.TryRead(data, inner, box.End, out IsoBmffBox child); inner = child.End)
                {
                    if (child.Type == Ipco)
                    {
                        properties ??= child;
                    }
                    else if (child.Type == Ipma)
                    {
                        associations ??= child;
                    }
                }
            }
        }

        if (properties is not { } ipco)
        {
            return (0, 0, 0);
        }

        if (primaryItem is { } item && associations is { } ipma)
        {
            List<int> indexes = PropertyIndexes(data, ipma, item);
            int turns = 0;
            foreach (int index in indexes)
            {
                turns = turns > 0 ? turns : QuarterTurns(data, ipco, index);
            }

            foreach (int index in indexes)
            {
                if (TryReadExtents(data, ipco, index, out (int Width, int Height) size))
                {
                    return (size.Width, size.Height, turns);
                }
            }
        }

        // No association information: the first ispe is the best guess.
        return TryReadExtents(data, ipco, index: 0, out (int Width, int Height) first) ? (first.Width, first.Height, 0) : (0, 0, 0);
    }

    // irot: one byte whose low two bits are the anticlockwise rotation in quarter turns (ISO/IEC 23008-12 6.5.10).
    private static int QuarterTurns(ReadOnlySpan<byte> data, IsoBmffBox ipco, int index)
    {
        int number = 0;
        for (long offset = ipco.ContentStart; IsoBmffBox.TryRead(data, offset, ipco.End, out IsoBmffBox property); offset = property.End)
        {
            if (++number == index)
            {
                return property.Type == Irot && property.End > property.ContentStart ? data[(int)property.ContentStart] & 3 : 0;
            }
        }

        return 0;
    }

    // pitm: version(1) flags(3) item_ID (16-bit for version 0, else 32-bit).
    private static long? ReadPrimaryItem(ReadOnlySpan<byte> data, IsoBmffBox pitm)
    {
        long start = pitm.ContentStart;
        if (pitm.End - start < 6)
        {
            return null;
        }

        ReadOnlySpan<byte> content = data[(int)start..(int)pitm.End];
        if (content[0] == 0)
        {
            return BinaryPrimitives.ReadUInt16BigEndian(content[4..]);
        }

        return content.Length >= 8 ? BinaryPrimitives.ReadUInt32BigEndian(content[4..]) : null;
    }

    // ipma: version(1) flags(3) entry_count(4), then per entry: item_ID (16-bit if version 0, else 32-bit),
    // association_count(1), associations of 1 byte (7-bit index) or, when flags bit 0 is set, 2 bytes (15-bit index).
    // Property indexes are 1-based; 0 means "no property".
    private static List<int> PropertyIndexes(ReadOnlySpan<byte> data, IsoBmffBox ipma, long item)
    {
        var indexes = new List<int>();
        ReadOnlySpan<byte> content = data[(int)ipma.ContentStart..(int)ipma.End];
        if (content.Length < 8)
        {
            return indexes;
        }

        byte version = content[0];
        bool wideIndexes = (content[3] & 1) != 0;
        int idLength = version < 1 ? 2 : 4;
        int associationLength = wideIndexes ? 2 : 1;
        uint entryCount = BinaryPrimitives.ReadUInt32BigEndian(content[4..]);
        int position = 8;
        for (uint entry = 0; entry < entryCount && position + idLength + 1 <= content.Length; entry++)
        {
            long id = idLength == 2 ? BinaryPrimitives.ReadUInt16BigEndian(content[position..]) : BinaryPrimitives.ReadUInt32BigEndian(content[position..]);
            int count = content[position + idLength];
            position += idLength + 1;
            if (position + (count * associationLength) > content.Length)
            {
                break;
            }

            if (id == item)
            {
                for (int i = 0; i < count; i++)
                {
                    int value = wideIndexes ? BinaryPrimitives.ReadUInt16BigEndian(content[(position + (2 * i))..]) & 0x7FFF : content[position + i] & 0x7F;
                    indexes.Add(value);
                }

                break;
            }

            position += count * associationLength;
        }

        return indexes;
    }

    // index: 1-based property number, or 0 for "the first ispe".
    private static bool TryReadExtents(ReadOnlySpan<byte> data, IsoBmffBox ipco, int index, out (int Width, int Height) size)
    {
        size = (0, 0);
        int number = 0;
        for (long offset = ipco.ContentStart; IsoBmffBox.TryRead(data, offset, ipco.End, out IsoBmffBox property); offset = property.End)
        {
            number++;
            if (index != 0 && number != index)
            {
                continue;
            }

            // ispe: version(1) flags(3) image_width(4) image_height(4).
            if (property.Type == Ispe && property.End - property.ContentStart >= 12)
            {
                ReadOnlySpan<byte> content = data[(int)property.ContentStart..];
                uint width = BinaryPrimitives.ReadUInt32BigEndian(content[4..]);
                uint height = BinaryPrimitives.ReadUInt32BigEndian(content[8..]);
                if (width is >= 1 and <= int.MaxValue && height is >= 1 and <= int.MaxValue)
                {
                    size = ((int)width, (int)height);
                    return true;
                }
            }

            if (index != 0)
            {
                return false;
            }
        }

        return false;
    }
}
