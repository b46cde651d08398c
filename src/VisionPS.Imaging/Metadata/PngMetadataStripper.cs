using System.Buffers.Binary;
using VisionPS.Imaging.Png;

namespace VisionPS.Imaging.Metadata;

/// <summary>
/// Copies a PNG's chunks except metadata: critical chunks, colour and transparency chunks and the APNG animation
/// chunks are kept as they are (CRC included); eXIf, tEXt, zTXt, iTXt, tIME and every other ancillary chunk are
/// dropped. Bytes after IEND are dropped. Critical chunks must have a correct CRC.
/// </summary>
internal static class PngMetadataStripper
{
    private const int ChunkOverhead = 12; // length, type, CRC

    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Ancillary chunks kept: colour space and transparency (tRNS gAMA cHRM sRGB iCCP sBIT bKGD pHYs, and the newer
    /// cICP/mDCv/cLLi that describe HDR colour) and APNG (acTL fcTL fdAT).
    /// </summary>
    private static readonly HashSet<string> KeptAncillary =
        ["tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "bKGD", "pHYs", "cICP", "mDCv", "cLLi", "acTL", "fcTL", "fdAT"];

    public static byte[] Strip(ReadOnlySpan<byte> data)
    {
        if (!data.StartsWith(Signature))
        {
            throw new HeaderCorruptException("the data does not start with the PNG signature");
        }

        var output = new StrippedOutput(data.Length);
        output.Append(Signature);
        int position = Signature.Length;
        while (true)
        {
            if (data.Length - position < ChunkOverhead)
            {
                throw new PixelDataCorruptException($"the data ends after {data.Length} bytes, before the IEND chunk");
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
            ReadOnlySpan<byte> type = data.Slice(position + 4, 4);
            if (length > int.MaxValue || length > (uint)(data.Length - position - ChunkOverhead))
            {
                throw new PixelDataCorruptException($"the {FourCc.ToText(type)} chunk at byte {position} declares {length} bytes, more than the data holds");
            }

            if (!IsChunkType(type))
            {
                throw new HeaderCorruptException($"the chunk at byte {position} has an invalid type");
            }

            int end = position + ChunkOverhead + (int)length;
            bool critical = (type[0] & 0x20) == 0; // upper-case first letter
            if (critical && PngCrc.Compute(data[(position + 4)..(end - 4)]) != BinaryPrimitives.ReadUInt32BigEndian(data[(end - 4)..]))
            {
                // The pixels are not decoded on this path, so the CRC is the only sign of damage the model would otherwise get.
                throw new PixelDataCorruptException($"the CRC of the {FourCc.ToText(type)} chunk at byte {position} does not match its data");
            }

            if (critical || KeptAncillary.Contains(FourCc.ToText(type)))
            {
                output.Append(data[position..end]);
            }

            position = end;
            if (type.SequenceEqual("IEND"u8))
            {
                return output.ToArray();
            }
        }
    }

    private static bool IsChunkType(ReadOnlySpan<byte> type)
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
