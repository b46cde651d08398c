using System.Buffers.Binary;

namespace VisionPS.Imaging.Heif;

/// <summary>
/// One ISO-BMFF box header (ISO/IEC 14496-12 4.2): uint32 size and FourCC type; size 1 means a uint64 size follows,
/// size 0 means the box runs to the end of its parent.
/// </summary>
internal readonly struct IsoBmffBox
{
    private IsoBmffBox(uint type, long contentStart, long end)
    {
        Type = type;
        ContentStart = contentStart;
        End = end;
    }

    /// <summary>The FourCC as a big-endian number (compare with <see cref="TypeCode"/>).</summary>
    public uint Type { get; }

    /// <summary>Offset of the first byte after the header.</summary>
    public long ContentStart { get; }

    /// <summary>Offset just past the box.</summary>
    public long End { get; }

    /// <summary>The big-endian number of a four-letter type such as "ftyp".</summary>
    public static uint TypeCode(string fourLetters) =>
        ((uint)fourLetters[0] << 24) | ((uint)fourLetters[1] << 16) | ((uint)fourLetters[2] << 8) | fourLetters[3];

    /// <summary>Reads the box header at <paramref name="offset"/>; false unless the whole box lies within <c>[offset, parentEnd)</c>.</summary>
    /// <remarks>A box is never shorter than its header, so walking from box to box always moves forward.</remarks>
    public static bool TryRead(ReadOnlySpan<byte> data, long offset, long parentEnd, out IsoBmffBox box)
    {
        box = default;
        parentEnd = Math.Min(parentEnd, data.Length);
        if (offset < 0 || offset > parentEnd - 8)
        {
            return false;
        }

        ReadOnlySpan<byte> header = data[(int)offset..];
        uint size32 = BinaryPrimitives.ReadUInt32BigEndian(header);
        uint type = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        long headerLength = 8;
        long size;
        if (size32 == 1)
        {
            if (offset > parentEnd - 16)
            {
                return false;
            }

            ulong largeSize = BinaryPrimitives.ReadUInt64BigEndian(header[8..]);
            headerLength = 16;
            size = largeSize > long.MaxValue ? -1 : (long)largeSize;
        }
        else
        {
            size = size32 == 0 ? parentEnd - offset : size32;
        }

        if (size < headerLength || size > parentEnd - offset)
        {
            return false;
        }

        box = new IsoBmffBox(type, offset + headerLength, offset + size);
        return true;
    }
}
