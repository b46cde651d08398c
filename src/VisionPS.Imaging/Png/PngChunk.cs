using System.Buffers.Binary;

namespace VisionPS.Imaging.Png;

/// <summary>One chunk: length(4) type(4) data(length) CRC(4), the CRC covering type and data.</summary>
internal readonly ref struct PngChunk
{
    public const int Overhead = 12;

    private PngChunk(uint type, ReadOnlySpan<byte> data, bool crcMatches)
    {
        Type = type;
        Data = data;
        CrcMatches = crcMatches;
    }

    public uint Type { get; }

    public ReadOnlySpan<byte> Data { get; }

    public bool CrcMatches { get; }

    /// <summary>Critical chunks have an upper-case first letter (bit 5 of the first type byte clear).</summary>
    public bool IsCritical => (Type & 0x20000000u) == 0;

    public string Name => FourCc.ToText(stackalloc byte[] { (byte)(Type >> 24), (byte)(Type >> 16), (byte)(Type >> 8), (byte)Type });

    /// <summary>Reads the chunk at <paramref name="position"/>; the whole chunk must be inside <paramref name="file"/>.</summary>
    public static PngChunk Read(ReadOnlySpan<byte> file, int position)
    {
        if (file.Length - position < 8)
        {
            throw new PixelDataCorruptException($"the data ends after {file.Length} bytes, inside a chunk header");
        }

        uint length = BinaryPrimitives.ReadUInt32BigEndian(file[position..]);
        uint type = BinaryPrimitives.ReadUInt32BigEndian(file[(position + 4)..]);
        if (!IsValidType(file.Slice(position + 4, 4)))
        {
            throw new PixelDataCorruptException($"the chunk at byte {position} has a type that is not four letters");
        }

        if (length > (long)file.Length - position - Overhead)
        {
            throw new PixelDataCorruptException($"the data ends after {file.Length} bytes, inside the '{FourCc.ToText(file.Slice(position + 4, 4))}' chunk at byte {position}");
        }

        ReadOnlySpan<byte> typeAndData = file.Slice(position + 4, 4 + (int)length);
        uint stored = BinaryPrimitives.ReadUInt32BigEndian(file[(position + 8 + (int)length)..]);
        return new PngChunk(type, typeAndData[4..], PngCrc.Compute(typeAndData) == stored);
    }

    private static bool IsValidType(ReadOnlySpan<byte> type)
    {
        foreach (byte b in type)
        {
            if (b is not ((>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z')))
            {
                return false;
            }
        }

        return true;
    }
}
